package dev.mirrorline.ui.timeline.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EngineEvent.ChunksCopied;
import dev.mirrorline.engine.event.EngineEvent.LinkDown;
import dev.mirrorline.engine.event.EngineEvent.LinkUp;
import dev.mirrorline.engine.event.EngineEvent.ResyncFinished;
import dev.mirrorline.engine.event.EngineEvent.ResyncProgress;
import dev.mirrorline.engine.event.EngineEvent.ResyncStarted;
import dev.mirrorline.engine.event.EngineEvent.SnapshotCreated;
import dev.mirrorline.engine.event.EngineEvent.SnapshotDeleted;
import dev.mirrorline.engine.event.EngineEvent.WritesFrozen;
import dev.mirrorline.engine.event.EngineEvent.WritesResumed;
import dev.mirrorline.ui.timeline.DrillStep;
import dev.mirrorline.ui.timeline.LinkSpan;
import dev.mirrorline.ui.timeline.ResyncSpan;
import dev.mirrorline.ui.timeline.SnapshotSpan;
import dev.mirrorline.ui.timeline.TimelineItem;
import dev.mirrorline.ui.timeline.WriteFreeze;

class EventFoldingTest {

    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final long MS = T0.toEpochMilli();

    /** An outage of the pair's volume "p": up at 0 s, down at 60 s, back at 120 s, resynced at 150 s. */
    static List<EngineEvent> outage() {
        return List.of(new LinkUp(T0, "p", "peer", 1),
                new LinkDown(T0.plusSeconds(60), "p", "link cut"),
                new WritesFrozen(T0.plusSeconds(60), "p"),
                new SnapshotCreated(T0.plusSeconds(60), "p", "snap-1", 4096),
                new WritesResumed(T0.plusSeconds(60), "p", Duration.ofNanos(420_000)),
                new ChunksCopied(T0.plusSeconds(70), "snap-1", 10, 40_960, 10),
                new ChunksCopied(T0.plusSeconds(80), "snap-1", 5, 20_480, 15),
                new LinkUp(T0.plusSeconds(120), "p", "peer", 7),
                new ResyncStarted(T0.plusSeconds(120), "p", 15, 61_440, 3, 12_288),
                new ResyncProgress(T0.plusSeconds(130), "p", 5, 15, 20_480),
                new ResyncFinished(T0.plusSeconds(150), "p", 15, 61_440, Duration.ofSeconds(30)),
                new SnapshotDeleted(T0.plusSeconds(150), "p", "snap-1", 15, 61_440));
    }

    @Test
    void anOutageBecomesLinkSpansAFreezeASnapshotAndAResync() {
        EventFolding folding = new EventFolding();
        List<EngineEvent> events = outage();
        for (int i = 0; i < events.size(); i++) {
            folding.accept(i + 1, events.get(i));
        }

        assertEquals(List.of(
                new LinkSpan("link-" + MS, MS, MS + 60_000, LinkSpan.State.CONNECTED, ""),
                new LinkSpan("link-" + (MS + 60_000), MS + 60_000, MS + 120_000, LinkSpan.State.INTERRUPTED,
                        "link cut"),
                new SnapshotSpan("snap-1", MS + 60_000, MS + 150_000, "snap-1", 61_440),
                new WriteFreeze("freeze-5", MS + 60_000, 420_000),
                new LinkSpan("link-" + (MS + 120_000), MS + 120_000, TimelineItem.OPEN, LinkSpan.State.CONNECTED,
                        ""),
                new ResyncSpan("resync-" + (MS + 120_000), MS + 120_000, MS + 150_000, 61_440, 61_440, 2048)),
                List.copyOf(folding.items()));
    }

