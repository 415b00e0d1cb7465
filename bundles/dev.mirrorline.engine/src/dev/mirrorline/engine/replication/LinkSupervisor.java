package dev.mirrorline.engine.replication;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.volume.Volume;

/**
 * Keeps a primary connected to its secondary: connects, and when the link goes down, reconnects
 * with exponential backoff and lets the primary resynchronise. A secondary that refuses the primary
 * (split brain, another pair) is not asked again until {@link #retry()}. The administrator can
 * {@link #hold} the link down (a real disconnect, for drills) and {@link #release} it.
 *
 * <p>A primary that cannot reach its secondary at all is declared in an outage, so that its
 * writes go on locally (tracked by the outage snapshot) instead of filling the in-flight window.
 */
public final class LinkSupervisor implements AutoCloseable {

    /** Opens links to the secondary; the transport implements it. */
    @FunctionalInterface
    public interface Connector {
        /**
         * Connects and makes the handshake. The link delivers the secondary's acknowledgements to
         * {@code primary}.
         *
         * @param primary the primary the link serves
         * @return the connection
         * @throws LinkRefusedException if the secondary refuses this primary
         * @throws IOException if it cannot be reached or does not answer
         * @throws InterruptedException if interrupted while connecting
         */
        Connection connect(PrimaryReplicator primary) throws IOException, InterruptedException;
    }

    /**
     * A connected link and what the secondary said in the handshake.
     *
     * @param link the link
     * @param peer the secondary, in words (an address)
     * @param secondaryApplied the secondary's last applied sequence number
     * @param secondaryGenerations the secondary's data history
     * @param closer releases the link's resources (its channel)
     */
    public record Connection(ReplicationLink link, String peer, long secondaryApplied,
            Generations secondaryGenerations, AutoCloseable closer) {
    }

    /** What the supervisor is doing. */
    public enum State {
        /** Trying to connect. */
        CONNECTING,
        /** The link is up. */
        CONNECTED,
        /** The last attempt failed; the next one comes after the backoff. */
        WAITING_TO_RETRY,
        /** The secondary refused this primary; nothing is tried until {@link LinkSupervisor#retry()}. */
        REFUSED,
        /** Held down by the administrator until {@link LinkSupervisor#release()}. */
        HELD,
        /** Closed. */
        STOPPED
    }

    private static final Duration LINK_CHECK = Duration.ofMillis(200);

    private final PrimaryReplicator primary;
    private final Volume volume;
    private final Connector connector;
    private final Duration initialBackoff;
    private final Duration maximumBackoff;
    private final Thread thread;
    private final Object lock = new Object();
    private State state = State.CONNECTING;
    private boolean held;
    private boolean refused;
    private boolean closed;
    private String lastError;
    private Connection connection;
    /** Attempts since the link was last up, for the {@link EngineEvent.LinkUp} event. */
    private int attempts;
    /** The administrator asked to try again at once: the backoff wait ends. */
    private boolean retryNow;

    /**
     * Starts supervising.
     *
     * @param primary the primary to keep connected
     * @param volume the primary's volume (for event names)
     * @param connector opens links
     * @param initialBackoff the wait after the first failed attempt; it doubles on each failure
     * @param maximumBackoff the longest wait between attempts
     * @param threads makes the supervising thread
     */
    public LinkSupervisor(PrimaryReplicator primary, Volume volume, Connector connector, Duration initialBackoff,
            Duration maximumBackoff, ThreadFactory threads) {
        this.primary = Objects.requireNonNull(primary);
        this.volume = Objects.requireNonNull(volume);
        this.connector = Objects.requireNonNull(connector);
        this.initialBackoff = initialBackoff;
        this.maximumBackoff = maximumBackoff;
        this.thread = threads.newThread(this::superviseUntilClosed);
        thread.start();
    }

    /** @return what the supervisor is doing now */
    public State state() {
        synchronized (lock) {
            return state;
        }
    }

    /** @return why the last attempt failed or the link last went down, or null */
    public String lastError() {
        synchronized (lock) {
            return lastError;
        }
    }

    /**
     * Takes the link down now and keeps it down: the primary goes into an outage (or stays in it)
     * and writes go on locally.
     *
     * @param reason why, for the events
     * @throws IOException if the outage snapshot cannot be taken
     */
    public void hold(String reason) throws IOException {
        Connection dropped;
        synchronized (lock) {
            held = true;
            state = State.HELD;
            dropped = connection;
            connection = null;
            clock().wakeAll(lock);
        }
        primary.declareLinkDown(reason);
        closeQuietly(dropped);
    }

