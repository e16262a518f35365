package org.carbonedge.cli.model;

import picocli.CommandLine.Command;

/** {@code carbonedge model}: build, split, verify and register partitioned models. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Build, split, verify and register partitioned ONNX models.",
        subcommands = {ModelBuildCommand.class, ModelSplitCommand.class, ModelVerifyCommand.class, ModelAddCommand.class})
public final class ModelCommand {
}
