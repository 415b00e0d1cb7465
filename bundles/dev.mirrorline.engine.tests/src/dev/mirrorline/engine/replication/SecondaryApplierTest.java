package dev.mirrorline.engine.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.volume.Volume;

class SecondaryApplierTest {

    private static final int BLOCK = 4096;
    private static final int SIZE = 1 << 20;

    @TempDir
    Path directory;

    private final EngineContext context = EngineContext.system(new EventDispatcher(Runnable::run, e -> {
        throw e;
    }));
    private final Random random = new Random(5);
    private final byte[] expected = new byte[SIZE];
    private long nextSequence = 1;

    @Test
    void batchesAreAppliedInOrderAndTheLastSequenceSurvivesAReopen() throws Exception {
        try (Volume volume = newVolume()) {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, state());
            assertEquals(0, applier.lastAppliedSequence());

            assertEquals(10, applier.apply(randomBatch(10)));
            assertEquals(25, applier.apply(randomBatch(15)));

            assertArrayEquals(expected, readAll(volume));
        }
        try (Volume reopened = Volume.open(context, directory.resolve("secondary.img"), BLOCK, directory.resolve("v"))) {
            assertEquals(25, SecondaryApplier.open(context, reopened, state()).lastAppliedSequence());
            assertArrayEquals(expected, readAll(reopened));
        }
    }

    @Test
    void writesResentAfterAReconnectThatWereAlreadyAppliedAreSkipped() throws Exception {
        try (Volume volume = newVolume()) {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, state());
            applier.apply(randomBatch(5));
            byte[] afterFive = expected.clone();
            // the primary resends 4 and 5 (with bytes that would show if they were applied again) and goes on
            List<ReplicatedWrite> resent = new ArrayList<>();
            resent.add(ReplicatedWrite.of(4, 0, ByteBuffer.wrap(filled((byte) 0x44))));
            resent.add(ReplicatedWrite.of(5, BLOCK, ByteBuffer.wrap(filled((byte) 0x55))));
            resent.add(ReplicatedWrite.of(6, 2 * BLOCK, ByteBuffer.wrap(filled((byte) 0x66))));

            assertEquals(6, applier.apply(resent));

            System.arraycopy(filled((byte) 0x66), 0, afterFive, 2 * BLOCK, BLOCK);
            assertArrayEquals(afterFive, readAll(volume));
            assertEquals(6, applier.apply(List.of(ReplicatedWrite.of(6, 0, ByteBuffer.wrap(filled((byte) 1))))));
        }
    }

    @Test
    void aMissingWriteIsRefusedAndNothingOfTheBatchIsApplied() throws Exception {
        try (Volume volume = newVolume()) {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, state());
            applier.apply(randomBatch(3));
            List<ReplicatedWrite> gap = List.of(ReplicatedWrite.of(4, 0, ByteBuffer.wrap(filled((byte) 9))),
                    ReplicatedWrite.of(7, BLOCK, ByteBuffer.wrap(filled((byte) 9))));

            SequenceGapException error = assertThrows(SequenceGapException.class, () -> applier.apply(gap));

            assertEquals("Expected write 5 next but received write 7: writes 5 to 6 are missing; nothing of the"
                    + " batch was applied", error.getMessage());
            assertEquals(5, error.expected());
            assertEquals(3, applier.lastAppliedSequence());
            assertArrayEquals(expected, readAll(volume));
        }
    }

    @Test
    void aWriteDamagedOnTheWayIsRefusedAndNothingOfTheBatchIsApplied() throws Exception {
        try (Volume volume = newVolume()) {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, state());
            byte[] data = filled((byte) 7);
            ReplicatedWrite good = ReplicatedWrite.of(1, 0, ByteBuffer.wrap(filled((byte) 1)));
            ReplicatedWrite damaged = new ReplicatedWrite(2, BLOCK, ByteBuffer.wrap(data),
                    ReplicatedWrite.checksum(ByteBuffer.wrap(filled((byte) 8))));

            DamagedWriteException error = assertThrows(DamagedWriteException.class,
                    () -> applier.apply(List.of(good, damaged)));

            assertEquals(true, error.getMessage().startsWith("Write 2 (4096 bytes at offset 4096) arrived damaged"),
                    error.getMessage());
            assertEquals(0, applier.lastAppliedSequence());
            assertArrayEquals(new byte[SIZE], readAll(volume));
        }
    }

    @Test
    void aWriteOutsideTheVolumeIsRefusedAndNothingIsApplied() throws Exception {
        try (Volume volume = newVolume()) {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, state());
            List<ReplicatedWrite> batch = List.of(ReplicatedWrite.of(1, 0, ByteBuffer.wrap(filled((byte) 1))),
                    ReplicatedWrite.of(2, SIZE, ByteBuffer.wrap(filled((byte) 1))));

            assertThrows(IllegalArgumentException.class, () -> applier.apply(batch));
            assertArrayEquals(new byte[SIZE], readAll(volume));
        }
    }

    @Test
    void aDamagedStateFileIsReportedInsteadOfGuessingWhereReplicationStood() throws Exception {
        try (Volume volume = newVolume()) {
            SecondaryApplier.open(context, volume, state()).apply(randomBatch(2));
            Path stateFile = state().resolve("secondary-applied");
            byte[] bytes = Files.readAllBytes(stateFile);
            bytes[9] ^= 1;
            Files.write(stateFile, bytes);

            IOException error = assertThrows(IOException.class, () -> SecondaryApplier.open(context, volume, state()));
            assertEquals(stateFile + " is damaged: the secondary cannot tell which replicated writes it applied;"
                    + " resynchronise the pair from the primary", error.getMessage());
        }
    }

    @Test
    void duringAResyncTheVolumeStaysTheLastConsistentCopyUntilThePrimaryMarksTheSecondaryConsistent()
            throws Exception {
        Generations first = Generations.initial(java.util.UUID.randomUUID());
        byte[] consistent;
        try (Volume volume = newVolume()) {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, state());
            applier.adopt(first);
            applier.apply(randomBatch(10));
            consistent = readAll(volume);

            applier.beginResync();
            assertEquals(15, applier.apply(randomBatch(5))); // resync data, chunk by chunk
            applier.beginResync(); // an interrupted resync goes on: what it staged is kept
            assertEquals(20, applier.apply(randomBatch(5)));

            assertTrue(applier.resyncInProgress());
            assertTrue(applier.stagedBytes() > 10 * BLOCK, "staged: " + applier.stagedBytes());
            assertArrayEquals(consistent, readAll(volume), "the volume is not written during the resync");
            assertTrue(volume.snapshots().isEmpty(), "no copy-on-write snapshot is needed");
        }
        try (Volume reopened = Volume.open(context, directory.resolve("secondary.img"), BLOCK, directory.resolve("v"))) {
            SecondaryApplier applier = SecondaryApplier.open(context, reopened, state());
            assertTrue(applier.resyncInProgress(), "the resync goes on after a restart");
            assertEquals(20, applier.lastAppliedSequence());
            assertArrayEquals(consistent, readAll(reopened));
            assertEquals(25, applier.apply(randomBatch(5)));

            Generations second = first.startNew(java.util.UUID.randomUUID());
            applier.adopt(second);

            assertArrayEquals(expected, readAll(reopened), "every staged write is in the volume, in order");
            assertEquals(second, applier.generations());
            assertEquals(false, applier.resyncInProgress());
            assertEquals(List.of(), Files.list(state().resolve("resync-staging")).toList(), "the staging is dropped");
            assertEquals(30, applier.apply(randomBatch(5)), "after the resync, writes go to the volume again");
            assertArrayEquals(expected, readAll(reopened));
        }
    }

    @Test
    void writesStagedButNeverRecordedAsAppliedAreDroppedAtRestartAndResent() throws Exception {
        try (Volume volume = newVolume()) {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, state());
            applier.adopt(Generations.initial(java.util.UUID.randomUUID()));
            applier.beginResync();
            applier.apply(randomBatch(4));
        }
        // a crash after the staged writes were forced but before the sequence was recorded, with a torn record
        Path applied = state().resolve("secondary-applied");
        byte[] recordedAtFour = Files.readAllBytes(applied);
        byte[] expectedAtFour = expected.clone();
        long sequenceAtFour = nextSequence;
        try (Volume volume = Volume.open(context, directory.resolve("secondary.img"), BLOCK, directory.resolve("v"))) {
            SecondaryApplier.open(context, volume, state()).apply(randomBatch(3));
        }
        Files.write(applied, recordedAtFour);
        Path staged = state().resolve("resync-staging").resolve("staged-writes");
        Files.write(staged, new byte[] { 1, 2, 3 }, java.nio.file.StandardOpenOption.APPEND);
        System.arraycopy(expectedAtFour, 0, expected, 0, SIZE);
        nextSequence = sequenceAtFour;

        try (Volume volume = Volume.open(context, directory.resolve("secondary.img"), BLOCK, directory.resolve("v"))) {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, state());
            assertEquals(4, applier.lastAppliedSequence());
            assertEquals(7, applier.apply(randomBatch(3)), "the primary resends from 5, with other data this time");
            applier.adopt(Generations.initial(java.util.UUID.randomUUID()));
            assertArrayEquals(expected, readAll(volume), "only the writes recorded as applied, then the resent ones");
        }
    }

    @Test
    void aCrashWhileTheStagedWritesAreAppliedFinishesApplyingThemAtTheNextStart() throws Exception {
        Generations first = Generations.initial(java.util.UUID.randomUUID());
        Generations second = first.startNew(java.util.UUID.randomUUID());
        try (Volume volume = newVolume()) {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, state());
            applier.adopt(first);
            applier.beginResync();
            applier.apply(randomBatch(12));
        }
        // what adopt records before it writes the volume: the crash came right after
        second.write(context.storage(), state().resolve("resync-staging"));

        try (Volume volume = Volume.open(context, directory.resolve("secondary.img"), BLOCK, directory.resolve("v"))) {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, state());
            assertEquals(second, applier.generations());
            assertEquals(false, applier.resyncInProgress());
            assertArrayEquals(expected, readAll(volume));
        }
    }

    @Test
    void generationsLeftByACrashAfterTheStagedWritesWereDroppedAreCleanedUpAtTheNextStart() throws Exception {
        Generations first = Generations.initial(java.util.UUID.randomUUID());
        try (Volume volume = newVolume()) {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, state());
            applier.adopt(first);
            applier.beginResync();
            applier.apply(randomBatch(3));
            applier.adopt(first.startNew(java.util.UUID.randomUUID()));
        }
        // the crash came between dropping the staged writes and dropping the generations beside them
        first.write(context.storage(), state().resolve("resync-staging"));

        try (Volume volume = Volume.open(context, directory.resolve("secondary.img"), BLOCK, directory.resolve("v"))) {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, state());
            assertEquals(false, applier.resyncInProgress());
            assertEquals(List.of(), Files.list(state().resolve("resync-staging")).toList());
            assertArrayEquals(expected, readAll(volume));
        }
    }

    @Test
    void aSecondaryPromotedInTheMiddleOfAResyncKeepsTheCopyItHadAndDropsTheStagedWrites() throws Exception {
        try (Volume volume = newVolume()) {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, state());
            applier.adopt(Generations.initial(java.util.UUID.randomUUID()));
            applier.apply(randomBatch(6));
            byte[] consistent = readAll(volume);
            applier.beginResync();
            applier.apply(randomBatch(6));

            applier.startNewGeneration(java.util.UUID.randomUUID());

            assertEquals(false, applier.resyncInProgress());
            assertArrayEquals(consistent, readAll(volume));
            assertEquals(List.of(), Files.list(state().resolve("resync-staging")).toList());
            // a batch of the former primary that was still on its way when the secondary was promoted
            IOException refused = assertThrows(IOException.class, () -> applier.apply(randomBatch(2)));
            assertEquals("This volume was promoted (a new generation started on it): it takes no more replicated"
                    + " writes from its former primary", refused.getMessage());
            assertArrayEquals(consistent, readAll(volume));
        }
    }

    @Test
    void aDamagedStagedWriteIsReportedAndTheVolumeIsLeftAsItWas() throws Exception {
        try (Volume volume = newVolume()) {
            SecondaryApplier applier = SecondaryApplier.open(context, volume, state());
            applier.adopt(Generations.initial(java.util.UUID.randomUUID()));
            byte[] consistent = readAll(volume);
            applier.beginResync();
            applier.apply(randomBatch(3));
            Path staged = state().resolve("resync-staging").resolve("staged-writes");
            byte[] bytes = Files.readAllBytes(staged);
            bytes[40] ^= 1; // in the first write's data
            Files.write(staged, bytes);

            IOException error = assertThrows(IOException.class,
                    () -> applier.adopt(Generations.initial(java.util.UUID.randomUUID())));
            assertEquals(staged + " is damaged at byte 0: the writes the secondary received during the resync cannot"
                    + " be applied. Its volume is still the copy it had before the resync; resynchronise the pair"
                    + " from the primary", error.getMessage());
            assertArrayEquals(consistent, readAll(volume));
        }
    }

    private List<ReplicatedWrite> randomBatch(int count) {
        List<ReplicatedWrite> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int blocks = 1 + random.nextInt(4);
            long offset = (long) BLOCK * random.nextInt(SIZE / BLOCK - blocks);
            byte[] data = new byte[blocks * BLOCK];
            random.nextBytes(data);
            System.arraycopy(data, 0, expected, (int) offset, data.length);
            batch.add(ReplicatedWrite.of(nextSequence++, offset, ByteBuffer.wrap(data)));
        }
        return batch;
    }

    private Volume newVolume() throws IOException {
        return Volume.create(context, directory.resolve("secondary.img"), VolumeGeometry.ofSize(SIZE),
                directory.resolve("v"));
    }

    private Path state() {
        return directory.resolve("replication");
    }

    private static byte[] readAll(Volume volume) throws IOException {
        ByteBuffer all = ByteBuffer.allocate((int) volume.geometry().sizeBytes());
        volume.read(0, all);
        return all.array();
    }

    private static byte[] filled(byte value) {
        byte[] bytes = new byte[BLOCK];
        Arrays.fill(bytes, value);
        return bytes;
    }
}
