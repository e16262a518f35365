package org.carbonedge.jobs.router;

import java.io.Serializable;

import org.carbonedge.avro.InferenceRequest;
import org.carbonedge.common.ClientSettings;

/**
 * Reads a held request back from its position in {@code carbonedge.validated-requests} at its release. Created
 * in the operator's {@code open} from a serializable {@link Factory}: Kafka in production
 * ({@link KafkaHeldRequestReader}), a map in tests.
 */
public interface HeldRequestReader extends AutoCloseable {

    /**
     * The request at {@code partition}/{@code offset}.
     *
     * @throws HeldRequestUnreadable when it is gone (retention), unreadable, or another request
     */
    InferenceRequest read(String requestId, int partition, long offset);

    @Override
    default void close() {
    }

    /** Creates the reader of a running operator. */
    @FunctionalInterface
    interface Factory extends Serializable {
        HeldRequestReader create();

        /** Reads from the Kafka cluster and registry of {@code settings}. */
        static Factory kafka(ClientSettings settings) {
            return () -> new KafkaHeldRequestReader(settings);
        }
    }

    /** Why a held request could not be read back; its request then ends REJECTED with this reason. */
    final class HeldRequestUnreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public HeldRequestUnreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
