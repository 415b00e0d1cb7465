package dev.mirrorline.node;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * A client connected to one of the node's NBD exports, at one moment.
 *
 * @param id a number unique among the server's connections since it was created
 * @param exportName the export it uses
 * @param remoteAddress where it connected from
 * @param connectedAt when it finished the handshake
 * @param readOnly whether it was told the export is read-only
 * @param requests requests answered so far
 * @param bytesRead bytes sent to it in answer to reads
 * @param bytesWritten bytes it wrote
 */
public record NbdClientStatus(long id, String exportName, InetSocketAddress remoteAddress, Instant connectedAt,
        boolean readOnly, long requests, long bytesRead, long bytesWritten) {

    /** @return the remote address as {@code HOST:PORT} ({@code [v6]:PORT} for IPv6) */
    public String remote() {
        return NbdExportServer.format(remoteAddress);
    }
}
