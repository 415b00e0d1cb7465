package dev.mirrorline.transport;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.replication.Generations;
import dev.mirrorline.engine.replication.PairHandshake;
import dev.mirrorline.engine.replication.ReplicatedWrite;
import dev.mirrorline.transport.proto.Hello;
import dev.mirrorline.transport.proto.WriteBatch;

/** Converts between the engine's replication types and their protobuf messages. */
final class WireFormat {

    private WireFormat() {
    }

    static Hello hello(PairHandshake handshake) {
        return Hello.newBuilder()
                .setPairId(handshake.pairId())
                .setVolumeSizeBytes(handshake.geometry().sizeBytes())
                .setBlockSize(handshake.geometry().blockSize())
                .setChunkSize(handshake.chunkSize())
                .setProtocolVersion(handshake.protocolVersion())
                .build();
    }

    /**
     * @param generations a side's generations, or null if it was never synchronised
     * @return the message; without a current generation for null
     */
    static dev.mirrorline.transport.proto.Generations generations(Generations generations) {
        if (generations == null) {
            return dev.mirrorline.transport.proto.Generations.getDefaultInstance();
        }
        return dev.mirrorline.transport.proto.Generations.newBuilder()
                .setCurrent(generations.current().toString())
                .addAllHistory(generations.history().stream().map(java.util.UUID::toString).toList())
                .build();
    }

    /**
     * @return the generations, or null if the message has none (a side never synchronised)
     * @throws IllegalArgumentException if an identifier is malformed
     */
    static Generations generations(dev.mirrorline.transport.proto.Generations message) {
        if (message.getCurrent().isEmpty()) {
            return null;
        }
        return new Generations(java.util.UUID.fromString(message.getCurrent()),
                message.getHistoryList().stream().map(java.util.UUID::fromString).toList());
    }

    static PairHandshake handshake(Hello hello) {
        return new PairHandshake(hello.getPairId(),
                new VolumeGeometry(hello.getVolumeSizeBytes(), hello.getBlockSize()), hello.getChunkSize(),
                hello.getProtocolVersion());
    }

    static WriteBatch batch(List<ReplicatedWrite> writes) {
        WriteBatch.Builder batch = WriteBatch.newBuilder();
        for (ReplicatedWrite write : writes) {
            batch.addWrites(dev.mirrorline.transport.proto.ReplicatedWrite.newBuilder()
                    .setSequence(write.sequence())
                    .setOffset(write.offset())
                    // no copy: the write's buffer is read-only and not changed while it is in flight
                    .setData(UnsafeByteOperations.unsafeWrap(write.data().duplicate()))
                    .setCrc32C(write.crc32c()));
        }
        return batch.build();
    }

    static List<ReplicatedWrite> writes(WriteBatch batch) {
        List<ReplicatedWrite> writes = new ArrayList<>(batch.getWritesCount());
        for (dev.mirrorline.transport.proto.ReplicatedWrite write : batch.getWritesList()) {
            ByteString data = write.getData();
            writes.add(new ReplicatedWrite(write.getSequence(), write.getOffset(), data.asReadOnlyByteBuffer(),
                    write.getCrc32C()));
        }
        return writes;
    }
}
