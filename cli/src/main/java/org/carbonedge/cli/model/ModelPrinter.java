package org.carbonedge.cli.model;

import org.carbonedge.avro.PartitionSpec;
import org.carbonedge.executor.model.partition.SplitModel;

/** One line per part of a split model, then the manifest's path. */
final class ModelPrinter {

    private ModelPrinter() {
    }

    static void print(SplitModel split) {
        for (PartitionSpec p : split.manifest().getPartitions()) {
            System.out.printf("part=%d file=%s macs=%d parameter_bytes=%d output_bytes=%d nodes=%d%n", p.getIndex(),
                    p.getFile(), p.getMacs(), p.getParameterBytes(), p.getOutputBytes(), p.getNodeCount());
        }
        System.out.println("manifest=" + split.directory().resolve("manifest.json"));
    }
}
