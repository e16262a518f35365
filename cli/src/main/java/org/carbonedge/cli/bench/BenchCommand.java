package org.carbonedge.cli.bench;

import picocli.CommandLine.Command;

/** {@code carbonedge bench}: benchmarks that print figures, each ending with one machine-readable line. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures (human-readable table, then bench=... lines).",
        subcommands = {BenchPartitionCommand.class, BenchScorerCommand.class, BenchParseCommand.class,
                BenchSerdeCommand.class, BenchPipelineCommand.class, BenchLatencyCommand.class, org.carbonedge.cli.feed.BenchReplayCommand.class})
public final class BenchCommand {
}
