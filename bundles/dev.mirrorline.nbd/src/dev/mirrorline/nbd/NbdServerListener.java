package dev.mirrorline.nbd;

/**
 * Hears what happens on an {@link NbdServer}. Called on the server's own threads: return quickly,
 * and do not call back into the server from a UI thread that the server may be waiting for.
 */
public interface NbdServerListener {

    /**
     * The server listens.
     *
     * @param server the server; {@link NbdServer#address()} says where
     */
    default void started(NbdServer server) {
    }

    /**
     * The server stopped listening and closed its connections.
     *
     * @param server the server
     */
    default void stopped(NbdServer server) {
    }

    /**
     * A client finished the handshake and uses an export.
     *
     * @param client the client
     */
    default void clientConnected(NbdClient client) {
    }

    /**
     * A client that had connected to an export is gone.
     *
     * @param client the client
     * @param reason why: the client disconnected, a protocol error, the server stopping, ...
     */
    default void clientDisconnected(NbdClient client, String reason) {
    }
}
