package dev.mirrorline.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;

/**
 * Draws the history of three pairs over a quarter of an hour (an outage and its resync, a drill
 * with a failover and a failback and a resync still running, short blips) and exports it as
 * {@code timeline-widget.png} among the test screenshots, to be looked at; checks the picture's
 * size and that the legend is in it.
 */
class TimelinePictureTest extends TimelineFixture {

    private static final long START = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();

    @Test
    void aQuarterOfAnHourOfThreePairsExportsToAPictureWithTheLegend() throws Exception {
        SortedTimelineModel history = history();
        clock.set(START + 14 * MINUTE + 20_000);
        Shell picture = driver.onUi(() -> {
            Shell created = new Shell(display, SWT.SHELL_TRIM);
            created.setLayout(new FillLayout());
            TimelineWidget timeline = new TimelineWidget(created, SWT.NONE);
            timeline.setZone(ZoneOffset.UTC);
            timeline.setClock(clock::get);
            timeline.setModel(history);
            timeline.setVisibleRange(START - 20_000, START + 15 * MINUTE);
            created.setBounds(30, 30, 1200, 430);
            created.open();
            timeline.setSelection("db-01", history.item("db-01", TimelineRow.DRILL, "d3"));
            return created;
        });
        driver.activate(picture);
        TimelineWidget timeline = driver.onUi(() -> (TimelineWidget) picture.getChildren()[0]);
        driver.waitUntil("the timeline has its size", () -> timeline.getScale().width() > 800);
        Path file = Path.of(System.getProperty("mirrorline.screenshots", "target/screenshots"), "timeline-widget.png");
        Files.createDirectories(file.getParent());

        driver.onUi(() -> {
            try {
                timeline.exportPng(file);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });

        ImageData image = new ImageLoader().load(file.toString())[0];
        Rectangle client = driver.onUi(() -> timeline.getClientArea());
        assertEquals(client.width, image.width);
        assertEquals(client.height, image.height);
        // The legend's first swatch, the connected link's green line, sits at the bottom left.
        boolean legendGreen = false;
        for (int y = image.height - 30; y < image.height; y++) {
            for (int x = 0; x < 40; x++) {
                legendGreen |= pixel(image, x, y).equals(TimelinePalette.CONNECTED);
            }
        }
        assertTrue(legendGreen, "the legend's connected swatch");
        System.out.println("Timeline picture: " + file);
    }

    private static SortedTimelineModel history() {
        SortedTimelineModel model = new SortedTimelineModel();
        model.putLane(new TimelineLane("demo", "demo"));
        model.putLane(new TimelineLane("db-01", "db-01 \u2192 dr-site"));
        model.putLane(new TimelineLane("files", "files"));

        long down = START + 3 * MINUTE + 10_000;
        long up = down + 2 * MINUTE + 40_000;
        long resynced = up + 75_000;
        model.putAll("demo", List.of(
                new LinkSpan("c1", START - 5 * MINUTE, down, LinkSpan.State.CONNECTED, ""),
                new LinkSpan("i1", down, up, LinkSpan.State.INTERRUPTED, "link timeout after 5 s"),
                new LinkSpan("c2", up, TimelineItem.OPEN, LinkSpan.State.CONNECTED, ""),
                new WriteFreeze("f1", down, 380_000),
                new SnapshotSpan("s1", down, resynced, "outage-1", 48L << 20),
                new ResyncSpan("r1", up, resynced, 48L << 20, 48L << 20, (48L << 20) / 75.0)));

        long cut = START + 9 * MINUTE + 30_000;
        List<TimelineItem> drill = new ArrayList<>(List.of(
                new LinkSpan("c1", START - 5 * MINUTE, cut, LinkSpan.State.CONNECTED, ""),
                new LinkSpan("i1", cut, cut + 3 * MINUTE, LinkSpan.State.INTERRUPTED, "drill: link cut"),
                new LinkSpan("c2", cut + 3 * MINUTE, TimelineItem.OPEN, LinkSpan.State.CONNECTED, ""),
                new DrillStep("d1", cut, "Cut link", "with load"),
                new WriteFreeze("f1", cut, 610_000),
                new DrillStep("d2", cut + 40_000, "Promote", "RTO 1.8 s"),
                new DrillStep("d3", cut + 100_000, "Verify", "SHA-256 equal"),
                new DrillStep("d4", cut + 150_000, "Failback", ""),
                new SnapshotSpan("s1", cut, TimelineItem.OPEN, "outage-2", 212L << 20),
                new ResyncSpan("r1", cut + 3 * MINUTE, TimelineItem.OPEN, 131L << 20, 212L << 20, 1.6 * (1 << 20))));
        model.putAll("db-01", drill);

        List<TimelineItem> blips = new ArrayList<>();
        long time = START - 5 * MINUTE;
        for (int i = 0; i < 6; i++) {
            long blip = START + (i * 2 + 1) * MINUTE + i * 7_000;
            blips.add(new LinkSpan("c" + i, time, blip, LinkSpan.State.CONNECTED, ""));
            long back = blip + 4_000 + i * 1_500;
            blips.add(new LinkSpan("i" + i, blip, back, LinkSpan.State.INTERRUPTED, "peer reset"));
            blips.add(new WriteFreeze("f" + i, blip, 250_000 + i * 40_000));
            blips.add(new SnapshotSpan("s" + i, blip, back + 3_000, "blip-" + i, (i + 1) * 3L << 20));
            blips.add(new ResyncSpan("r" + i, back, back + 3_000, (i + 1) * 3L << 20, (i + 1) * 3L << 20, 4e6));
            time = back;
        }
        blips.add(new LinkSpan("c-last", time, TimelineItem.OPEN, LinkSpan.State.CONNECTED, ""));
        model.putAll("files", blips);
        return model;
    }
}