    /** @return whether the link is held down by {@link #hold}, from the hold until {@link #release} */
    public boolean isHeld() {
        synchronized (lock) {
            return held;
        }
    }

    /** Lets the link come back after {@link #hold}: the supervisor reconnects at once. */
    public void release() {
        synchronized (lock) {
            held = false;
            clock().wakeAll(lock);
        }
    }

    /** Tries again at once after a refusal (or a failed attempt), e.g. once the administrator resolved a split brain. */
    public void retry() {
        synchronized (lock) {
            refused = false;
            attempts = 0;
            retryNow = true;
            clock().wakeAll(lock);
        }
    }

    private void superviseUntilClosed() {
        Duration backoff = initialBackoff;
        try {
            while (true) {
                synchronized (lock) {
                    while (!closed && (held || refused)) {
                        clock().waitOn(lock);
                    }
                    if (closed) {
                        return;
                    }
                    state = State.CONNECTING;
                    attempts++;
                    retryNow = false; // this attempt is the one asked for
                }
                if (tryConnect()) {
                    backoff = initialBackoff;
                    awaitLinkDown();
                    continue;
                }
                synchronized (lock) {
                    if (closed || refused || held) {
                        continue;
                    }
                    state = State.WAITING_TO_RETRY;
                    long until = clock().nanoTime() + backoff.toNanos();
                    long left;
                    while (!closed && !held && !retryNow && (left = until - clock().nanoTime()) > 0) {
                        clock().waitOn(lock, left);
                    }
                }
                backoff = backoff.multipliedBy(2);
                if (backoff.compareTo(maximumBackoff) > 0) {
                    backoff = maximumBackoff;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                state = State.STOPPED;
            }
        }
    }

    /** @return whether the link is up */
    private boolean tryConnect() throws InterruptedException {
        Connection connected;
        try {
            connected = connector.connect(primary);
        } catch (LinkRefusedException e) {
            synchronized (lock) {
                refused = true;
                state = State.REFUSED;
                lastError = e.getMessage();
            }
            volume.context().events().publish(new EngineEvent.LinkRefused(volume.context().clock().now(),
                    volume.name(), e.getMessage()));
            goLocalOnly("the secondary refused this primary: " + e.getMessage());
            return false;
        } catch (IOException e) {
            synchronized (lock) {
                lastError = e.getMessage();
            }
            goLocalOnly(e.getMessage() != null ? e.getMessage() : e.toString());
            return false;
        }
        int attempt;
        synchronized (lock) {
            if (closed || held) {
                closeQuietly(connected);
                return false;
            }
            connection = connected;
            state = State.CONNECTED;
            attempt = attempts;
            attempts = 0;
        }
        try {
            primary.reconnect(connected.link(), connected.secondaryApplied(), connected.secondaryGenerations());
        } catch (IOException e) {
            synchronized (lock) {
                lastError = e.getMessage();
                connection = null;
            }
            closeQuietly(connected);
            goLocalOnly(e.getMessage());
            return false;
        }
        volume.context().events().publish(new EngineEvent.LinkUp(volume.context().clock().now(), volume.name(),
                connected.peer(), attempt));
        return true;
    }

    /** Waits until the primary declares the link down, then lets go of it. */
    private void awaitLinkDown() throws InterruptedException {
        while (!primary.awaitLinkDown(LINK_CHECK)) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
            }
        }
        Connection dropped;
        synchronized (lock) {
            dropped = connection;
            connection = null;
            IOException failure = primary.linkFailure();
            if (failure != null) {
                lastError = failure.getMessage();
            }
        }
        closeQuietly(dropped);
    }

    /** A primary that cannot reach its secondary writes locally, tracked by an outage snapshot. */
    private void goLocalOnly(String reason) {
        if (primary.outage() != null) {
            return;
        }
        try {
            primary.declareLinkDown(reason);
        } catch (IOException e) {
            synchronized (lock) {
                lastError = "no outage snapshot could be taken: " + e.getMessage();
            }
        }
    }

    /** Every wait and wake-up goes through the clock: a simulation schedules them. */
    private dev.mirrorline.engine.time.Clock clock() {
        return volume.context().clock();
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.closer().close();
        } catch (Exception e) {
            // the link is gone either way
        }
    }

    /** Stops supervising and closes the link; the primary stays as it is. */
    @Override
    public void close() throws InterruptedException {
        Connection dropped;
        synchronized (lock) {
            closed = true;
            dropped = connection;
            connection = null;
            clock().wakeAll(lock);
        }
        thread.interrupt();
        clock().join(thread, TimeUnit.SECONDS.toMillis(10));
        closeQuietly(dropped);
    }
}
