package dev.mirrorline.drill;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.node.Pair;

/**
 * The RPO of a cut link: the primary's sequence numbers sampled while the load runs (every 20 ms,
 * the resolution of the RPO in seconds), then, at the cut, the unacknowledged updates the primary
 * captured: their bytes, their number and the age of the oldest of them.
 */
final class CutMeasurement {

    private static final Duration CAPTURE_LIMIT = Duration.ofSeconds(15);

    /** The primary's highest sequence number seen at a moment. */
    private record SequenceSample(Instant at, long sequence) {
    }

    private final List<SequenceSample> samples = new ArrayList<>();

    /** Notes when the primary's sequence number changed. */
    void sample(Pair pair) {
        long sequence = pair.highestSequence();
        if (samples.isEmpty() || samples.get(samples.size() - 1).sequence() != sequence) {
            samples.add(new SequenceSample(Instant.now(), sequence));
        }
    }

    /**
     * Cuts the link and measures the RPO.
     *
     * @param context the drill
     * @return the capture at the cut
     * @throws DrillCancelledException if cancelled while waiting for the capture
     * @throws IOException if the cut fails or the capture does not come
     */
    EngineEvent.UnacknowledgedCaptured cut(DrillContext context) throws DrillCancelledException, IOException {
        Pair pair = context.pair();
        int mark = context.eventMark();
        sample(pair);
        pair.interruptLink();
        long highest = pair.highestSequence(); // writes during the outage get no sequence number
        EngineEvent.UnacknowledgedCaptured captured = context.awaitEvent(EngineEvent.UnacknowledgedCaptured.class,
                event -> event.volume().equals(pair.primaryVolumeName()), mark, CAPTURE_LIMIT,
                "capture of the unacknowledged updates after the cut");
        // the secondary acknowledges in order: the unacknowledged are the last ones before the cut
        long oldest = highest - captured.updates() + 1;
        double seconds = captured.updates() == 0 ? 0
                : Math.max(0, Duration.between(lastSampleBelow(oldest), captured.at()).toNanos() / 1e9);
        context.log("Sequence " + highest + " at the cut; " + captured.updates() + " unacknowledged from sequence "
                + oldest);
        context.measure("rpo.bytes", "RPO: bytes written but not on the secondary at the cut", captured.bytes(),
                "bytes");
        context.measure("rpo.updates", "RPO: updates not acknowledged at the cut", captured.updates(), "updates");
        context.measure("rpo.seconds", "RPO: age of the oldest unacknowledged write at the cut (at most; sampled"
                + " every 20 ms)", seconds, "s");
        return captured;
    }

    private Instant lastSampleBelow(long sequence) {
        Instant found = samples.get(0).at();
        for (SequenceSample sample : samples) {
            if (sample.sequence() < sequence) {
                found = sample.at();
            }
        }
        return found;
    }
}
