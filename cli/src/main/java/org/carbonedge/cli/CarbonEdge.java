package org.carbonedge.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code carbonedge} command. Every subcommand is its own class; this one only wires them and makes errors
 * look the same everywhere: a bad argument is one line on stderr and exit code 2, a failure at run time is one
 * line and exit code 1 (set {@code CARBONEDGE_DEBUG=1} for the stack trace).
 */
@Command(name = "carbonedge", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Carbon-aware deep-learning inference at the edge (Kafka + Flink + ONNX Runtime).",
        subcommands = {UpCommand.class, StatusCommand.class, org.carbonedge.cli.experiment.DemoCommand.class, InitCommand.class, ExecutorCommand.class, RollupCommand.class, ValidateCommand.class, LedgerCommand.class, RegistryCommand.class, org.carbonedge.cli.model.ModelCommand.class,
                org.carbonedge.cli.bench.BenchCommand.class, org.carbonedge.cli.experiment.ExperimentCommand.class, org.carbonedge.cli.feed.ReplayCommand.class,
                org.carbonedge.cli.feed.FeedCommand.class, org.carbonedge.cli.io.PublishCommand.class,
                org.carbonedge.cli.io.SubscribeCommand.class, org.carbonedge.cli.io.GatewayCommand.class, org.carbonedge.cli.cluster.ClusterCommand.class,
                CommandLine.HelpCommand.class})
public final class CarbonEdge implements Runnable {

    /** Exit code of a usage error (bad option, missing argument). */
    public static final int EXIT_USAGE = 2;
    /** Exit code of a failure at run time. */
    public static final int EXIT_FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        ProcessScratch.adopt();
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CarbonEdge());
        cli.setParameterExceptionHandler((ex, argv) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            String command = ex.getCommandLine().getCommandSpec().qualifiedName();
            err.println(command + ": " + ex.getMessage() + " (see '" + command + " --help')");
            err.flush();
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println(commandLine.getCommandSpec().qualifiedName() + ": " + oneLine(ex));
            if (System.getenv("CARBONEDGE_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            err.flush();
            return ex instanceof UsageException ? EXIT_USAGE : EXIT_FAILURE;
        });
        return cli;
    }

    private static String oneLine(Throwable ex) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }
}
