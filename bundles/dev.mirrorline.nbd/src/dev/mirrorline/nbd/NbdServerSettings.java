package dev.mirrorline.nbd;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link NbdServer} listens and what it allows each client.
 *
 * @param address where to listen; port 0 picks a free port (see {@link NbdServer#address()})
 * @param maxConnections connections served at once, in handshake or transmission; more are closed
 *        as soon as they are accepted
 * @param maxRequestBytes the largest read or write one request may carry, advertised as the
 *        maximum block size; larger reads get {@code EINVAL}, larger writes close the connection
 *        (their payload is not read)
 * @param workersPerConnection requests of one connection executed at once
 * @param handshakeTimeout how long a client may take over each step of the handshake
 */
public record NbdServerSettings(InetSocketAddress address, int maxConnections, int maxRequestBytes,
        int workersPerConnection, Duration handshakeTimeout) {

    /** The port IANA reserved for NBD. */
    public static final int DEFAULT_PORT = 10809;
    /** 32 MiB: the largest request length clients are told to expect servers to accept. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 32 << 20;

    /** Checks the values. */
    public NbdServerSettings {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("At most " + maxConnections + " connections: allow at least one");
        }
        if (maxRequestBytes < 1 << 20 || maxRequestBytes > 1 << 30 || Integer.bitCount(maxRequestBytes) != 1) {
            throw new IllegalArgumentException("Largest request " + maxRequestBytes
                    + " bytes is not allowed: it must be a power of two from 1 MiB to 1 GiB");
        }
        if (workersPerConnection < 1 || workersPerConnection > 64) {
            throw new IllegalArgumentException(workersPerConnection
                    + " workers per connection is not allowed: from 1 to 64");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("Handshake timeout " + handshakeTimeout + " must be positive");
        }
    }

    /**
     * @return loopback only (127.0.0.1) on the NBD port 10809, 32 connections, 32 MiB requests, 8
     *     workers per connection, 30 seconds per handshake step
     */
    public static NbdServerSettings defaults() {
        return new NbdServerSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT), 32,
                DEFAULT_MAX_REQUEST_BYTES, 8, Duration.ofSeconds(30));
    }

    /**
     * @param newAddress where to listen
     * @return these settings listening there
     */
    public NbdServerSettings withAddress(InetSocketAddress newAddress) {
        return new NbdServerSettings(newAddress, maxConnections, maxRequestBytes, workersPerConnection,
                handshakeTimeout);
    }

    /**
     * @param port the port on the loopback address; 0 picks a free one
     * @return these settings listening on 127.0.0.1 at that port
     */
    public NbdServerSettings withLoopbackPort(int port) {
        return withAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /**
     * @param newMaxConnections connections served at once
     * @return these settings with that limit
     */
    public NbdServerSettings withMaxConnections(int newMaxConnections) {
        return new NbdServerSettings(address, newMaxConnections, maxRequestBytes, workersPerConnection,
                handshakeTimeout);
    }

    /**
     * @param newMaxRequestBytes the largest request
     * @return these settings with that limit
     */
    public NbdServerSettings withMaxRequestBytes(int newMaxRequestBytes) {
        return new NbdServerSettings(address, maxConnections, newMaxRequestBytes, workersPerConnection,
                handshakeTimeout);
    }

    /**
     * @param newWorkers requests of one connection executed at once
     * @return these settings with that many
     */
    public NbdServerSettings withWorkersPerConnection(int newWorkers) {
        return new NbdServerSettings(address, maxConnections, maxRequestBytes, newWorkers, handshakeTimeout);
    }

    /**
     * @param newTimeout how long a client may take over each step of the handshake
     * @return these settings with that timeout
     */
    public NbdServerSettings withHandshakeTimeout(Duration newTimeout) {
        return new NbdServerSettings(address, maxConnections, maxRequestBytes, workersPerConnection, newTimeout);
    }
}
