package dev.mirrorline.ui.timeline.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EngineEvent.ChunksCopied;
import dev.mirrorline.engine.event.EngineEvent.DrillStepChanged;
import dev.mirrorline.engine.event.EngineEvent.LinkDown;
import dev.mirrorline.engine.event.EngineEvent.LinkRefused;
import dev.mirrorline.engine.event.EngineEvent.LinkUp;
import dev.mirrorline.engine.event.EngineEvent.ResyncFinished;
import dev.mirrorline.engine.event.EngineEvent.ResyncProgress;
import dev.mirrorline.engine.event.EngineEvent.ResyncStarted;
import dev.mirrorline.engine.event.EngineEvent.SnapshotCreated;
import dev.mirrorline.engine.event.EngineEvent.SnapshotDeleted;
import dev.mirrorline.engine.event.EngineEvent.WritesResumed;
import dev.mirrorline.ui.timeline.DrillStep;
import dev.mirrorline.ui.timeline.LinkSpan;
import dev.mirrorline.ui.timeline.ResyncSpan;
import dev.mirrorline.ui.timeline.SnapshotSpan;
import dev.mirrorline.ui.timeline.TimelineItem;
import dev.mirrorline.ui.timeline.WriteFreeze;

/**
 * Folds one pair's engine events, oldest first, into timeline items: the link's state spans (from
 * each LinkUp, LinkDown or LinkRefused to the next change), write freezes, snapshot lifetimes with
 * their size, resyncs with their progress and rate, and a marker for each drill step's start and
 * end. Spans still going on after the last event
 * stay open. Item ids come from the events that open them (a span's start, a snapshot's id), so
 * that folding an overlapping range again yields the same items.
 */
final class EventFolding {

    private final Map<String, TimelineItem> items = new LinkedHashMap<>();
    private LinkSpan link;
    /** Open snapshots by id: a pair can have two at once (the primary's outage snapshot, a test failover's). */
    private final Map<String, SnapshotSpan> openSnapshots = new LinkedHashMap<>();
    private final Map<String, Integer> chunkSizes = new HashMap<>();
    private ResyncSpan resync;

    /**
     * @param eventId the event's id in the history (names a freeze marker)
     * @param event the next event of the pair
     */
    void accept(long eventId, EngineEvent event) {
        long at = millis(event.at());
        if (event instanceof LinkUp) {
            changeLink(at, LinkSpan.State.CONNECTED, "");
        } else if (event instanceof LinkDown down) {
            changeLink(at, LinkSpan.State.INTERRUPTED, down.reason());
        } else if (event instanceof LinkRefused refused) {
            changeLink(at, LinkSpan.State.INTERRUPTED, refused.reason());
        } else if (event instanceof WritesResumed resumed) {
            put(new WriteFreeze("freeze-" + eventId, at, resumed.pause().toNanos()));
        } else if (event instanceof SnapshotCreated created) {
            chunkSizes.put(created.snapshotId(), created.chunkSize());
            openSnapshots.put(created.snapshotId(),
                    put(new SnapshotSpan(created.snapshotId(), at, TimelineItem.OPEN, created.snapshotId(), 0)));
        } else if (event instanceof ChunksCopied copied) {
            SnapshotSpan open = openSnapshots.get(copied.snapshotId());
            if (open != null) {
                openSnapshots.put(open.id(), put(new SnapshotSpan(open.id(), open.start(), TimelineItem.OPEN,
                        open.name(), copied.totalChunks() * chunkSizes.getOrDefault(open.id(), 0))));
            }
        } else if (event instanceof SnapshotDeleted deleted) {
            SnapshotSpan open = openSnapshots.remove(deleted.snapshotId());
            if (open != null) {
                put(new SnapshotSpan(open.id(), open.start(), Math.max(at, open.start()), open.name(),
                        deleted.bytes()));
            }
        } else if (event instanceof ResyncStarted started) {
            resync = put(new ResyncSpan("resync-" + at, at, TimelineItem.OPEN, 0, started.changedBytes(), 0));
        } else if (event instanceof ResyncProgress progress) {
            if (resync != null && resync.isOpen()) {
                resync = put(new ResyncSpan(resync.id(), resync.start(), TimelineItem.OPEN, progress.bytesSent(),
                        resync.bytesTotal(), rate(progress.bytesSent(), at - resync.start())));
            }
        } else if (event instanceof DrillStepChanged drill) {
            put(new DrillStep("drill-" + eventId, at, drill.stepIndex() + ". " + drill.step(),
                    drill.status() + (drill.detail().isEmpty() ? "" : ": " + drill.detail())));
        } else if (event instanceof EngineEvent.RoleChanged role) {
            // a switchover's or failover's steps, drawn like a drill step's (the widget has no other marker)
            put(new DrillStep("role-" + eventId, at, "Role: " + role.change() + " " + role.volume(), role.detail()));
        } else if (event instanceof ResyncFinished finished) {
            if (resync != null && resync.isOpen()) {
                Duration duration = finished.duration();
                resync = put(new ResyncSpan(resync.id(), resync.start(), Math.max(at, resync.start()),
                        finished.bytes(), Math.max(finished.bytes(), resync.bytesTotal()),
                        rate(finished.bytes(), duration.toMillis())));
            }
        }
    }

    private void changeLink(long at, LinkSpan.State state, String reason) {
        if (link != null && link.isOpen()) {
            if (link.state() == state) {
                return;
            }
            put(new LinkSpan(link.id(), link.start(), Math.max(at, link.start()), link.state(), link.reason()));
        }
        link = put(new LinkSpan("link-" + at, at, TimelineItem.OPEN, state, reason));
    }

    private <T extends TimelineItem> T put(T item) {
        items.put(item.id(), item);
        return item;
    }

    private static double rate(long bytes, long millis) {
        return millis <= 0 ? 0 : bytes * 1000.0 / millis;
    }

    private static long millis(Instant at) {
        return at.toEpochMilli();
    }

    /** @return the items folded so far, each in its latest form */
    Collection<TimelineItem> items() {
        return items.values();
    }

    /** @return the snapshots still open after the last event, oldest first */
    Collection<SnapshotSpan> openSnapshots() {
        return openSnapshots.values();
    }

    /** @return the running resync after the last event, or null */
    ResyncSpan openResync() {
        return resync != null && resync.isOpen() ? resync : null;
    }
}
