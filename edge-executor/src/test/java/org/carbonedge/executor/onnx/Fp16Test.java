package org.carbonedge.executor.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Fp16Test {
  @Test
  void knownBitPatterns() {
    assertEquals((short) 0x3c00, Fp16.fromFloat(1f));
    assertEquals((short) 0xc000, Fp16.fromFloat(-2f));
    assertEquals((short) 0x7bff, Fp16.fromFloat(65504f));
    assertEquals((short) 0x7c00, Fp16.fromFloat(70000f), "overflow goes to infinity");
    assertEquals((short) 0x0001, Fp16.fromFloat(0x1p-24f), "smallest subnormal");
    assertEquals((short) 0x0000, Fp16.fromFloat(0x1p-26f), "underflow to zero");
    assertEquals(1f, Fp16.toFloat((short) 0x3c00));
    assertEquals(0x1p-24f, Fp16.toFloat((short) 0x0001));
    assertEquals(Float.NEGATIVE_INFINITY, Fp16.toFloat((short) 0xfc00));
    assertTrue(Float.isNaN(Fp16.toFloat(Fp16.fromFloat(Float.NaN))));
  }

  @Test
  void roundsHalfToEven() {
    // 1 + 2^-11 lies exactly between 1 and 1 + 2^-10: ties go to the even mantissa (1.0)
    assertEquals((short) 0x3c00, Fp16.fromFloat(1f + 0x1p-11f));
    // 1 + 3·2^-11 lies between 1 + 2^-10 (odd) and 1 + 2^-9 (even): goes up
    assertEquals((short) 0x3c02, Fp16.fromFloat(1f + 3 * 0x1p-11f));
  }

  @Test
  void everyHalfValueRoundTrips() {
    for (int bits = 0; bits < 0x10000; bits++) {
      short h = (short) bits;
      float f = Fp16.toFloat(h);
      if (!Float.isNaN(f)) {
        assertEquals(h, Fp16.fromFloat(f), "bits " + Integer.toHexString(bits));
      }
    }
  }
}
