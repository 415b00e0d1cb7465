package dev.mirrorline.transport;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What pairing leaves behind on two nodes: each has its own identity and pins the other's
 * certificate for the pair, so that their connections use mutual TLS.
 */
final class PairedNodes {

    final NodeIdentity primaryIdentity;
    final NodeIdentity secondaryIdentity;
    final PinnedPeers primaryPins;
    final PinnedPeers secondaryPins;
    /** The primary's security: it trusts the secondary for the pair. */
    final TransportSecurity primary;
    /** The secondary's security: it trusts the primary for the pair. */
    final TransportSecurity secondary;

    private PairedNodes(NodeIdentity primaryIdentity, NodeIdentity secondaryIdentity, PinnedPeers primaryPins,
            PinnedPeers secondaryPins) {
        this.primaryIdentity = primaryIdentity;
        this.secondaryIdentity = secondaryIdentity;
        this.primaryPins = primaryPins;
        this.secondaryPins = secondaryPins;
        this.primary = TransportSecurity.mutualTls(primaryIdentity, primaryPins);
        this.secondary = TransportSecurity.mutualTls(secondaryIdentity, secondaryPins);
    }

    /**
     * @param directory where both nodes keep their identities and pins
     * @param pairId the pair they are paired for
     * @return the two nodes' security
     */
    static PairedNodes forPair(Path directory, String pairId) throws IOException {
        NodeIdentity primary = NodeIdentity.loadOrCreate(directory.resolve("primary-node"), "primary");
        NodeIdentity secondary = NodeIdentity.loadOrCreate(directory.resolve("secondary-node"), "secondary");
        PinnedPeers primaryPins = PinnedPeers.open(directory.resolve("primary-node").resolve("pinned-peers"));
        PinnedPeers secondaryPins = PinnedPeers.open(directory.resolve("secondary-node").resolve("pinned-peers"));
        primaryPins.pin(pairId, secondary.fingerprint());
        secondaryPins.pin(pairId, primary.fingerprint());
        return new PairedNodes(primary, secondary, primaryPins, secondaryPins);
    }
}