    @Test
    void whileTheOutageLastsTheSnapshotGrowsByItsCopiedChunksAndTheResyncShowsItsProgressAndRate() {
        EventFolding folding = new EventFolding();
        List<EngineEvent> events = outage();
        for (int i = 0; i < 10; i++) {
            folding.accept(i + 1, events.get(i));
        }

        assertEquals(List.of(new SnapshotSpan("snap-1", MS + 60_000, TimelineItem.OPEN, "snap-1", 15 * 4096)),
                List.copyOf(folding.openSnapshots()));
        // 20,480 bytes in 10 s; 61,440 changed bytes in all.
        assertEquals(new ResyncSpan("resync-" + (MS + 120_000), MS + 120_000, TimelineItem.OPEN, 20_480, 61_440,
                2048), folding.openResync());
    }

    @Test
    void twoSnapshotsAtOnceAreEachFollowedToTheirOwnDeletion() {
        EventFolding folding = new EventFolding();
        folding.accept(1, new SnapshotCreated(T0, "primary", "outage", 4096));
        folding.accept(2, new ChunksCopied(T0.plusSeconds(1), "outage", 2, 8192, 2));
        folding.accept(3, new SnapshotCreated(T0.plusSeconds(2), "secondary", "fallback", 65_536));
        folding.accept(4, new ChunksCopied(T0.plusSeconds(3), "fallback", 1, 65_536, 1));
        folding.accept(5, new ChunksCopied(T0.plusSeconds(3), "outage", 1, 4096, 3));
        folding.accept(6, new SnapshotDeleted(T0.plusSeconds(4), "primary", "outage", 3, 12_288));

        assertEquals(List.of(new SnapshotSpan("outage", MS, MS + 4000, "outage", 12_288),
                new SnapshotSpan("fallback", MS + 2000, TimelineItem.OPEN, "fallback", 65_536)),
                List.copyOf(folding.items()));
        assertEquals(List.of(new SnapshotSpan("fallback", MS + 2000, TimelineItem.OPEN, "fallback", 65_536)),
                List.copyOf(folding.openSnapshots()));
    }

    @Test
    void aRepeatedStateAddsNoSpanAndEventsOfAnotherSnapshotAreIgnored() {
        EventFolding folding = new EventFolding();
        folding.accept(1, new LinkDown(T0, "p", "timeout"));
        folding.accept(2, new LinkDown(T0.plusSeconds(5), "p", "timeout again"));
        folding.accept(3, new SnapshotCreated(T0, "p", "snap-1", 4096));
        folding.accept(4, new ChunksCopied(T0.plusSeconds(1), "snap-0", 1, 4096, 99));
        folding.accept(5, new SnapshotDeleted(T0.plusSeconds(2), "p", "snap-0", 99, 405_504));

        assertEquals(List.of(new LinkSpan("link-" + MS, MS, TimelineItem.OPEN, LinkSpan.State.INTERRUPTED, "timeout"),
                new SnapshotSpan("snap-1", MS, TimelineItem.OPEN, "snap-1", 0)), List.copyOf(folding.items()));
    }

    @Test
    void drillStepsBecomeMarkersWithTheirStatus() {
        EventFolding folding = new EventFolding();
        folding.accept(7, new EngineEvent.DrillStepChanged(T0, "p", "d-1", "link-outage", 2, "Cut the link",
                "STARTED", ""));
        folding.accept(8, new EngineEvent.DrillStepChanged(T0.plusSeconds(1), "p", "d-1", "link-outage", 2,
                "Cut the link", "PASSED", "3 updates unacknowledged"));

        assertEquals(List.of(new DrillStep("drill-7", MS, "2. Cut the link", "STARTED"),
                new DrillStep("drill-8", MS + 1000, "2. Cut the link", "PASSED: 3 updates unacknowledged")),
                List.copyOf(folding.items()));
    }

    @Test
    void roleChangesBecomeMarkersNamingTheVolumeAndWhatHappened() {
        EventFolding folding = new EventFolding();
        folding.accept(9, new EngineEvent.RoleChanged(T0, "s.img", "PROMOTED", "generation 1234abcd started"));

        assertEquals(List.of(new DrillStep("role-9", MS, "Role: PROMOTED s.img", "generation 1234abcd started")),
                List.copyOf(folding.items()));
    }
}

