package dev.mirrorline.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SortedTimelineModelTest {

    private final SortedTimelineModel model = new SortedTimelineModel();

    @Test
    void aRangeQueryReturnsTheSpansThatOverlapItAndTheMarkersInsideIt() {
        model.put("a", new LinkSpan("c1", 0, 100, LinkSpan.State.CONNECTED, ""));
        model.put("a", new LinkSpan("i1", 100, 160, LinkSpan.State.INTERRUPTED, "cut"));
        model.put("a", new LinkSpan("c2", 160, TimelineItem.OPEN, LinkSpan.State.CONNECTED, ""));
        model.put("a", new WriteFreeze("f1", 100, 300_000));
        model.put("a", new SnapshotSpan("s1", 100, 170, "snap", 4096));

        assertEquals(List.of("c1"), ids(model.itemsIn("a", 0, 100, 1)));
        assertEquals(List.of("f1", "i1", "s1"), ids(model.itemsIn("a", 100, 101, 1)));
        assertEquals(List.of("c1"), ids(model.itemsIn("a", 99, 100, 1)));
        assertEquals(List.of("c2", "i1", "s1"), ids(model.itemsIn("a", 150, 165, 1)));
        assertEquals(List.of("c2"), ids(model.itemsIn("a", 10_000, 10_001, 1)));
        assertEquals(List.of(), model.itemsIn("a", 50, 60, 1).stream().filter(i -> i.row() != TimelineRow.LINK).toList());
        assertEquals(List.of(), model.itemsIn("unknown", 0, 1000, 1));
    }

    @Test
    void rangeQueriesAgreeWithAScanOfAllItemsOnARandomHistory() {
        Random random = new Random(42);
        List<TimelineItem> all = new ArrayList<>();
        long time = 0;
        for (int i = 0; i < 3000; i++) {
            time += random.nextInt(50);
            TimelineItem item = switch (random.nextInt(4)) {
            case 0 -> new WriteFreeze("f" + i, time, random.nextInt(1_000_000));
            case 1 -> new SnapshotSpan("s" + i, time, random.nextInt(20) == 0 ? TimelineItem.OPEN
                    : time + random.nextInt(2000), "s", 1);
            case 2 -> new ResyncSpan("r" + i, time - random.nextInt(40), time + random.nextInt(300), 1, 2, 3);
            default -> new DrillStep("d" + i, time, "step", "");
            };
            all.add(item);
        }
        // Shuffled arrival: the index must not rely on items coming in order.
        List<TimelineItem> arrival = new ArrayList<>(all);
        Collections.shuffle(arrival, random);
        arrival.forEach(item -> model.put("lane", item));

        for (int query = 0; query < 500; query++) {
            long from = random.nextInt((int) time + 100) - 50;
            long to = from + random.nextInt(query % 10 == 0 ? 20_000 : 300);
            List<String> expected = new ArrayList<>();
            for (TimelineItem item : all) {
                boolean overlaps = item.isMarker() ? item.start() >= from && item.start() < to
                        : item.start() < to && (item.isOpen() || item.end() > from);
                if (overlaps) {
                    expected.add(item.id());
                }
            }
            List<TimelineItem> found = model.itemsIn("lane", from, to, 1);
            assertEquals(sorted(expected), sorted(ids(found)), "range [" + from + ", " + to + ")");
            for (TimelineRow row : TimelineRow.values()) {
                List<TimelineItem> ofRow = found.stream().filter(item -> item.row() == row).toList();
                for (int i = 1; i < ofRow.size(); i++) {
                    assertTrue(ofRow.get(i - 1).start() <= ofRow.get(i).start(), "row " + row + " ordered by start");
                }
            }
        }
    }

    @Test
    void anItemWithAnExistingIdReplacesItAndTheOldRangeIsNoLongerAnswered() {
        model.put("a", new SnapshotSpan("s", 100, TimelineItem.OPEN, "snap", 0));
        model.put("a", new SnapshotSpan("s", 100, 200, "snap", 8192));

        assertEquals(List.of(), model.itemsIn("a", 300, 400, 1));
        assertEquals(List.of(new SnapshotSpan("s", 100, 200, "snap", 8192)), model.itemsIn("a", 150, 160, 1));
        assertEquals(1, model.size());
        assertEquals(8192, ((SnapshotSpan) model.item("a", TimelineRow.SNAPSHOT, "s")).sizeBytes());

        model.put("a", new SnapshotSpan("s", 50, 60, "snap", 1));
        assertEquals(List.of(), model.itemsIn("a", 150, 160, 1));
        assertEquals(1, model.itemsIn("a", 55, 56, 1).size());
    }

    @Test
    void listenersHearTheLaneAndTheRangeEachChangeTouched() {
        List<String> heard = new ArrayList<>();
        model.addListener(new TimelineModelListener() {
            @Override
            public void itemsChanged(String laneId, long from, long to) {
                heard.add(laneId + " " + from + ".." + (to == TimelineItem.OPEN ? "open" : to));
            }

            @Override
            public void lanesChanged() {
                heard.add("lanes");
            }
        });

        model.put("a", new ResyncSpan("r", 100, TimelineItem.OPEN, 0, 10, 0));
        model.put("a", new ResyncSpan("r", 100, 250, 10, 10, 5));
        model.putAll("b", List.of(new WriteFreeze("f", 40, 1), new DrillStep("d", 70, "cut", "")));
        model.putLane(new TimelineLane("a", "Pair A"));

        assertEquals(List.of("lanes", "a 100..open", "a 100..open", "lanes", "b 40..70", "lanes"), heard);
        assertEquals(List.of(new TimelineLane("a", "Pair A"), new TimelineLane("b", "b")), model.lanes());
    }

    @Test
    void theExtentRunsFromTheEarliestStartToTheLatestTimeKnown() {
        assertNull(model.extent());
        model.put("a", new LinkSpan("c", 1000, 5000, LinkSpan.State.CONNECTED, ""));
        model.put("b", new WriteFreeze("f", 400, 1));
        model.put("b", new SnapshotSpan("s", 6000, TimelineItem.OPEN, "snap", 1));

        assertArrayEquals(new long[] { 400, 6000 }, model.extent());

        model.put("b", new SnapshotSpan("s", 6000, 9000, "snap", 1));
        assertArrayEquals(new long[] { 400, 9000 }, model.extent());
        model.put("b", new SnapshotSpan("s", 6000, 7000, "snap", 1));
        assertArrayEquals(new long[] { 400, 7000 }, model.extent());
    }

    private static List<String> ids(List<TimelineItem> items) {
        return items.stream().map(TimelineItem::id).sorted().toList();
    }

    private static List<String> sorted(List<String> ids) {
        return ids.stream().sorted(Comparator.naturalOrder()).toList();
    }
}
