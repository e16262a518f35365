package org.carbonedge.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.carbonedge.avro.ModelManifest;
import org.carbonedge.avro.Tensor;
import org.carbonedge.avro.TensorDataType;
import org.carbonedge.avro.TensorSpec;
import org.carbonedge.ingest.fixtures.IngestFixtures;
import org.junit.jupiter.api.Test;

class TensorJsonTest {

    private static Tensor decode(String json, TensorDataType dtype, long... shape) {
        ModelManifest m = IngestFixtures.manifest("m");
        List<Long> dims = java.util.Arrays.stream(shape).boxed().toList();
        m.setInputs(List.of(new TensorSpec("t", dtype, dims)));
        return TensorJson.decode(GatewayJson.read(json.getBytes(), "test"), "inputs[0]", m);
    }

    @Test
    void valuesOfEveryDtypeRoundTrip() {
        for (TensorDataType dtype : TensorDataType.values()) {
            Tensor t = decode("{\"values\":[[0,1],[1,0]]}", dtype, 2, 2);
            assertThat(t.getShape()).containsExactly(2L, 2L);
            assertThat(TensorJson.values(t)).as(dtype.name()).extracting(Number::doubleValue).containsExactly(0.0, 1.0, 1.0, 0.0);
        }
        assertThat(TensorJson.values(decode("{\"values\":[-128, 127]}", TensorDataType.INT8, 2))).containsExactly(-128, 127);
        assertThat(TensorJson.values(decode("{\"values\":[255, 3.0]}", TensorDataType.UINT8, 2))).containsExactly(255, 3);
        assertThat(TensorJson.values(decode("{\"values\":[true, false]}", TensorDataType.BOOL, 2))).containsExactly(1, 0);
        assertThat(TensorJson.values(decode("{\"values\":[9007199254740993]}", TensorDataType.INT64, 1))).containsExactly(9007199254740993L);
        assertThat(TensorJson.values(decode("{\"values\":[0.1, -2.5]}", TensorDataType.FLOAT64, 2))).containsExactly(0.1, -2.5);
        assertThat(TensorJson.values(decode("{\"values\":[0.1, -2.5]}", TensorDataType.FLOAT16, 2)))
                .containsExactly(0.099975586f, -2.5f);
    }

    @Test
    void integersMustFitTheirDtype() {
        assertThatThrownBy(() -> decode("{\"values\":[128]}", TensorDataType.INT8, 1))
                .hasMessage("inputs[0].values[0] = 128 is out of range for INT8 [-128, 127]");
        assertThatThrownBy(() -> decode("{\"values\":[1.5]}", TensorDataType.INT32, 1))
                .hasMessage("inputs[0].values[0] must be an integer for INT32, was 1.5");
        assertThatThrownBy(() -> decode("{\"values\":[true]}", TensorDataType.FLOAT32, 1))
                .hasMessage("inputs[0].values[0] must be a number, was true");
    }

    @Test
    void halfFloatsConvertLikeIeee() {
        assertThat(HalfFloat.fromFloat(1.0f)).isEqualTo((short) 0x3c00);
        assertThat(HalfFloat.fromFloat(-2.0f)).isEqualTo((short) 0xc000);
        assertThat(HalfFloat.fromFloat(65504f)).isEqualTo((short) 0x7bff);
        assertThat(HalfFloat.fromFloat(70000f)).isEqualTo((short) 0x7c00);
        assertThat(HalfFloat.fromFloat(0x1p-24f)).isEqualTo((short) 0x0001);
        assertThat(HalfFloat.fromFloat(0x1p-14f)).isEqualTo((short) 0x0400);
        assertThat(HalfFloat.toFloat((short) 0x3555)).isEqualTo(0.33325195f);
        assertThat(HalfFloat.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Float.isNaN(HalfFloat.toFloat(HalfFloat.fromFloat(Float.NaN)))).isTrue();
        for (int bits = 0; bits < 0x7c00; bits++) { // every finite positive half survives the round trip
            assertThat(HalfFloat.fromFloat(HalfFloat.toFloat((short) bits))).isEqualTo((short) bits);
        }
    }
}
