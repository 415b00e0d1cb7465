package dev.mirrorline.transport;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

import javax.net.ssl.SSLException;

import dev.mirrorline.engine.replication.Generations;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.ReplicatedWrite;
import dev.mirrorline.engine.replication.ReplicationLink;
import dev.mirrorline.transport.proto.PrimaryMessage;
import dev.mirrorline.transport.proto.ReplicationServiceGrpc;
import dev.mirrorline.transport.proto.SecondaryMessage;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * The primary's end of one replication stream to a secondary: the handshake, batches of writes
 * sent under gRPC flow control, and the secondary's cumulative acknowledgements.
 *
 * <p>{@link #send} waits while the transport is not ready for more (HTTP/2 flow control), so a
 * slow secondary slows the sender down instead of growing a queue.
 */
public final class ReplicationClient implements ReplicationLink, AutoCloseable {

    private final InetSocketAddress peer;
    private final TransportSecurity security;
    private final ManagedChannel channel;
    private final Duration timeout;
    private final CompletableFuture<Long> welcome = new CompletableFuture<>();
    private volatile Generations secondaryGenerations;
    private CompletableFuture<Void> markedConsistent;
    private final Object lock = new Object();
    private ClientCallStreamObserver<PrimaryMessage> requests;
    private volatile LongConsumer acknowledgementListener = sequence -> {
    };
    private long acknowledged;
    /** When the secondary last sent anything (System.nanoTime). */
    private volatile long lastHeardNanos = System.nanoTime();
    private LinkDownException failure;

    private ReplicationClient(InetSocketAddress peer, Duration timeout, TransportSecurity security, String pairId)
            throws SSLException {
        GrpcRuntime.ensureInitialised();
        this.peer = peer;
        this.timeout = timeout;
        this.security = security;
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(peer);
        this.channel = (security.isPlaintext() ? builder.usePlaintext()
                : builder.sslContext(security.clientContext(pairId)))
                .maxInboundMessageSize(Transport.MAX_MESSAGE_BYTES)
                .flowControlWindow(Transport.FLOW_CONTROL_WINDOW_BYTES)
                .build();
    }

    /**
     * Connects to a secondary and performs the handshake.
     *
     * @param peer the secondary's address
     * @param local what this primary states about the pair
     * @param generations this primary's data history
     * @param timeout how long to wait for the secondary's answer to the handshake, and at most for
     *        the stream to accept more data (a stream that accepts nothing for that long is down)
     * @param security how the connection is protected; with mutual TLS the secondary must present a
     *        certificate pinned for the pair of {@code local}
     * @return the connected client
     * @throws PeerRefusedException if the secondary refuses this primary, its certificate included
     *         (its reason is the message)
     * @throws UntrustedPeerException if the secondary's certificate is not the one pinned for the pair
     * @throws LinkDownException if it cannot be reached or does not answer in time
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalArgumentException if plaintext is asked for to an address that is not a loopback address
     */
    public static ReplicationClient connect(InetSocketAddress peer, PairHandshake local, Generations generations,
            Duration timeout, TransportSecurity security) throws LinkDownException, InterruptedException {
        security.checkAddress(peer);
        ReplicationClient client;
        try {
            client = new ReplicationClient(peer, timeout, security, local.pairId());
        } catch (SSLException e) {
            throw new LinkDownException("The TLS context for " + peer.getHostString() + ":" + peer.getPort()
                    + " cannot be made: " + e.getMessage(), e);
        }
        try {
            client.start(local, generations);
            return client;
        } catch (LinkDownException | InterruptedException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private void start(PairHandshake local, Generations generations) throws LinkDownException, InterruptedException {
        ReplicationServiceGrpc.newStub(channel).replicate(new Responses());
        synchronized (lock) {
            requests.onNext(PrimaryMessage.newBuilder()
                    .setHello(WireFormat.hello(local).toBuilder().setGenerations(WireFormat.generations(generations)))
                    .build());
        }
        try {
            long lastApplied = welcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (lock) {
                acknowledged = lastApplied;
            }
        } catch (TimeoutException e) {
            throw new LinkDownException(describePeer() + " did not answer the handshake within " + timeout.toMillis()
                    + " ms", e);
        } catch (ExecutionException e) {
            throw (LinkDownException) e.getCause();
        }
    }

    /** @return the secondary's generations as it stated them in the handshake */
    public Generations secondaryGenerations() {
        return secondaryGenerations;
    }

    @Override
    public void markConsistent(Generations primary) throws LinkDownException, InterruptedException {
        CompletableFuture<Void> marked = new CompletableFuture<>();
        synchronized (lock) {
            if (failure != null) {
                throw failure;
            }
            markedConsistent = marked;
            requests.onNext(PrimaryMessage.newBuilder()
                    .setMarkConsistent(dev.mirrorline.transport.proto.MarkConsistent.newBuilder()
                            .setGenerations(WireFormat.generations(primary)))
                    .build());
        }
        // the secondary first writes what it staged during a resync into its volume, which may take
        // longer than the timeout: while it answers (it repeats its acknowledgement), it is waited for
        while (true) {
            try {
                marked.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() - lastHeardNanos > timeout.toNanos()) {
                    throw new LinkDownException(describePeer() + " did not confirm its new generation within "
                            + timeout.toMillis() + " ms", e);
                }
            } catch (ExecutionException e) {
                throw (LinkDownException) e.getCause();
            }
        }
    }

    /** @return the highest sequence number the secondary had applied when the stream opened */
    public long lastAppliedAtConnect() {
        return welcome.getNow(0L);
    }

    /**
     * @param listener told each acknowledgement's sequence number (repeats included: they answer
     *        keepalives), on a gRPC thread, before {@link #awaitAcknowledged} callers wake
     */
    public void onAcknowledgement(LongConsumer listener) {
        acknowledgementListener = listener;
    }

    /** @return the highest sequence number the secondary has acknowledged on this stream */
    public long acknowledged() {
        synchronized (lock) {
            return acknowledged;
        }
    }

    /**
     * Sends a batch of writes, waiting while the transport is not ready for more.
     *
     * @param batch writes in sequence order
     * @throws LinkDownException if the stream has ended, or accepted nothing for the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    @Override
    public void send(List<ReplicatedWrite> batch) throws LinkDownException, InterruptedException {
        PrimaryMessage message = PrimaryMessage.newBuilder().setBatch(WireFormat.batch(batch)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (failure == null && !requests.isReady()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LinkDownException(describePeer() + " accepted no data for " + timeout.toMillis()
                            + " ms", null);
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            if (failure != null) {
                throw failure;
            }
            requests.onNext(message);
        }
    }

    @Override
    public LinkDownException failure() {
        synchronized (lock) {
            return failure;
        }
    }

    /**
     * Waits until the secondary has acknowledged a sequence number.
     *
     * @param sequence the sequence number
     * @param timeout how long to wait at most
     * @throws LinkDownException if the stream ends first, or the time runs out
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitAcknowledged(long sequence, Duration timeout) throws LinkDownException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (acknowledged < sequence) {
                if (failure != null) {
                    throw failure;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LinkDownException(describePeer() + " acknowledged up to " + acknowledged + ", not "
                            + sequence + ", within " + timeout.toMillis() + " ms", null);
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
    }

    /** Ends the stream and closes the channel. */
    @Override
    public void close() {
        synchronized (lock) {
            if (requests != null && failure == null) {
                failure = new LinkDownException("The replication stream to " + describePeer() + " was closed", null);
                requests.onCompleted();
            }
            lock.notifyAll();
        }
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String describePeer() {
        return "Secondary " + peer.getHostString() + ":" + peer.getPort();
    }

    /** Receives the secondary's messages and the stream's end. */
    private final class Responses implements ClientResponseObserver<PrimaryMessage, SecondaryMessage> {

        @Override
        public void beforeStart(ClientCallStreamObserver<PrimaryMessage> requestStream) {
            requests = requestStream;
            requestStream.setOnReadyHandler(() -> {
                synchronized (lock) {
                    lock.notifyAll();
                }
            });
        }

        @Override
        public void onNext(SecondaryMessage message) {
            lastHeardNanos = System.nanoTime();
            if (message.hasWelcome()) {
                secondaryGenerations = WireFormat.generations(message.getWelcome().getGenerations());
                welcome.complete(message.getWelcome().getLastAppliedSequence());
                return;
            }
            if (message.hasMarkedConsistent()) {
                CompletableFuture<Void> marked;
                synchronized (lock) {
                    marked = markedConsistent;
                    markedConsistent = null;
                }
                if (marked != null) {
                    marked.complete(null);
                }
                return;
            }
            long sequence = message.getAcknowledgement().getAppliedThroughSequence();
            // the listener hears every acknowledgement, also one that repeats the last (the answer to
            // a keepalive), and first (gRPC calls onNext one at a time), so that a caller woken by
            // awaitAcknowledged finds the listener already told
            acknowledgementListener.accept(sequence);
            synchronized (lock) {
                if (sequence > acknowledged) {
                    acknowledged = sequence;
                    lock.notifyAll();
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            Status status = Status.fromThrowable(error);
            LinkDownException down = status.getCode() == Status.Code.FAILED_PRECONDITION
                    || status.getCode() == Status.Code.ALREADY_EXISTS
                            ? new PeerRefusedException(status.getDescription(), error,
                                    status.getCode() == Status.Code.ALREADY_EXISTS)
                            : TlsFailures.explain(error, describePeer(), security).orElseGet(
                                    () -> new LinkDownException("The replication stream to " + describePeer()
                                            + " failed: " + status.getCode() + (status.getDescription() != null
                                                    ? " (" + status.getDescription() + ")" : ""), error));
            end(down);
        }

        @Override
        public void onCompleted() {
            end(new LinkDownException(describePeer() + " ended the replication stream", null));
        }

        private void end(LinkDownException down) {
            synchronized (lock) {
                if (failure == null) {
                    failure = down;
                }
                lock.notifyAll();
            }
            welcome.completeExceptionally(down);
            CompletableFuture<Void> marked;
            synchronized (lock) {
                marked = markedConsistent;
            }
            if (marked != null) {
                marked.completeExceptionally(down);
            }
        }
    }
}
