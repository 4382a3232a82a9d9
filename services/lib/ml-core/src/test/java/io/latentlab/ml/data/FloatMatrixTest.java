package io.latentlab.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FloatMatrixTest {

    private final FloatMatrix m = new FloatMatrix(3, 2, new float[] {1, 2, 3, 4, 5, 6});

    @Test
    void getIsRowMajor() {
        assertThat(m.get(0, 1)).isEqualTo(2f);
        assertThat(m.get(2, 0)).isEqualTo(5f);
        assertThatThrownBy(() -> m.get(3, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void rowsAtPicksRowsInOrder() {
        FloatMatrix picked = m.rowsAt(new int[] {2, 0, 2});
        assertThat(picked.rows()).isEqualTo(3);
        assertThat(picked.data()).containsExactly(5, 6, 1, 2, 5, 6);
    }

    @Test
    void constructorRejectsWrongLength() {
        assertThatThrownBy(() -> new FloatMatrix(2, 2, new float[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2x2");
    }

    @Test
    void zerosHasShape() {
        FloatMatrix z = FloatMatrix.zeros(4, 5);
        assertThat(z.data()).hasSize(20).containsOnly(0f);
    }

    @Test
    void equalityIsByContent() {
        assertThat(m).isEqualTo(new FloatMatrix(3, 2, new float[] {1, 2, 3, 4, 5, 6}));
        assertThat(m).isNotEqualTo(new FloatMatrix(2, 3, new float[] {1, 2, 3, 4, 5, 6}));
    }
}
