package dev.mirrorline.nbd;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client connected to an export (in the transmission phase), with what it did so far. The
 * counters are live: they change while the client works.
 */
public final class NbdClient {

    private final long id;
    private final String exportName;
    private final InetSocketAddress remoteAddress;
    private final Instant connectedAt;
    private final boolean readOnly;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicLong bytesWritten = new AtomicLong();

    NbdClient(long id, String exportName, InetSocketAddress remoteAddress, Instant connectedAt, boolean readOnly) {
        this.id = id;
        this.exportName = exportName;
        this.remoteAddress = remoteAddress;
        this.connectedAt = connectedAt;
        this.readOnly = readOnly;
    }

    /** @return a number unique among this server's connections */
    public long id() {
        return id;
    }

    /** @return the export it uses */
    public String exportName() {
        return exportName;
    }

    /** @return where it connected from */
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    /** @return when it entered the transmission phase */
    public Instant connectedAt() {
        return connectedAt;
    }

    /** @return whether it was told the export is read-only */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** @return requests answered so far */
    public long requests() {
        return requests.get();
    }

    /** @return bytes sent to it in answer to reads */
    public long bytesRead() {
        return bytesRead.get();
    }

    /** @return bytes it wrote (zeroes written for it included) */
    public long bytesWritten() {
        return bytesWritten.get();
    }

    @Override
    public String toString() {
        return "NBD client " + id + " from " + remoteAddress + " on export " + exportName;
    }
}
