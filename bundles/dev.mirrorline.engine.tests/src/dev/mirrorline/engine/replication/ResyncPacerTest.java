package dev.mirrorline.engine.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.mirrorline.engine.time.Clock;

/** The resync's rate limit on simulated time: the sleeps it asks for are the time that passes. */
class ResyncPacerTest {

    private static final int CHUNK = 4096;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Time that moves only when the pacer parks. */
    private static final class SleptTime implements Clock {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public Instant now() {
            return Instant.ofEpochSecond(0, now);
        }

        @Override
        public void parkNanos(Object blocker, long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }

        long slept() {
            return sleeps.stream().mapToLong(Long::longValue).sum();
        }
    }

    private final SleptTime time = new SleptTime();

    private void send(ResyncPacer pacer, int chunks) throws Exception {
        for (int i = 0; i < chunks; i++) {
            assertTrue(pacer.await(CHUNK, () -> false, () -> {
            }));
        }
    }

    @Test
    void aMegabyteAtAMegabyteASecondTakesASecondLessTheTenthItMayStartWith() throws Exception {
        ResyncPacer pacer = new ResyncPacer(time, 1 << 20);
        time.now += 5 * SECOND; // idle before the resync: it may not save up more than a tenth of a second

        send(pacer, 256); // 1 MiB

        assertEquals(0.9, time.slept() / 1e9, 0.001, "seconds slept");
        assertTrue(time.sleeps.stream().allMatch(nanos -> nanos <= ResyncPacer.LONGEST_SLEEP), time.sleeps::toString);
    }

    @Test
    void withoutALimitNothingWaits() throws Exception {
        ResyncPacer pacer = new ResyncPacer(time, 0);

        send(pacer, 10_000);

        assertEquals(List.of(), time.sleeps);
    }

    @Test
    void liftingTheLimitLetsTheRestGoAtOnce() throws Exception {
        ResyncPacer pacer = new ResyncPacer(time, 64 * 1024);
        send(pacer, 32); // 128 KiB: about two seconds
        long sleptBefore = time.slept();
        assertTrue(sleptBefore > SECOND, "slept " + sleptBefore);

        pacer.setRate(0);
        send(pacer, 1000);

        assertEquals(sleptBefore, time.slept());
        assertEquals(0, pacer.rate());
    }

    @Test
    void aStoppedResyncStopsWaitingAndWhatIsReadyGoesOutFirstOncePerWait() throws Exception {
        ResyncPacer pacer = new ResyncPacer(time, CHUNK); // one chunk a second
        int[] readied = { 0 };
        time.now += SECOND;
        assertTrue(pacer.await(CHUNK, () -> false, () -> readied[0]++), "a second later, a chunk fits the bucket");
        assertEquals(0, readied[0], "nothing to wait for, nothing readied");

        assertTrue(pacer.await(CHUNK, () -> false, () -> readied[0]++));
        assertEquals(1, readied[0], "readied once before the sleeps of one wait");
        assertTrue(time.sleeps.size() > 1, "a second's wait is several short sleeps: " + time.sleeps);

        int sleeps = time.sleeps.size();
        assertFalse(pacer.await(CHUNK, () -> true, () -> readied[0]++), "a stopped resync does not wait");
        assertEquals(sleeps, time.sleeps.size());
    }

    @Test
    void aNegativeLimitIsRefusedWithItsValue() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new ResyncPacer(time, -1));
        assertEquals("Resync rate limit -1 bytes/s must be positive, or 0 for no limit", refused.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ReplicationSettings.defaults().withResyncRate(-5));
    }
}
