package dev.mirrorline.engine.simulation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.mirrorline.engine.replication.Generations;
import dev.mirrorline.engine.replication.ReplicatedWrite;
import dev.mirrorline.engine.replication.ReplicationLink;

/**
 * One connection between the simulated primary and secondary: batches and "you are consistent"
 * travel to the secondary, acknowledgements back, each after a delay drawn from the seed and in
 * order. A cut breaks it for both sides; what was in flight is then lost or, by the seed, still
 * delivered late (as a stream's last segments may arrive after its peer gave up). One thread of
 * the secondary's node receives, one of the primary's node takes the acknowledgements.
 */
final class SimulatedLink implements ReplicationLink {

    /** What the secondary does with what arrives; implemented by the simulation. */
    interface Secondary {
        /** @return the highest sequence number applied after the batch */
        long apply(SimulatedLink link, List<ReplicatedWrite> batch) throws IOException;

        void markConsistent(SimulatedLink link, Generations generations) throws IOException;
    }

    /** What the primary does with what comes back; implemented by the simulation. */
    interface Primary {
        void acknowledge(long sequence) throws IOException;
    }

    /** The simulation's hooks into what the link carries, for faults and checks. */
    interface Observer {
        /** A batch is sent; may return a damaged copy. */
        List<ReplicatedWrite> sending(SimulatedLink link, List<ReplicatedWrite> batch);

        /** "You are consistent" is sent; may cut the link ({@code beforeRecorded}) or arrange a cut after. */
        void confirming(SimulatedLink link);
    }

    private record Message(long deliverAt, List<ReplicatedWrite> batch, Generations consistent, long acknowledged,
            boolean confirmed) {
    }

    final int number;
    private final Scheduler scheduler;
    private final Random random;
    private final Observer observer;
    private final ArrayDeque<Message> toSecondary = new ArrayDeque<>();
    private final ArrayDeque<Message> toPrimary = new ArrayDeque<>();
    private final Object secondaryInbox = new Object();
    private final Object primaryInbox = new Object();
    private final Object confirmation = new Object();
    private volatile IOException cut;
    private volatile boolean fenced;
    private long lastToSecondary;
    private long lastToPrimary;
    private int confirmationsAnswered;
    private int confirmationsSent;
    private final long maxLatencyNanos;
    private long dataBytes;

    SimulatedLink(int number, Scheduler scheduler, Random random, Observer observer, long maxLatencyNanos) {
        this.number = number;
        this.scheduler = scheduler;
        this.random = random;
        this.observer = observer;
        this.maxLatencyNanos = maxLatencyNanos;
    }

    /** Starts the receiving threads: one on each side. */
    void start(Scheduler.Group secondaryNode, Secondary secondary, Scheduler.Group primaryNode, Primary primary) {
        scheduler.start(secondaryNode, "link" + number + "-receive", () -> receive(secondary));
        scheduler.start(primaryNode, "link" + number + "-acks", () -> takeAcknowledgements(primary));
    }

    /** @return data bytes sent over this link */
    synchronized long dataBytes() {
        return dataBytes;
    }

    /**
     * Breaks the connection for both sides.
     *
     * @param reason why
     */
    void cut(String reason) {
        synchronized (this) {
            if (cut != null) {
                return;
            }
            cut = new IOException("link " + number + " cut: " + reason);
            // what is in flight is lost, or part of it arrives late
            if (random.nextBoolean()) {
                toSecondary.clear();
            }
            toPrimary.clear();
        }
        scheduler.wake(secondaryInbox);
        scheduler.wake(primaryInbox);
        scheduler.wake(confirmation);
    }

    /**
     * Cuts the link and drops whatever is still in flight to the secondary: its node stops
     * listening to this stream (as a promoted secondary does).
     *
     * @param reason why
     */
    void fence(String reason) {
        synchronized (this) {
            fenced = true;
            toSecondary.clear();
        }
        cut(reason);
    }

    /** @return whether it was cut */
    boolean isCut() {
        return cut != null;
    }

    private long deliveryTime(boolean toTheSecondary) {
        long latency = maxLatencyNanos <= 0 ? 0 : (long) (random.nextDouble() * maxLatencyNanos);
        long at = scheduler.now() + latency;
        if (toTheSecondary) {
            lastToSecondary = Math.max(lastToSecondary, at);
            return lastToSecondary;
        }
        lastToPrimary = Math.max(lastToPrimary, at);
        return lastToPrimary;
    }

