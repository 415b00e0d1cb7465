package dev.mirrorline.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.ToIntFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeAxisTest {

    /** Seven pixels a character, like a small proportional font's digits. */
    private static final ToIntFunction<String> TEXT = text -> 7 * text.length();
    private static final long T0 = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
    private final TimeAxis axis = new TimeAxis(ZoneOffset.UTC);

    @ParameterizedTest(name = "span {0} ms")
    @ValueSource(longs = { 10, 25, 100, 400, 1_000, 7_000, 45_000, 60_000, 600_000, 3_600_000, 14_400_000, 86_400_000,
            7 * 86_400_000L, 90 * 86_400_000L, 3 * 365 * 86_400_000L, 19 * 365 * 86_400_000L })
    void atEveryZoomLevelTheLabelsFitBetweenTicksAndAdjacentLabelsDiffer(long span) {
        TimeScale scale = new TimeScale(T0 + 123, span, 1000);

        TimeAxis.Ticks ticks = axis.ticks(scale, TEXT);

        List<TimeAxis.Tick> list = ticks.ticks();
        assertTrue(list.size() >= 2, () -> "at least two ticks, got " + list);
        for (int i = 1; i < list.size(); i++) {
            TimeAxis.Tick previous = list.get(i - 1);
            TimeAxis.Tick tick = list.get(i);
            assertEquals(ticks.step(), tick.time() - previous.time());
            assertTrue(tick.x() - previous.x() >= TEXT.applyAsInt(tick.label()) + 4,
                    () -> "labels overlap: " + previous + " " + tick);
            assertNotEquals(previous.label(), tick.label());
        }
        for (TimeAxis.Tick tick : list) {
            assertTrue(tick.x() >= 0 && tick.x() <= 1000, () -> "tick outside the plot: " + tick);
            // In UTC, round local times are multiples of the step since the epoch.
            assertEquals(0, Math.floorMod(tick.time(), ticks.step()), () -> "tick not on a round time: " + tick);
        }
    }

    @Test
    void theStepIsTheSmallestRoundStepWhoseLabelsFit() {
        // 10 s over 1000 px: 100 px a second; "00:00:00" is 56 px + 12 of gap, so one second fits
        // and 500 ms ("00:00:00.000", 84 + 12 px, needs 96 px: 50 px) does not.
        assertEquals(1000, axis.step(new TimeScale(T0, 10_000, 1000), TEXT));
        // 100 ms over 1000 px: 10 px a millisecond; 96 px needs a 10 ms step.
        assertEquals(10, axis.step(new TimeScale(T0, 100, 1000), TEXT));
        // A day over 1000 px: "00:00" needs 47 px, 1 h is 41.7 px, 2 h is 83 px.
        assertEquals(2 * 3_600_000, axis.step(new TimeScale(T0, 86_400_000, 1000), TEXT));
        // A year over 1000 px: "0000-00-00" needs 82 px; 20 days are 54.8 px, 50 days 137 px.
        assertEquals(50 * 86_400_000L, axis.step(new TimeScale(T0, 365 * 86_400_000L, 1000), TEXT));
    }

    @Test
    void labelsAreAsPreciseAsTheStep() {
        assertEquals("12:00:01.000", axis.ticks(new TimeScale(T0 + 995, 100, 1000), TEXT).ticks().get(0).label());
        assertEquals("12:00:01", axis.ticks(new TimeScale(T0 + 500, 10_000, 1000), TEXT).ticks().get(0).label());
        assertEquals("14:00", axis.ticks(new TimeScale(T0 + 1, 86_400_000, 1000), TEXT).ticks().get(0).label());
        assertEquals("2026-04-07",
                axis.ticks(new TimeScale(T0, 365 * 86_400_000L, 1000), TEXT).ticks().get(0).label());
    }

    @Test
    void belowADayTheDateAtTheLeftEdgeAndAtEachMidnightGiveTheContext() {
        TimeScale scale = new TimeScale(Instant.parse("2026-03-01T20:00:00Z").toEpochMilli(), 36 * 3_600_000L, 1000);

        TimeAxis.Ticks ticks = axis.ticks(scale, TEXT);

        assertEquals(List.of("2026-03-01", "2026-03-02", "2026-03-03"),
                ticks.days().stream().map(TimeAxis.Tick::label).toList());
        assertEquals(0, ticks.days().get(0).x());
        assertEquals(Instant.parse("2026-03-02T00:00:00Z").toEpochMilli(), ticks.days().get(1).time());
        assertTrue(axis.ticks(new TimeScale(T0, 30 * 86_400_000L, 1000), TEXT).days().isEmpty());
    }

    @Test
    void ticksFallOnRoundTimesOfTheZoneEvenWithAHalfHourOffset() {
        TimeAxis kolkata = new TimeAxis(ZoneId.of("Asia/Kolkata"));
        TimeScale scale = new TimeScale(T0, 86_400_000, 1000);

        TimeAxis.Ticks ticks = kolkata.ticks(scale, TEXT);

        assertEquals(2 * 3_600_000, ticks.step());
        for (TimeAxis.Tick tick : ticks.ticks()) {
            var local = Instant.ofEpochMilli(tick.time()).atZone(kolkata.zone());
            assertEquals(0, local.getMinute(), tick::toString);
            assertEquals(0, local.getHour() % 2, tick::toString);
        }
        // 12:00 UTC is 17:30 in Kolkata: the first even local hour after it is 18:00.
        assertEquals("18:00", ticks.ticks().get(0).label());
        assertEquals("2026-03-02", ticks.days().get(ticks.days().size() - 1).label());
    }
}
