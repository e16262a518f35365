package org.carbonedge.pipeline;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole embedded pipeline — broker, registry, telemetry rollup, three executors, demo feed, router and emissions
 * jobs on MiniClusters: N requests under each policy give exactly N emission records (read_committed), all OK,
 * with energy and carbon accounted ({@link PipelineScenario}).
 */
class PipelineEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void everyRequestUnderEveryPolicyEndsInExactlyOneEmissionRecord() throws Exception {
        EmbeddedPipeline.Options options = EmbeddedPipeline.Options.defaults(dir).withPorts(0, 0);
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(options)) {
            PipelineScenario.everyRequestEndsInExactlyOneEmissionRecord(pipeline, 4);
        }
    }
}
