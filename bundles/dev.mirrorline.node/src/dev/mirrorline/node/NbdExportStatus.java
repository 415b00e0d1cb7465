package dev.mirrorline.node;

import java.util.List;

/**
 * One NBD export of the node, as the console and the command line show it: a volume a pair holds
 * on this node, served by the node's {@link NbdExportServer}.
 *
 * @param name the export's name, which clients ask for ({@code PAIR/primary} or {@code PAIR/secondary})
 * @param pairName the pair the volume belongs to
 * @param role whether it is the pair's primary or its (local) secondary volume
 * @param sizeBytes the volume's size
 * @param writable whether clients connecting now may write (the primary, through the replication
 *        write path; a secondary is read-only while it is a secondary)
 * @param served whether the server serves it (an administrator may stop one export,
 *        {@link NbdExportServer#stopExport}); a stopped one is listed all the same
 * @param url where clients reach it, {@code nbd://HOST:PORT/NAME}, with the port the server listens
 *        on while it runs (the configured one while it does not)
 * @param clients the clients connected to it now, oldest first
 */
public record NbdExportStatus(String name, String pairName, Role role, long sizeBytes, boolean writable,
        boolean served, String url, List<NbdClientStatus> clients) {

    /** Which volume of its pair an export serves. */
    public enum Role {
        /** The primary volume: writes go through the replication write path. */
        PRIMARY,
        /** A secondary volume held on this node: read-only while it is a secondary. */
        SECONDARY
    }

    /** Copies the client list. */
    public NbdExportStatus {
        clients = List.copyOf(clients);
    }
}
