package dev.mirrorline.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class DescriptionsTest {

    private static final long T0 = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
    private static final TimelineLane LANE = new TimelineLane("p1", "demo");

    @Test
    void durationsSizesRatesAndPausesReadAsAPersonWouldWriteThem() {
        assertEquals("420 ms", Formats.duration(420));
        assertEquals("38.4 s", Formats.duration(38_400));
        assertEquals("1 min 7 s", Formats.duration(67_000));
        assertEquals("2 h 5 min", Formats.duration((2 * 60 + 5) * 60_000L));
        assertEquals("3 d 4 h", Formats.duration((3 * 24 + 4) * 3_600_000L));
        assertEquals("512 B", Formats.bytes(512));
        assertEquals("12.5 MiB", Formats.bytes(13_107_200));
        assertEquals("1.00 GiB", Formats.bytes(1L << 30));
        assertEquals("200 KiB", Formats.bytes(204_800));
        assertEquals("31.2 MiB/s", Formats.rate(31.2 * 1024 * 1024));
        assertEquals("0.412 ms", Formats.pause(412_000));
        assertEquals("3.20 ms", Formats.pause(3_200_000));
        assertEquals("2026-03-01 12:00:03.120", Formats.time(T0 + 3120, ZoneOffset.UTC));
    }

    @Test
    void aTooltipSaysWhatTheItemIsWhenAndItsFigures() {
        assertEquals("demo\nLink interrupted\nFrom 2026-03-01 12:01:00.000 to 2026-03-01 12:02:00.000 (1 min 0 s)"
                + "\nReason: link cut", ItemDescriptions.describe(LANE,
                        new LinkSpan("i", T0 + 60_000, T0 + 120_000, LinkSpan.State.INTERRUPTED, "link cut"), 0,
                        ZoneOffset.UTC));
        assertEquals("demo\nWrites frozen for 0.412 ms\nAt 2026-03-01 12:01:00.000", ItemDescriptions.describe(LANE,
                new WriteFreeze("f", T0 + 60_000, 412_000), 0, ZoneOffset.UTC));
        assertEquals("demo\nSnapshot snap-1: 12.5 MiB\nSince 2026-03-01 12:01:00.000 (1 min 30 s so far)",
                ItemDescriptions.describe(LANE, new SnapshotSpan("s", T0 + 60_000, TimelineItem.OPEN, "snap-1",
                        13_107_200), T0 + 150_000, ZoneOffset.UTC));
        assertEquals("demo\nResync: 5.00 MiB of 12.5 MiB sent (40%)\nSince 2026-03-01 12:02:00.000 (10.0 s so far)"
                + "\nRate: 512 KiB/s", ItemDescriptions.describe(LANE, new ResyncSpan("r", T0 + 120_000,
                        TimelineItem.OPEN, 5 << 20, 13_107_200, 512 * 1024), T0 + 130_000, ZoneOffset.UTC));
        assertEquals("demo\nDrill step: Cut the link\nAt 2026-03-01 12:00:50.000\nwith load",
                ItemDescriptions.describe(LANE, new DrillStep("d", T0 + 50_000, "Cut the link", "with load"), 0,
                        ZoneOffset.UTC));
    }

    @Test
    void aResyncIsDoneOnceItEndsAndHasNoProgressWhileItsTotalIsUnknown() {
        assertEquals(1.0, new ResyncSpan("r", 0, 10, 3, 7, 1).progress());
        assertEquals(0.0, new ResyncSpan("r", 0, TimelineItem.OPEN, 3, 0, 1).progress());
        assertEquals(0.25, new ResyncSpan("r", 0, TimelineItem.OPEN, 1, 4, 1).progress());
    }
}
