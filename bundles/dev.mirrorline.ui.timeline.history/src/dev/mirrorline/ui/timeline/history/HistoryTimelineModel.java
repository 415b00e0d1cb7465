package dev.mirrorline.ui.timeline.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EngineEvent.ChunksCopied;
import dev.mirrorline.engine.event.EngineEvent.LinkDown;
import dev.mirrorline.engine.event.EngineEvent.LinkRefused;
import dev.mirrorline.engine.event.EngineEvent.LinkUp;
import dev.mirrorline.engine.event.EngineEvent.ResyncFinished;
import dev.mirrorline.engine.event.EngineEvent.ResyncProgress;
import dev.mirrorline.engine.event.EngineEvent.ResyncStarted;
import dev.mirrorline.engine.event.EngineEvent.SnapshotCreated;
import dev.mirrorline.engine.event.EngineEvent.SnapshotDeleted;
import dev.mirrorline.engine.event.EngineEvent.WritesResumed;
import dev.mirrorline.history.EventHistory;
import dev.mirrorline.history.EventQuery;
import dev.mirrorline.history.RecordedEvent;
import dev.mirrorline.ui.timeline.SortedTimelineModel;
import dev.mirrorline.ui.timeline.TimelineItem;
import dev.mirrorline.ui.timeline.TimelineLane;
import dev.mirrorline.ui.timeline.TimelineModel;
import dev.mirrorline.ui.timeline.TimelineModelListener;

/**
 * A {@link TimelineModel} over an {@link EventHistory}: one lane per pair. A range the widget asks
 * for is loaded in the background (a screen's width on either side too) from the history's
 * database and folded into items, which a {@link SortedTimelineModel} keeps; the widget hears of
 * them when they are there. Only the sparse events that open and close spans are read for a range;
 * a snapshot's size and a resync's progress at the range's end come from one more query each. A
 * span that began before the range is found by asking for the last event of its kind before it.
 * Events recorded later reload the range they fall in (at most five times a second per pair), so
 * live changes appear without a full reload.
 */
public final class HistoryTimelineModel implements TimelineModel, AutoCloseable {

    /** The earliest and latest times loaded: the database holds nanoseconds in a long. */
    private static final long EARLIEST = 0;
    private static final long LATEST = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli();
    /** Most events of a range read at once; a range with more shows its first ones. */
    static final int RANGE_LIMIT = 200_000;
    private static final long LIVE_DELAY_MILLIS = 200;
    /** How many of a pair's last snapshot events before a range are read to find the snapshots open at its start. */
    static final int PRIOR_SNAPSHOT_EVENTS = 20;

    private static final List<Class<? extends EngineEvent>> LINK = List.of(LinkUp.class, LinkDown.class,
            LinkRefused.class);
    private static final List<Class<? extends EngineEvent>> SNAPSHOT = List.of(SnapshotCreated.class,
            SnapshotDeleted.class);
    private static final List<Class<? extends EngineEvent>> RESYNC = List.of(ResyncStarted.class,
            ResyncFinished.class);
    private static final List<Class<? extends EngineEvent>> SPARSE = List.of(LinkUp.class, LinkDown.class,
            LinkRefused.class, WritesResumed.class, SnapshotCreated.class, SnapshotDeleted.class,
            ResyncStarted.class, ResyncFinished.class, EngineEvent.DrillStepChanged.class,
            EngineEvent.RoleChanged.class);

    private final EventHistory history;
    private final SortedTimelineModel cache = new SortedTimelineModel();
    private final ScheduledExecutorService loader;
    private final Map<String, LoadedRanges> loaded = new HashMap<>();
    private final Map<String, long[]> liveRanges = new LinkedHashMap<>();
    private final List<Future<?>> pending = new ArrayList<>();
    private final Consumer<List<RecordedEvent>> liveListener = this::recorded;
    private boolean liveScheduled;

