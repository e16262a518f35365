package org.carbonedge.ingest.gateway;

/**
 * IEEE 754 half precision (float16) to and from float, for JSON values of FLOAT16 tensors (Java 17 has no
 * {@code Float.float16ToFloat}). Rounds to nearest even; out-of-range values become infinities.
 */
public final class HalfFloat {

    private HalfFloat() {
    }

    public static float toFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0) {
            float v = mantissa * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        if (exponent == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int magnitude = bits & 0x7fffffff;
        if (magnitude >= 0x7f800000) {
            return (short) (sign | 0x7c00 | (magnitude > 0x7f800000 ? 0x200 : 0));
        }
        if (magnitude >= 0x477ff000) { // 65520 and above round to infinity
            return (short) (sign | 0x7c00);
        }
        if (magnitude < 0x38800000) { // below 2^-14: subnormal half
            return (short) (sign | (int) Math.rint(Float.intBitsToFloat(magnitude) * 0x1p24f));
        }
        int half = (((magnitude >>> 23) - 112) << 10) | ((magnitude & 0x7fffff) >>> 13);
        int rest = magnitude & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++;
        }
        return (short) (sign | half);
    }
}
