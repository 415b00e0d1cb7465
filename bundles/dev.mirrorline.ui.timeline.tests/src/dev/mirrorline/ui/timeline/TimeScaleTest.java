package dev.mirrorline.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TimeScaleTest {

    private static final long T0 = 1_772_366_400_000L;

    @Test
    void timeAndXAreInverseAcrossThePlot() {
        TimeScale scale = new TimeScale(T0, 60_000, 1200);

        assertEquals(0, scale.x(T0));
        assertEquals(1200, scale.x(T0 + 60_000));
        assertEquals(600, scale.x(T0 + 30_000));
        assertEquals(-20, scale.x(T0 - 1000));
        for (int x = 0; x <= 1200; x += 37) {
            assertEquals(x, scale.x(scale.time(x)), 0.5 * 1200 / 60_000.0 + 1e-9, "x " + x);
        }
        assertEquals(50, scale.resolution());
        assertEquals(50, scale.duration(1));
    }

    @Test
    void zoomingKeepsTheTimeUnderTheAnchorInPlace() {
        TimeScale scale = new TimeScale(T0, 600_000, 1000);
        long anchored = scale.time(250);

        TimeScale in = scale.zoomed(0.5, 250);
        TimeScale out = scale.zoomed(4, 250);

        assertEquals(300_000, in.span());
        assertEquals(anchored, in.time(250));
        assertEquals(2_400_000, out.span());
        assertEquals(anchored, out.time(250));
    }

    @Test
    void zoomingStopsAtTheNarrowestAndWidestSpans() {
        TimeScale scale = new TimeScale(T0, 100, 1000);

        assertEquals(TimeScale.MIN_SPAN, scale.zoomed(0.001, 500).span());
        assertEquals(TimeScale.MAX_SPAN, scale.zoomed(1e15, 500).span());
    }

    @Test
    void panningRightShowsEarlierTimesByTheTimeOfThosePixels() {
        TimeScale scale = new TimeScale(T0, 10_000, 1000);

        assertEquals(T0 - 1000, scale.panned(100).start());
        assertEquals(T0 + 2500, scale.panned(-250).start());
        assertEquals(10_000, scale.panned(100).span());
    }

    @Test
    void aWiderPlotShowsMoreTimeAtTheSameResolution() {
        TimeScale scale = new TimeScale(T0, 10_000, 1000);

        TimeScale wider = scale.withWidth(1500);

        assertEquals(T0, wider.start());
        assertEquals(15_000, wider.span());
        assertEquals(scale.resolution(), wider.resolution());
    }

    @Test
    void fittingAddsTheMarginOnBothSidesAndARangeTooShortIsWidenedAroundItsMiddle() {
        TimeScale fitted = TimeScale.fitting(T0, T0 + 100_000, 800, 0.05);
        TimeScale tiny = TimeScale.of(T0, T0 + 2, 800);

        assertEquals(T0 - 5000, fitted.start());
        assertEquals(T0 + 105_000, fitted.end());
        assertEquals(TimeScale.MIN_SPAN, tiny.span());
        assertEquals(T0 + 1, tiny.start() + tiny.span() / 2);
    }

    @Test
    void spansOutsideTheLimitsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TimeScale(T0, TimeScale.MIN_SPAN - 1, 100));
        assertThrows(IllegalArgumentException.class, () -> new TimeScale(T0, 1000, 0));
    }
}
