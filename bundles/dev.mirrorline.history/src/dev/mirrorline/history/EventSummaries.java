package dev.mirrorline.history;

import java.time.Duration;
import java.util.Locale;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EngineEvent.ChunksCopied;
import dev.mirrorline.engine.event.EngineEvent.LinkDown;
import dev.mirrorline.engine.event.EngineEvent.ResyncFinished;
import dev.mirrorline.engine.event.EngineEvent.ResyncProgress;
import dev.mirrorline.engine.event.EngineEvent.ResyncStarted;
import dev.mirrorline.engine.event.EngineEvent.SnapshotCreated;
import dev.mirrorline.engine.event.EngineEvent.SnapshotDeleted;
import dev.mirrorline.engine.event.EngineEvent.UnacknowledgedCaptured;
import dev.mirrorline.engine.event.EngineEvent.WritesFrozen;
import dev.mirrorline.engine.event.EngineEvent.WritesResumed;

/**
 * One line of English per event, as the Event Log shows it. Event types without a sentence of
 * their own (added to the engine later) are shown as their fields.
 */
public final class EventSummaries {

    private EventSummaries() {
    }

    /**
     * @param event an event
     * @return what happened, in a sentence without a final full stop
     */
    public static String summaryOf(EngineEvent event) {
        if (event instanceof WritesFrozen e) {
            return "Writes to " + e.volume() + " frozen";
        }
        if (event instanceof WritesResumed e) {
            return "Writes to " + e.volume() + " resumed after a pause of " + duration(e.pause());
        }
        if (event instanceof SnapshotCreated e) {
            return "Snapshot " + e.snapshotId() + " of " + e.volume() + " created, " + bytes(e.chunkSize())
                    + " chunks";
        }
        if (event instanceof ChunksCopied e) {
            return count(e.chunks(), "chunk") + " (" + bytes(e.bytes()) + ") copied to snapshot " + e.snapshotId()
                    + ", " + e.totalChunks() + " in all";
        }
        if (event instanceof SnapshotDeleted e) {
            return "Snapshot " + e.snapshotId() + " of " + e.volume() + " deleted, it held " + count(e.chunks(), "chunk")
                    + " (" + bytes(e.bytes()) + ")";
        }
        if (event instanceof LinkDown e) {
            return "Link of " + e.volume() + " down: " + e.reason();
        }
        if (event instanceof EngineEvent.LinkUp e) {
            return "Link of " + e.volume() + " up to " + e.peer() + (e.attempt() > 1 ? " after " + e.attempt()
                    + " attempts" : "");
        }
        if (event instanceof EngineEvent.LinkRefused e) {
            return "Link of " + e.volume() + " refused by the secondary: " + e.reason();
        }
        if (event instanceof EngineEvent.PeerRefused e) {
            return "Refused the peer at " + e.peer() + ": " + e.reason();
        }
        if (event instanceof UnacknowledgedCaptured e) {
            return count(e.updates(), "unacknowledged update") + " (" + bytes(e.bytes()) + ") of " + e.volume()
                    + " captured with snapshot " + e.snapshotId();
        }
        if (event instanceof ResyncStarted e) {
            return "Resync of " + e.volume() + " started: " + count(e.changedChunks(), "changed chunk") + " ("
                    + bytes(e.changedBytes()) + ") and " + count(e.unacknowledgedUpdates(), "unacknowledged update")
                    + " (" + bytes(e.unacknowledgedBytes()) + ")";
        }
        if (event instanceof ResyncProgress e) {
            return "Resync of " + e.volume() + ": " + e.chunksSent() + " of " + count(e.chunksTotal(), "chunk")
                    + " sent (" + bytes(e.bytesSent()) + ")";
        }
        if (event instanceof ResyncFinished e) {
            return "Resync of " + e.volume() + " finished: " + count(e.chunks(), "chunk") + " (" + bytes(e.bytes())
                    + ") in " + duration(e.duration());
        }
        if (event instanceof EngineEvent.DrillStepChanged e) {
            return "Drill " + e.drillId() + " (" + e.scenario() + ") on " + e.volume() + ", step " + e.stepIndex()
                    + " " + e.step() + ": " + e.status() + (e.detail().isEmpty() ? "" : ", " + e.detail());
        }
        if (event instanceof EngineEvent.RoleChanged e) {
            return "Role of " + e.volume() + ": " + e.change() + (e.detail().isEmpty() ? "" : ", " + e.detail());
        }
        return EventTypes.nameOf(event) + ": " + EventCodec.componentsText(event);
    }

    /**
     * @param bytes a size
     * @return it in bytes, KiB, MiB, GiB or TiB, e.g. {@code "4 KiB"}, {@code "1.5 MiB"}
     */
    static String bytes(long bytes) {
        String[] units = { "KiB", "MiB", "GiB", "TiB" };
        if (Math.abs(bytes) < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (Math.abs(value) >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value)) + " " + units[unit];
    }

    /**
     * @param duration a duration
     * @return it in milliseconds below a second (three decimals), else in seconds (one decimal)
     */
    static String duration(Duration duration) {
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            return String.format(Locale.ROOT, "%.3f ms", duration.toNanos() / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f s", duration.getSeconds() + duration.getNano() / 1e9);
    }

    private static String count(long count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
