package dev.mirrorline.transport;

import java.io.IOException;
import java.util.Optional;

import dev.mirrorline.engine.replication.DamagedWriteException;
import dev.mirrorline.engine.replication.Generations;
import dev.mirrorline.engine.replication.PairHandshake;
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
 * <p>Batches are applied on the call's thread, inside {@code onNext}: gRPC delivers the next
 * message only after that returns, so a slow disk slows the primary down through HTTP/2 flow
 * control instead of filling a queue. One primary at a time: a second stream is refused while one
 * is open.
 */
public final class SecondaryReplicationService extends ReplicationServiceGrpc.ReplicationServiceImplBase {

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
        return new Stream(responses);
    }

    /** One primary's stream. */
    private final class Stream implements StreamObserver<PrimaryMessage> {
        private final StreamObserver<SecondaryMessage> responses;
        private boolean welcomed;
        private boolean ended;

        Stream(StreamObserver<SecondaryMessage> responses) {
            this.responses = responses;
        }

        @Override
        public void onNext(PrimaryMessage message) {
            if (ended) {
                return;
            }
            try {
                handle(message);
            } catch (RuntimeException e) {
                // a defect here must not leave the stream, and this secondary's one stream slot, hanging
                end(Status.INTERNAL.withDescription("The secondary failed: " + e).withCause(e));
            }
        }

        private void handle(PrimaryMessage message) {
            if (!welcomed) {
                greet(message);
                return;
            }
            if (message.hasMarkConsistent()) {
                markConsistent(message.getMarkConsistent());
                return;
            }
            if (!message.hasBatch()) {
                end(Status.INVALID_ARGUMENT.withDescription("Only write batches may follow the Hello"));
                return;
            }
            try {
                long applied = applier.apply(WireFormat.writes(message.getBatch()));
                responses.onNext(SecondaryMessage.newBuilder()
                        .setAcknowledgement(Acknowledgement.newBuilder().setAppliedThroughSequence(applied))
                        .build());
            } catch (DamagedWriteException e) {
                end(Status.DATA_LOSS.withDescription(e.getMessage()));
            } catch (SequenceGapException e) {
                end(Status.OUT_OF_RANGE.withDescription(e.getMessage()));
            } catch (IllegalArgumentException e) {
                end(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
            } catch (IOException e) {
                end(Status.INTERNAL.withDescription("The secondary cannot apply writes: " + e.getMessage()));
            }
        }

        private void markConsistent(MarkConsistent mark) {
            try {
                Generations primary = WireFormat.generations(mark.getGenerations());
                if (primary == null) {
                    end(Status.INVALID_ARGUMENT.withDescription("MarkConsistent names no generation"));
                    return;
                }
                applier.adopt(primary);
                responses.onNext(SecondaryMessage.newBuilder()
                        .setMarkedConsistent(MarkedConsistent.getDefaultInstance()).build());
            } catch (IllegalArgumentException e) {
                end(Status.INVALID_ARGUMENT.withDescription(e.getMessage()));
            } catch (IOException e) {
                end(Status.INTERNAL.withDescription("The secondary cannot record its generations: " + e.getMessage()));
            }
        }

        /** Why this secondary must not accept writes from a primary with these generations, if it must not. */
        private Optional<String> generationRefusal(Generations primary) throws IOException {
            if (primary == null) {
                return Optional.of("The peer states no generations: it is not a Mirrorline primary of this version");
            }
            Generations ours = applier.generations();
            if (ours == null) {
                // a new pair, whose volumes start out equal: if the primary already wrote without it
                // (it could not reach this secondary at first), what it wrote is in its outage
                // snapshot, and this secondary is behind like any other
                if (primary.history().isEmpty()) {
                    applier.adopt(primary);
                } else {
                    applier.beginResync();
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

        private void end(Status status) {
            ended = true;
            release();
            responses.onError(status.asRuntimeException());
        }

        @Override
        public void onError(Throwable error) {
            ended = true;
            release(); // the primary went away; it reconnects and resends what was not acknowledged
        }

        @Override
        public void onCompleted() {
            if (!ended) {
                ended = true;
                release();
                responses.onCompleted();
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
