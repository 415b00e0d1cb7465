package dev.mirrorline.engine.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.mirrorline.engine.VolumeGeometry;

class PairHandshakeTest {

    private static final VolumeGeometry ONE_GIB = VolumeGeometry.ofSize(1L << 30);
    private final PairHandshake primary = new PairHandshake("db-pair", ONE_GIB, 4096, PairHandshake.PROTOCOL_VERSION);

    @Test
    void sidesOfTheSamePairWithEqualVolumesMayReplicate() {
        assertEquals(Optional.empty(),
                primary.refusalFor(new PairHandshake("db-pair", ONE_GIB, 4096, PairHandshake.PROTOCOL_VERSION)));
    }

    @Test
    void aPeerOfAnotherPairIsRefusedWithBothNames() {
        assertEquals(Optional.of("The peer belongs to pair 'web-pair', not to pair 'db-pair': check the peer's address"),
                primary.refusalFor(new PairHandshake("web-pair", ONE_GIB, 4096, PairHandshake.PROTOCOL_VERSION)));
    }

    @Test
    void aPeerWithAVolumeOfAnotherSizeIsRefusedWithBothSizes() {
        assertEquals(Optional.of("The peer's volume is 536870912 bytes in 4096-byte blocks, this volume is"
                + " 1073741824 bytes in 4096-byte blocks: a pair needs equal sizes and block sizes"),
                primary.refusalFor(new PairHandshake("db-pair", VolumeGeometry.ofSize(1L << 29), 4096,
                        PairHandshake.PROTOCOL_VERSION)));
    }

    @Test
    void aPeerWithAnotherChunkSizeIsRefused() {
        assertEquals(Optional.of("The peer uses 65536-byte chunks, this node 4096-byte chunks: the pair's"
                + " configuration differs between the two sides"),
                primary.refusalFor(new PairHandshake("db-pair", ONE_GIB, 65536, PairHandshake.PROTOCOL_VERSION)));
    }

    @Test
    void aPeerSpeakingAnotherProtocolVersionIsRefusedFirst() {
        assertEquals(Optional.of("The peer speaks replication protocol version 2, this node version 1: install the"
                + " same Mirrorline version on both"),
                primary.refusalFor(new PairHandshake("other", ONE_GIB, 65536, 2)));
    }
}
