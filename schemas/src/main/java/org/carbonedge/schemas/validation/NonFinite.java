package org.carbonedge.schemas.validation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.carbonedge.avro.TensorDataType;

/**
 * Finds NaN and ±Infinity in a tensor's bytes (little-endian, as tensors travel), for the validator's default refusal
 * of non-finite inputs. Reads the buffer without moving its position. Integer and boolean tensors have no such
 * values.
 */
final class NonFinite {

    /** Float16 exponent bits: all ones means ±Infinity or NaN. */
    private static final int HALF_EXPONENT = 0x7C00;

    private NonFinite() {
    }

    /** Index of the first NaN or infinite element of {@code data} read as {@code type}, or -1 when there is none. */
    static long firstIndex(TensorDataType type, ByteBuffer data) {
        if (data == null) {
            return -1;
        }
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int start = b.position();
        switch (type) {
            case FLOAT32 -> {
                for (int i = start; i + 4 <= b.limit(); i += 4) {
                    if (!Float.isFinite(b.getFloat(i))) {
                        return (i - start) / 4;
                    }
                }
            }
            case FLOAT64 -> {
                for (int i = start; i + 8 <= b.limit(); i += 8) {
                    if (!Double.isFinite(b.getDouble(i))) {
                        return (i - start) / 8;
                    }
                }
            }
            case FLOAT16 -> {
                for (int i = start; i + 2 <= b.limit(); i += 2) {
                    if ((b.getShort(i) & HALF_EXPONENT) == HALF_EXPONENT) {
                        return (i - start) / 2;
                    }
                }
            }
            default -> {
                return -1;
            }
        }
        return -1;
    }
}
