package io.latentlab.kit.chart;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimelineChartTest {

    @Test
    void eachJobTakesTheLowestRowFreeWhenItStarts() {
        List<TimelineChart.Bar> bars = List.of(
                new TimelineChart.Bar("ae3-k256", "ae3", true, 0, 10_000),
                new TimelineChart.Bar("pca-k64", "pca", true, 0, 2_000),
                new TimelineChart.Bar("pca-k64-A1", "pca", false, 2_000, 5_000),
                new TimelineChart.Bar("ae3-k256-A1", "ae3", false, 10_000, 12_000),
                new TimelineChart.Bar("pca-k32", "pca", true, 3_000, 4_000));

        // two slots' worth of rows: the classifier of pca-k64 follows it in its row; pca-k32 needs a third
        assertThat(TimelineChart.rows(bars)).containsExactly(0, 1, 1, 0, 2);
    }

    @Test
    void thePictureHasABarWithItsTimeForEveryJobAndALegendOfFamilies() {
        String svg = TimelineChart.svg(List.of(
                new TimelineChart.Bar("ae3-k256", "ae3", true, 1_000, 11_000),
                new TimelineChart.Bar("ae3-k256-A1", "ae3", false, 11_000, 13_500)), 0, 14_000, "Run timeline");

        assertThat(svg).startsWith("<svg").endsWith("</svg>")
                .contains("<title>ae3-k256: 10.0 s (from 1.0 s)</title>")
                .contains("<title>ae3-k256-A1: 2.5 s (from 11.0 s)</title>")
                .contains("slot 1").doesNotContain("slot 2")
                .contains(">ae3</text>");
    }

    @Test
    void familiesComeFromTheJobIds() {
        assertThat(TimelineChart.family("ae3-k256-A1")).isEqualTo("ae3");
        assertThat(TimelineChart.family("dae20-k256-s2")).isEqualTo("dae");
        assertThat(TimelineChart.family("noise-dae40")).isEqualTo("noise");
        assertThat(TimelineChart.family("raw-A2")).isEqualTo("raw");
    }

    @Test
    void aBarMayNotEndBeforeItStarts() {
        assertThatThrownBy(() -> new TimelineChart.Bar("x", "pca", true, 5, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
