package org.carbonedge.cli.experiment;

import picocli.CommandLine.Command;

/** {@code carbonedge experiment}: evaluations that print tables and machine-readable lines. */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = "Reproduce the paper's evaluation and compare policies on real grid traces.",
        subcommands = {ExperimentPaperCommand.class, ExperimentTraceCommand.class, ExperimentShiftCommand.class,
                ExperimentVariantsCommand.class})
public final class ExperimentCommand {
}