    @Override
    public void send(List<ReplicatedWrite> batch) throws IOException {
        scheduler.yieldHere("link" + number + " send " + batch.size());
        List<ReplicatedWrite> carried = observer.sending(this, batch);
        synchronized (this) {
            if (cut != null) {
                throw cut;
            }
            for (ReplicatedWrite write : batch) {
                dataBytes += write.length();
            }
            toSecondary.add(new Message(deliveryTime(true), copy(carried), null, 0, false));
        }
        scheduler.wake(secondaryInbox);
    }

    /** The sender may reuse its buffers: what travels is a copy. */
    private static List<ReplicatedWrite> copy(List<ReplicatedWrite> batch) {
        List<ReplicatedWrite> copies = new ArrayList<>(batch.size());
        for (ReplicatedWrite write : batch) {
            ByteBuffer data = ByteBuffer.allocate(write.length());
            data.put(write.data().duplicate()).flip();
            copies.add(new ReplicatedWrite(write.sequence(), write.offset(), data, write.crc32c()));
        }
        return copies;
    }

    @Override
    public void markConsistent(Generations primary) throws IOException, InterruptedException {
        scheduler.yieldHere("link" + number + " mark-consistent");
        observer.confirming(this);
        int mine;
        synchronized (this) {
            if (cut != null) {
                throw cut;
            }
            mine = ++confirmationsSent;
            toSecondary.add(new Message(deliveryTime(true), null, primary, 0, false));
        }
        scheduler.wake(secondaryInbox);
        while (true) {
            synchronized (this) {
                if (confirmationsAnswered >= mine) {
                    return;
                }
                if (cut != null) {
                    throw cut;
                }
            }
            scheduler.await(confirmation, Long.MAX_VALUE, "link" + number + " awaits confirmation");
        }
    }

    @Override
    public IOException failure() {
        return cut;
    }

    private void receive(Secondary secondary) {
        while (true) {
            Message message;
            synchronized (this) {
                message = toSecondary.poll();
                if (message == null && cut != null) {
                    return;
                }
            }
            if (message == null) {
                scheduler.await(secondaryInbox, Long.MAX_VALUE, "link" + number + " idle");
                continue;
            }
            if (message.deliverAt > scheduler.now()) {
                scheduler.sleep(message.deliverAt - scheduler.now(), "link" + number + " in flight");
            }
            if (fenced) {
                return;
            }
            try {
                if (message.batch != null) {
                    long applied = secondary.apply(this, message.batch);
                    reply(new Message(0, null, null, applied, false));
                } else {
                    secondary.markConsistent(this, message.consistent);
                    reply(new Message(0, null, null, 0, true));
                }
            } catch (IOException | RuntimeException e) {
                // the secondary ends the stream, as the transport does (DATA_LOSS, OUT_OF_RANGE, INTERNAL)
                cut("the secondary ended the stream: " + e.getMessage());
            }
        }
    }

    private void reply(Message message) {
        synchronized (this) {
            if (cut != null) {
                return;
            }
            toPrimary.add(new Message(deliveryTime(false), null, null, message.acknowledged, message.confirmed));
        }
        scheduler.wake(primaryInbox);
    }

    private void takeAcknowledgements(Primary primary) {
        while (true) {
            Message message;
            synchronized (this) {
                message = toPrimary.poll();
                if (message == null && cut != null) {
                    return;
                }
            }
            if (message == null) {
                scheduler.await(primaryInbox, Long.MAX_VALUE, "link" + number + " awaits answers");
                continue;
            }
            if (message.deliverAt > scheduler.now()) {
                scheduler.sleep(message.deliverAt - scheduler.now(), "link" + number + " answer in flight");
            }
            if (cut != null) {
                return;
            }
            if (message.confirmed) {
                synchronized (this) {
                    confirmationsAnswered++;
                }
                scheduler.wake(confirmation);
            } else {
                try {
                    primary.acknowledge(message.acknowledged);
                } catch (IOException e) {
                    cut("the primary cannot record an acknowledgement: " + e.getMessage());
                }
            }
        }
    }

    static long millis(int ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }
}
