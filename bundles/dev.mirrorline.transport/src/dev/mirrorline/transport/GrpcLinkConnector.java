package dev.mirrorline.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;

import dev.mirrorline.engine.replication.LinkRefusedException;
import dev.mirrorline.engine.replication.LinkSupervisor;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.PrimaryReplicator;

/**
 * Opens replication links over gRPC for a {@link LinkSupervisor}: connects a
 * {@link ReplicationClient} to the secondary's address, and delivers its acknowledgements to the
 * primary.
 */
public final class GrpcLinkConnector implements LinkSupervisor.Connector {

    private final InetSocketAddress secondary;
    private final PairHandshake handshake;
    private final Duration timeout;
    private final TransportSecurity security;

    /**
     * @param secondary the secondary's address
     * @param handshake what the primary states about the pair
     * @param timeout how long the handshake, and any send, may wait for the secondary
     * @param security mutual TLS with the secondary pinned for the pair (or plaintext, for loopback tests)
     */
    public GrpcLinkConnector(InetSocketAddress secondary, PairHandshake handshake, Duration timeout,
            TransportSecurity security) {
        this.secondary = secondary;
        this.handshake = handshake;
        this.timeout = timeout;
        this.security = security;
    }

    @Override
    public LinkSupervisor.Connection connect(PrimaryReplicator primary) throws IOException, InterruptedException {
        ReplicationClient client;
        try {
            client = open(primary);
        } catch (PeerRefusedException e) {
            if (e.isBusy()) {
                throw e; // tried again after the backoff
            }
            throw new LinkRefusedException(e.getMessage(), e);
        }
        return new LinkSupervisor.Connection(client, secondary.getHostString() + ":" + secondary.getPort(),
                client.lastAppliedAtConnect(), client.secondaryGenerations(), client);
    }

    /**
     * Connects a replication client to the secondary and makes it deliver the secondary's
     * acknowledgements to the primary; the caller hands it to the primary and closes it.
     *
     * @param primary the primary the client serves
     * @return the connected client
     * @throws PeerRefusedException if the secondary refuses this primary
     * @throws LinkDownException if it cannot be reached or does not answer in time
     * @throws InterruptedException if interrupted while connecting
     */
    public ReplicationClient open(PrimaryReplicator primary) throws LinkDownException, InterruptedException {
        ReplicationClient client = ReplicationClient.connect(secondary, handshake, primary.generations(), timeout,
                security);
        client.onAcknowledgement(sequence -> {
            try {
                primary.acknowledge(sequence);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return client;
    }
}
