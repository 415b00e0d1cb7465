package dev.mirrorline.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.mirrorline.engine.replication.DamagedWriteException;
import dev.mirrorline.engine.replication.Generations;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.ReplicatedWrite;
import dev.mirrorline.engine.replication.SecondaryApplier;
import dev.mirrorline.engine.replication.SequenceGapException;
import dev.mirrorline.transport.proto.Acknowledgement;
import dev.mirrorline.transport.proto.MarkConsistent;
import dev.mirrorline.transport.proto.MarkedConsistent;
import dev.mirrorline.transport.proto.PrimaryMessage;
import dev.mirrorline.transport.proto.ReplicationServiceGrpc;
import dev.mirrorline.transport.proto.SecondaryMessage;
import dev.mirrorline.transport.proto.Welcome;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * The secondary's end of the replication stream: checks the primary's handshake, applies each
 * batch with the {@link SecondaryApplier} and acknowledges it.
 *
 * <p>The handshake also compares generations: a secondary that is behind is welcomed (the primary
 * resyncs it), one that was written since it left this primary, or a split brain, is refused with
 * the reason and left untouched.
 *
 * <p>Over mutual TLS, the primary's certificate must be pinned for this secondary's pair: a
 * certificate pinned only for another pair is refused (PERMISSION_DENIED) before anything else.
 *
 * <p>Batches are applied in order by one applying thread per stream, with group commit: the
 * batches that arrived while the previous group was being applied are applied together, with one
 * flush of the volume (during a resync: of the staged writes) and one acknowledgement for all of
 * them. At most {@link #QUEUED_MESSAGES} messages wait: the stream asks gRPC for a message only
 * when there is room for it, so a slow disk still slows the primary down through HTTP/2 flow
 * control instead of filling memory. One primary at a time: a second stream is refused while one
 * is open (until the first one's applying thread has stopped).
 */
public final class SecondaryReplicationService extends ReplicationServiceGrpc.ReplicationServiceImplBase {

    /** How many received messages may wait to be applied. */
    static final int QUEUED_MESSAGES = 8;
    /** The most writes applied as one group. */
    static final int MAX_GROUP_WRITES = 4096;

    /**
     * While the secondary writes a resync's staged writes into its volume (which can take longer
     * than the primary's link timeout), it repeats its last acknowledgement this often, so that the
     * primary knows it is alive and waits for the confirmation.
     */
    static final Duration STILL_APPLYING_INTERVAL = Duration.ofMillis(500);

    /** Sends the acknowledgements that say "still applying". */
    private static final ScheduledExecutorService STILL_APPLYING = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "mirrorline-secondary-still-applying");
        thread.setDaemon(true);
        return thread;
    });

    /** Applies the streams' batches; a thread is kept only while a stream has something to apply. */
    private static final ExecutorService APPLYING = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "mirrorline-secondary-apply");
        thread.setDaemon(true);
        return thread;
    });

    private final PairHandshake local;
    private final SecondaryApplier applier;
    private final Object streamLock = new Object();
    private boolean streamOpen;

    /**
     * @param local what this secondary states about the pair
     * @param applier applies the writes to the secondary volume
     */
    public SecondaryReplicationService(PairHandshake local, SecondaryApplier applier) {
        this.local = local;
        this.applier = applier;
    }

    @Override
    public StreamObserver<PrimaryMessage> replicate(StreamObserver<SecondaryMessage> responses) {
        ServerCallStreamObserver<SecondaryMessage> call = (ServerCallStreamObserver<SecondaryMessage>) responses;
        call.disableAutoRequest(); // messages are asked for when there is room to queue them
        Stream stream = open(call);
        // set, so that a response to a primary that went away is dropped instead of thrown
        call.setOnCancelHandler(stream::cancelled);
        call.request(1); // the Hello
        return stream;
    }

    /**
     * A stream on a call that a router took on: it disabled the call's automatic requests, asked
     * for the Hello, and calls {@link Stream#cancelled()} when the call is cancelled (gRPC allows
     * both only while the call starts, before the Hello says which secondary it is for).
     *
     * @param call the call
     * @return the stream, to be given the Hello and what follows
     */
    Stream open(ServerCallStreamObserver<SecondaryMessage> call) {
        return new Stream(call);
    }

    /** One primary's stream. */
    final class Stream implements StreamObserver<PrimaryMessage> {
        private final ServerCallStreamObserver<SecondaryMessage> responses;
        /** Guards the queue and the stream's state; responses are sent holding it too. */
        private final Object lock = new Object();
        private final ArrayDeque<PrimaryMessage> queue = new ArrayDeque<>();
        private boolean welcomed;
        private boolean ended;
        private boolean applying;

        Stream(ServerCallStreamObserver<SecondaryMessage> responses) {
            this.responses = responses;
        }

        @Override
        public void onNext(PrimaryMessage message) {
            synchronized (lock) {
                if (ended) {
                    return;
                }
                if (!welcomed) {
                    try {
                        greet(message);
                    } catch (RuntimeException e) {
                        // a defect here must not leave the stream, and this secondary's one stream slot, hanging
                        end(Status.INTERNAL.withDescription("The secondary failed: " + e).withCause(e));
                    }
                    if (welcomed && !ended) {
                        responses.request(QUEUED_MESSAGES);
                    }
                    return;
                }
                queue.add(message);
                if (!applying) {
                    applying = true;
                    APPLYING.execute(this::applyQueued);
                }
            }
        }

        /** On the applying thread: applies what is queued, a group at a time, until nothing is left. */
        private void applyQueued() {
            while (true) {
                List<PrimaryMessage> group = new ArrayList<>();
                synchronized (lock) {
                    if (ended || queue.isEmpty()) {
                        applying = false;
                        if (ended) {
                            release();
                        }
                        return;
                    }
                    int writes = 0;
                    while (!queue.isEmpty() && queue.peek().hasBatch()
                            && (group.isEmpty() || writes + queue.peek().getBatch().getWritesCount() <= MAX_GROUP_WRITES)) {
                        writes += queue.peek().getBatch().getWritesCount();
                        group.add(queue.poll());
                    }
                    if (group.isEmpty()) {
                        group.add(queue.poll()); // a message other than a batch, on its own and in order
                    }
                }
                try {
                    if (group.get(0).hasBatch()) {
                        applyGroup(group);
                    } else {
                        handleOther(group.get(0));
                    }
                } catch (RuntimeException e) {
                    synchronized (lock) {
                        end(Status.INTERNAL.withDescription("The secondary failed: " + e).withCause(e));
                    }
                }
                synchronized (lock) {
                    if (!ended) {
                        responses.request(group.size()); // room for as many as were taken
                    }
                }
            }
        }

        private void applyGroup(List<PrimaryMessage> group) {
            List<ReplicatedWrite> writes = new ArrayList<>();
            for (PrimaryMessage message : group) {
                writes.addAll(WireFormat.writes(message.getBatch()));
            }
            Status failure;
            try {
                long applied = applier.apply(writes); // one flush for the whole group
                synchronized (lock) {
                    if (!ended) {
                        responses.onNext(SecondaryMessage.newBuilder()
                                .setAcknowledgement(Acknowledgement.newBuilder().setAppliedThroughSequence(applied))
                                .build());
                    }
                }
                return;
            } catch (DamagedWriteException e) {
                failure = Status.DATA_LOSS.withDescription(e.getMessage());
            } catch (SequenceGapException e) {
                failure = Status.OUT_OF_RANGE.withDescription(e.getMessage());
            } catch (IllegalArgumentException e) {
                failure = Status.INVALID_ARGUMENT.withDescription(e.getMessage());
            } catch (IOException e) {
                failure = Status.INTERNAL.withDescription("The secondary cannot apply writes: " + e.getMessage());
            }
            synchronized (lock) {
                end(failure);
            }
        }

        private void handleOther(PrimaryMessage message) {
            if (message.hasMarkConsistent()) {
                markConsistent(message.getMarkConsistent());
                return;
            }
            synchronized (lock) {
                end(Status.INVALID_ARGUMENT.withDescription("Only write batches may follow the Hello"));
            }
        }

        /** Repeats the last acknowledgement: the secondary is alive, busy applying. */
        private void acknowledgeAgain(long applied) {
            synchronized (lock) {
                if (!ended) {
                    responses.onNext(SecondaryMessage.newBuilder()
                            .setAcknowledgement(Acknowledgement.newBuilder().setAppliedThroughSequence(applied))
                            .build());
                }
            }
        }

        /** On the applying thread, after every batch before it was applied. */
        private void markConsistent(MarkConsistent mark) {
            Status failure;
            try {
                Generations primary = WireFormat.generations(mark.getGenerations());
                if (primary == null) {
                    failure = Status.INVALID_ARGUMENT.withDescription("MarkConsistent names no generation");
                } else {
                    long applied = applier.lastAppliedSequence(); // adopt holds the applier until it is done
                    ScheduledFuture<?> stillApplying = STILL_APPLYING.scheduleAtFixedRate(() -> acknowledgeAgain(applied),
                            STILL_APPLYING_INTERVAL.toMillis(), STILL_APPLYING_INTERVAL.toMillis(),
                            TimeUnit.MILLISECONDS);
                    try {
                        applier.adopt(primary); // with the writes staged during a resync: writes them into the volume
                    } finally {
                        stillApplying.cancel(false);
                    }
                    synchronized (lock) {
                        if (!ended) {
                            responses.onNext(SecondaryMessage.newBuilder()
                                    .setMarkedConsistent(MarkedConsistent.getDefaultInstance()).build());
                        }
                    }
                    return;
                }
            } catch (IllegalArgumentException e) {
                failure = Status.INVALID_ARGUMENT.withDescription(e.getMessage());
            } catch (IOException e) {
                failure = Status.INTERNAL.withDescription("The secondary cannot record its generations: "
                        + e.getMessage());
            }
            synchronized (lock) {
                end(failure);
            }
        }

        /** Why this secondary must not accept writes from a primary with these generations, if it must not. */
        private Optional<String> generationRefusal(Generations primary) throws IOException {
            if (primary == null) {
                return Optional.of("The peer states no generations: it is not a Mirrorline primary of this version");
            }
            Generations ours = applier.generations();
            if (ours == null) {
                // a new pair: the volumes start out equal, or the primary copies itself in full; if it
                // already wrote without this secondary, what it wrote is in its outage and this
                // secondary is behind. It was never a copy, so it has none to keep: the resync writes
                // into its volume directly, without staging
                if (primary.history().isEmpty()) {
                    applier.adopt(primary);
                }
                return Optional.empty();
            }
            return switch (primary.compareWithSecondary(ours)) {
                case IN_SYNC -> Optional.empty();
                case SECONDARY_BEHIND -> {
                    applier.beginResync(); // keep the last consistent state until the resync completes
                    yield Optional.empty();
                }
                case PRIMARY_BEHIND -> Optional.of("The secondary was written after it left this primary (its"
                        + " generation " + ours.shortCurrent() + " follows the primary's " + primary.shortCurrent()
                        + "): it is ahead. Make it the primary, or discard its changes");
                case SPLIT_BRAIN -> Optional.of("Split brain: both sides wrote while apart (primary generation "
                        + primary.shortCurrent() + ", secondary generation " + ours.shortCurrent() + "). Neither"
                        + " volume was changed; choose the side whose data to keep");
            };
        }

        private void greet(PrimaryMessage message) {
            if (!message.hasHello()) {
                end(Status.INVALID_ARGUMENT.withDescription("The replication stream must start with a Hello"));
                return;
            }
            Optional<String> untrusted = AuthenticatedPeer.refusalForCurrentCall(local.pairId());
            if (untrusted.isPresent()) {
                end(Status.PERMISSION_DENIED.withDescription(untrusted.get()));
                return;
            }
            // one stream at a time, taken before the generations are looked at: they may start a resync
            synchronized (streamLock) {
                if (streamOpen) {
                    end(Status.ALREADY_EXISTS.withDescription("Another primary is already replicating to this"
                            + " secondary"));
                    return;
                }
                streamOpen = true;
            }
            welcomed = true;
            Optional<String> refusal;
            try {
                refusal = local.refusalFor(WireFormat.handshake(message.getHello()));
                if (refusal.isEmpty()) {
                    refusal = generationRefusal(WireFormat.generations(message.getHello().getGenerations()));
                }
            } catch (IllegalArgumentException e) {
                refusal = Optional.of("The peer states an impossible volume or generation: " + e.getMessage());
            } catch (IOException e) {
                end(Status.INTERNAL.withDescription("The secondary cannot read or record its generations: "
                        + e.getMessage()));
                return;
            }
            if (refusal.isPresent()) {
                end(Status.FAILED_PRECONDITION.withDescription(refusal.get()));
                return;
            }
            responses.onNext(SecondaryMessage.newBuilder()
                    .setWelcome(Welcome.newBuilder().setLastAppliedSequence(applier.lastAppliedSequence())
                            .setGenerations(WireFormat.generations(applier.generations())))
                    .build());
        }

        /** Ends the stream with an error; the caller holds the lock. */
        private void end(Status status) {
            if (ended) {
                return;
            }
            stop();
            responses.onError(status.asRuntimeException());
        }

        /** The primary cancelled the call (it closed its link). */
        void cancelled() {
            synchronized (lock) {
                stop();
            }
        }

        @Override
        public void onError(Throwable error) {
            synchronized (lock) {
                stop(); // the primary went away; it reconnects and resends what was not acknowledged
            }
        }

        @Override
        public void onCompleted() {
            synchronized (lock) {
                if (!ended) {
                    stop();
                    responses.onCompleted();
                }
            }
        }

        /**
         * Drops what is queued and frees this secondary's stream slot, at once or, while a group is
         * being applied, once it is: a new stream must not apply beside it. The caller holds the lock.
         */
        private void stop() {
            ended = true;
            queue.clear();
            if (!applying) {
                release();
            }
        }

        private void release() {
            if (welcomed) {
                synchronized (streamLock) {
                    streamOpen = false;
                }
                welcomed = false;
            }
        }
    }
}