    /**
     * Shows the pairs of a history, and listens to it until closed.
     *
     * @param history the history; stays open, the caller closes it after this model
     */
    public HistoryTimelineModel(EventHistory history) {
        this.history = history;
        this.loader = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "mirrorline-timeline-loader");
            thread.setDaemon(true);
            return thread;
        });
        for (String pair : history.pairs()) {
            if (!EventHistory.NO_PAIR.equals(pair)) {
                cache.putLane(new TimelineLane(pair, pair));
            }
        }
        history.addRecordedListener(liveListener);
    }

    @Override
    public List<TimelineLane> lanes() {
        return cache.lanes();
    }

    @Override
    public List<TimelineItem> itemsIn(String laneId, long from, long to, long resolution) {
        request(laneId, from, to);
        return cache.itemsIn(laneId, from, to, resolution);
    }

    @Override
    public long[] extent() {
        List<RecordedEvent> first = history.find(EventQuery.all().limit(1));
        if (first.isEmpty()) {
            return null;
        }
        List<RecordedEvent> last = history.find(EventQuery.all().newestFirst().limit(1));
        return new long[] { first.get(0).at().toEpochMilli(), last.get(0).at().toEpochMilli() };
    }

    @Override
    public void addListener(TimelineModelListener listener) {
        cache.addListener(listener);
    }

    @Override
    public void removeListener(TimelineModelListener listener) {
        cache.removeListener(listener);
    }

    /**
     * Waits until the loads asked for so far are done.
     *
     * @param timeout how long to wait at most
     * @return whether they are done
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitLoaded(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Future<?>> waiting;
            synchronized (this) {
                pending.removeIf(Future::isDone);
                waiting = List.copyOf(pending);
            }
            if (waiting.isEmpty()) {
                return true;
            }
            for (Future<?> future : waiting) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    future.get(left, TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    if (e instanceof java.util.concurrent.TimeoutException) {
                        return false;
                    }
                    // A failed load leaves its range empty; the history reported why.
                }
            }
        }
    }

    /** Stops listening to the history and loading. */
    @Override
    public void close() {
        history.removeRecordedListener(liveListener);
        loader.shutdownNow();
    }

    private void request(String lane, long from, long to) {
        // Clamped first: the widget may ask up to TimelineItem.OPEN, and a screen more must not overflow.
        long first = clamp(from);
        long last = clamp(to);
        long span = Math.max(1, last - first);
        long start = clamp(first - span);
        long end = clamp(last + span);
        synchronized (this) {
            LoadedRanges ranges = loaded.computeIfAbsent(lane, key -> new LoadedRanges());
            for (long[] missing : ranges.missing(start, end)) {
                ranges.add(missing[0], missing[1]);
                submit(() -> load(lane, missing[0], missing[1]));
            }
        }
    }

    private synchronized void submit(Runnable load) {
        if (!loader.isShutdown()) {
            pending.add(loader.submit(load));
        }
    }

    private static long clamp(long time) {
        return Math.max(EARLIEST, Math.min(LATEST, time));
    }

    /** On the loader thread: folds the events of [from, to), with the state they start from. */
    private void load(String lane, long from, long to) {
        Instant start = Instant.ofEpochMilli(from);
        Instant end = Instant.ofEpochMilli(to);
        List<RecordedEvent> before = new ArrayList<>();
        RecordedEvent resync = last(lane, RESYNC, null, start);
        addIfPresent(before, last(lane, LINK, null, start));
        // A pair can have two snapshots at once: enough of their last events to find the open ones.
        before.addAll(history.find(query(lane, SNAPSHOT).to(start).newestFirst().limit(PRIOR_SNAPSHOT_EVENTS)));
        addIfPresent(before, resync);
        if (resync != null && resync.event() instanceof ResyncStarted) {
            addIfPresent(before, last(lane, List.of(ResyncProgress.class), resync.at(), start));
        }
        before.sort(Comparator.comparing(RecordedEvent::at).thenComparingLong(RecordedEvent::id));
        EventFolding folding = new EventFolding();
        fold(folding, before);
        fold(folding, history.find(query(lane, SPARSE).between(start, end).limit(RANGE_LIMIT)));
        // The figures of what is still going on at the range's end: each open snapshot's last copy...
        if (!folding.openSnapshots().isEmpty()) {
            Instant earliest = Instant.ofEpochMilli(folding.openSnapshots().iterator().next().start());
            Map<String, RecordedEvent> newest = new LinkedHashMap<>();
            for (RecordedEvent copied : history.find(query(lane, List.of(ChunksCopied.class))
                    .between(earliest, end.isBefore(earliest) ? earliest : end).newestFirst()
                    .limit(PRIOR_SNAPSHOT_EVENTS * 10))) {
                if (copied.event() instanceof ChunksCopied chunks) {
                    newest.putIfAbsent(chunks.snapshotId(), copied);
                }
            }
            fold(folding, List.copyOf(newest.values()));
        }
        // ...and the running resync's last progress.
        if (folding.openResync() != null) {
            fold(folding, optional(last(lane, List.of(ResyncProgress.class),
                    Instant.ofEpochMilli(folding.openResync().start()), end)));
        }
        cache.putAll(lane, List.copyOf(folding.items()));
    }

    private static void fold(EventFolding folding, List<RecordedEvent> events) {
        for (RecordedEvent recorded : events) {
            if (recorded.event() != null) {
                folding.accept(recorded.id(), recorded.event());
            }
        }
    }

    private static List<RecordedEvent> optional(RecordedEvent event) {
        return event == null ? List.of() : List.of(event);
    }

    private static void addIfPresent(List<RecordedEvent> events, RecordedEvent event) {
        if (event != null) {
            events.add(event);
        }
    }

    /** The pair's newest event of the types in [from, before), or null; from null means from the start. */
    private RecordedEvent last(String lane, List<Class<? extends EngineEvent>> types, Instant from, Instant before) {
        EventQuery query = query(lane, types).newestFirst().limit(1);
        query = from == null ? query.to(before) : query.between(from, before.isBefore(from) ? from : before);
        List<RecordedEvent> found = history.find(query);
        return found.isEmpty() ? null : found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static EventQuery query(String lane, List<Class<? extends EngineEvent>> types) {
        return EventQuery.all().pair(lane).types(types.toArray(new Class[0]));
    }

    /** On the history's writer thread: remembers which ranges of which pairs got events. */
    private void recorded(List<RecordedEvent> batch) {
        boolean schedule;
        List<String> newLanes = new ArrayList<>();
        synchronized (this) {
            for (RecordedEvent event : batch) {
                if (EventHistory.NO_PAIR.equals(event.pair())) {
                    continue;
                }
                long at = clamp(event.at().toEpochMilli());
                long[] range = liveRanges.get(event.pair());
                if (range == null) {
                    liveRanges.put(event.pair(), new long[] { at, at + 1 });
                } else {
                    range[0] = Math.min(range[0], at);
                    range[1] = Math.max(range[1], at + 1);
                }
                if (!loaded.containsKey(event.pair()) && !newLanes.contains(event.pair())) {
                    newLanes.add(event.pair());
                }
            }
            schedule = !liveScheduled && !liveRanges.isEmpty();
            liveScheduled |= schedule;
        }
        for (String lane : newLanes) {
            if (cache.lanes().stream().noneMatch(known -> known.id().equals(lane))) {
                cache.putLane(new TimelineLane(lane, lane));
            }
        }
        if (schedule && !loader.isShutdown()) {
            synchronized (this) {
                pending.add(loader.schedule(this::reloadLive, LIVE_DELAY_MILLIS, TimeUnit.MILLISECONDS));
            }
        }
    }

    /** On the loader thread: reloads the ranges live events fell in, since the last time. */
    private void reloadLive() {
        Map<String, long[]> ranges;
        synchronized (this) {
            ranges = new LinkedHashMap<>(liveRanges);
            liveRanges.clear();
            liveScheduled = false;
        }
        ranges.forEach((lane, range) -> load(lane, range[0], range[1]));
    }
}
