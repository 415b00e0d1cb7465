package dev.mirrorline.engine.volume;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EngineEvent;

class SnapshotTest {

    private static final int MIB = 1 << 20;
    private static final int BLOCK = 4096;

    @TempDir
    Path directory;

    private final VolumeFixtures fixtures = new VolumeFixtures();

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = { 4096, 65536 })
    void afterARandomWorkloadTheSnapshotReadsAsTheVolumeWasAndListsExactlyTheWrittenChunks(int chunkSize)
            throws Exception {
        Random random = new Random(chunkSize);
        try (Volume volume = newVolume(8 * MIB)) {
            writeRandomly(volume, random, 200, new TreeSet<>(), chunkSize);
            byte[] atSnapshot = VolumeFixtures.readAll(volume);

            Snapshot snapshot = volume.createSnapshot(chunkSize);
            TreeSet<Long> writtenChunks = new TreeSet<>();
            writeRandomly(volume, random, 500, writtenChunks, chunkSize);

            assertArrayEquals(atSnapshot, VolumeFixtures.readAll(snapshot));
            assertEquals(writtenChunks, asSet(snapshot.changedChunks().toArray()));
            assertEquals(writtenChunks.size(), snapshot.changedChunkCount());
            assertEquals(chunkSize, snapshot.changedChunks().chunkSize());
        }
    }

    @Test
    void onlyTheFirstWriteToAChunkCopiesItsOldContents() throws Exception {
        try (Volume volume = newVolume(MIB)) {
            Snapshot snapshot = volume.createSnapshot();
            volume.write(0, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 1)));
            volume.write(0, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 2)));
            volume.write(0, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 3)));
            volume.write(BLOCK, ByteBuffer.wrap(VolumeTest.filled(3 * BLOCK, (byte) 4)));

            List<EngineEvent.ChunksCopied> copies = fixtures.eventsOf(EngineEvent.ChunksCopied.class);
            assertEquals(List.of(1L, 3L), copies.stream().map(EngineEvent.ChunksCopied::chunks).toList());
            assertEquals(4L, copies.get(1).totalChunks());
            assertEquals(3L * BLOCK, copies.get(1).bytes());
            assertArrayEquals(new byte[MIB], VolumeFixtures.readAll(snapshot));
        }
    }

    @Test
    void aGroupWriteCopiesEachChunkItTouchesOnceInOneCopyAndWritesInListOrder() throws Exception {
        try (Volume volume = newVolume(MIB)) {
            volume.write(0, ByteBuffer.wrap(VolumeTest.filled(8 * BLOCK, (byte) 1)));
            Snapshot snapshot = volume.createSnapshot();
            volume.write(0, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 2))); // chunk 0 copied before the group

            volume.writeAll(List.of(
                    new Volume.BlockWrite(0, ByteBuffer.wrap(VolumeTest.filled(2 * BLOCK, (byte) 3))),
                    new Volume.BlockWrite(5 * BLOCK, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 4))),
                    new Volume.BlockWrite(BLOCK, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 5))),
                    new Volume.BlockWrite(5 * BLOCK, ByteBuffer.wrap(VolumeTest.filled(2 * BLOCK, (byte) 6)))));

            List<EngineEvent.ChunksCopied> copies = fixtures.eventsOf(EngineEvent.ChunksCopied.class);
            assertEquals(List.of(1L, 3L), copies.stream().map(EngineEvent.ChunksCopied::chunks).toList(),
                    "chunk 0 before the group, then chunks 1, 5 and 6 in one copy");
            assertArrayEquals(new long[] { 0, 1, 5, 6 }, snapshot.changedChunks().toArray());
            byte[] expected = new byte[MIB];
            java.util.Arrays.fill(expected, 0, 8 * BLOCK, (byte) 1);
            assertArrayEquals(expected, VolumeFixtures.readAll(snapshot));
            java.util.Arrays.fill(expected, 0, BLOCK, (byte) 3);
            java.util.Arrays.fill(expected, BLOCK, 2 * BLOCK, (byte) 5); // later in the list, so it wins
            java.util.Arrays.fill(expected, 5 * BLOCK, 7 * BLOCK, (byte) 6);
            assertArrayEquals(expected, VolumeFixtures.readAll(volume));
        }
    }

    @Test
    void aGroupWriteWithAnUnalignedRangeWritesNothing() throws Exception {
        try (Volume volume = newVolume(MIB)) {
            Snapshot snapshot = volume.createSnapshot();
            assertThrows(IllegalArgumentException.class, () -> volume.writeAll(List.of(
                    new Volume.BlockWrite(0, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 3))),
                    new Volume.BlockWrite(BLOCK + 1, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 4))))));

            assertEquals(0, snapshot.changedChunkCount());
            assertArrayEquals(new byte[MIB], VolumeFixtures.readAll(volume));
        }
    }

    @Test
    void aChunkThatRunsPastTheEndOfTheVolumeIsCopiedUpToTheEnd() throws Exception {
        // 100 blocks of 4 KiB with 64 KiB chunks: the last chunk holds only 4 blocks
        try (Volume volume = newVolume(100 * BLOCK)) {
            volume.write(96 * BLOCK, ByteBuffer.wrap(VolumeTest.filled(4 * BLOCK, (byte) 9)));
            Snapshot snapshot = volume.createSnapshot(65536);

            volume.write(99 * BLOCK, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 5)));

            ByteBuffer lastBlocks = ByteBuffer.allocate(4 * BLOCK);
            snapshot.read(96 * BLOCK, lastBlocks);
            assertArrayEquals(VolumeTest.filled(4 * BLOCK, (byte) 9), lastBlocks.array());
            assertArrayEquals(new long[] { 6 }, snapshot.changedChunks().toArray());
        }
    }

    @Test
    void changedChunksOfALargeSparseVolumeComeFromTheTableAlone() throws Exception {
        long size = 64L << 30; // 64 GiB, sparse
        try (Volume volume = newVolume(size)) {
            Snapshot snapshot = volume.createSnapshot();
            Random random = new Random(7);
            TreeSet<Long> written = new TreeSet<>();
            while (written.size() < 1000) {
                long chunk = (long) (random.nextDouble() * (size / BLOCK));
                volume.write(chunk * BLOCK, VolumeFixtures.randomBlocks(random, BLOCK));
                written.add(chunk);
            }

            assertEquals(written, asSet(snapshot.changedChunks().toArray()));
        }
    }

    @Test
    void aSnapshotSurvivesCloseAndReopenAndKeepsCopying() throws Exception {
        Path image = directory.resolve("v.img");
        Random random = new Random(3);
        byte[] atSnapshot;
        TreeSet<Long> written = new TreeSet<>();
        try (Volume volume = Volume.create(fixtures.context, image, VolumeGeometry.ofSize(2 * MIB), state())) {
            writeRandomly(volume, random, 50, new TreeSet<>(), BLOCK);
            atSnapshot = VolumeFixtures.readAll(volume);
            volume.createSnapshot();
            writeRandomly(volume, random, 50, written, BLOCK);
        }
        try (Volume reopened = Volume.open(fixtures.context, image, BLOCK, state())) {
            Snapshot snapshot = reopened.snapshots().get(0);
            writeRandomly(reopened, random, 50, written, BLOCK);

            assertEquals(1, reopened.snapshots().size());
            assertArrayEquals(atSnapshot, VolumeFixtures.readAll(snapshot));
            assertEquals(written, asSet(snapshot.changedChunks().toArray()));
        }
    }

    @Test
    void aTornEntryAtTheEndOfTheTableIsCutOffWhenTheVolumeIsReopened() throws Exception {
        Path image = directory.resolve("v.img");
        byte[] atSnapshot;
        Path table;
        try (Volume volume = Volume.create(fixtures.context, image, VolumeGeometry.ofSize(MIB), state())) {
            volume.write(0, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 1)));
            atSnapshot = VolumeFixtures.readAll(volume);
            Snapshot snapshot = volume.createSnapshot();
            volume.write(0, ByteBuffer.wrap(VolumeTest.filled(2 * BLOCK, (byte) 2)));
            table = snapshot.directory().resolve(Snapshot.TABLE_FILE);
        }
        long validLength = Files.size(table);
        // half an entry, as a crash in the middle of an append would leave it
        Files.write(table, new byte[] { 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 }, StandardOpenOption.APPEND);

        try (Volume reopened = Volume.open(fixtures.context, image, BLOCK, state())) {
            Snapshot snapshot = reopened.snapshots().get(0);
            assertArrayEquals(new long[] { 0, 1 }, snapshot.changedChunks().toArray());
            assertArrayEquals(atSnapshot, VolumeFixtures.readAll(snapshot));
        }
        assertEquals(validLength, Files.size(table));
    }

    @Test
    void aSnapshotDirectoryWithoutACompleteTableIsAnUnfinishedCreationAndIsRemoved() throws Exception {
        Path image = directory.resolve("v.img");
        Volume.create(fixtures.context, image, VolumeGeometry.ofSize(MIB), state()).close();
        Path unfinished = Files.createDirectories(state().resolve("snapshots").resolve("unfinished"));
        Files.write(unfinished.resolve(Snapshot.STORE_FILE), new byte[0]);
        Files.write(unfinished.resolve(Snapshot.TABLE_FILE), new byte[10]);

        try (Volume reopened = Volume.open(fixtures.context, image, BLOCK, state())) {
            assertTrue(reopened.snapshots().isEmpty());
        }
        assertFalse(Files.exists(unfinished));
    }

    @Test
    void aPendingSnapshotWithCopiesWasAttachedBeforeTheCrashAndIsKeptOnReopen() throws Exception {
        Path image = directory.resolve("v.img");
        byte[] atSnapshot;
        String id;
        try (Volume volume = Volume.create(fixtures.context, image, VolumeGeometry.ofSize(MIB), state())) {
            volume.write(0, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 1)));
            atSnapshot = VolumeFixtures.readAll(volume);
            Snapshot snapshot = volume.createSnapshot();
            id = snapshot.id();
            volume.write(0, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 2)));
        }
        // as if the crash came before the rename into place was durable
        Path snapshots = state().resolve("snapshots");
        Files.move(snapshots.resolve(id), snapshots.resolve(".pending-" + id));

        try (Volume reopened = Volume.open(fixtures.context, image, BLOCK, state())) {
            Snapshot snapshot = reopened.snapshots().get(0);
            assertEquals(id, snapshot.id());
            assertArrayEquals(new long[] { 0 }, snapshot.changedChunks().toArray());
            assertArrayEquals(atSnapshot, VolumeFixtures.readAll(snapshot));
        }
        assertTrue(Files.isDirectory(snapshots.resolve(id)));
    }

    @Test
    void aPendingSnapshotWithoutCopiesIsRemovedOnReopen() throws Exception {
        Path image = directory.resolve("v.img");
        String id;
        try (Volume volume = Volume.create(fixtures.context, image, VolumeGeometry.ofSize(MIB), state())) {
            id = volume.createSnapshot().id();
        }
        Path snapshots = state().resolve("snapshots");
        Files.move(snapshots.resolve(id), snapshots.resolve(".pending-" + id));

        try (Volume reopened = Volume.open(fixtures.context, image, BLOCK, state())) {
            assertTrue(reopened.snapshots().isEmpty());
        }
        assertFalse(Files.exists(snapshots.resolve(".pending-" + id)));
    }

    @Test
    void aCaptureThatFailsLeavesNoSnapshotBehind() throws Exception {
        try (Volume volume = newVolume(MIB)) {
            IllegalStateException error = assertThrows(IllegalStateException.class,
                    () -> volume.createSnapshot(BLOCK, () -> {
                        throw new IllegalStateException("capture failed");
                    }));

            assertEquals("capture failed", error.getMessage());
            assertTrue(volume.snapshots().isEmpty());
            assertEquals(List.of(), fixtures.context.storage().list(state().resolve("snapshots")));
            volume.write(0, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 1)));
            assertTrue(fixtures.eventsOf(EngineEvent.ChunksCopied.class).isEmpty());
        }
    }

    @Test
    void aDamagedTableHeaderIsReportedNotIgnored() throws Exception {
        Path image = directory.resolve("v.img");
        Path table;
        try (Volume volume = Volume.create(fixtures.context, image, VolumeGeometry.ofSize(MIB), state())) {
            table = volume.createSnapshot().directory().resolve(Snapshot.TABLE_FILE);
        }
        byte[] bytes = Files.readAllBytes(table);
        bytes[20] ^= 0x55;
        Files.write(table, bytes);

        CorruptSnapshotException error = assertThrows(CorruptSnapshotException.class,
                () -> Volume.open(fixtures.context, image, BLOCK, state()));
        assertEquals(table + " is not a Mirrorline exception table, or its header is damaged", error.getMessage());
    }

    @Test
    void aDeletedSnapshotWhoseFilesWereNotYetRemovedIsRemovedAtTheNextOpen() throws Exception {
        Path image = directory.resolve("v.img");
        Path left;
        try (Volume volume = Volume.create(fixtures.context, image, VolumeGeometry.ofSize(MIB), state())) {
            Snapshot snapshot = volume.createSnapshot();
            volume.write(0, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 1)));
            // as a delete leaves it when the crash comes between the rename and the removal
            left = snapshot.directory().resolveSibling(".deleted-" + snapshot.id());
            Files.createDirectories(left);
            Files.copy(snapshot.directory().resolve("exceptions"), left.resolve("exceptions"));
            Files.copy(snapshot.directory().resolve("store"), left.resolve("store"));
        }
        try (Volume reopened = Volume.open(fixtures.context, image, BLOCK, state())) {
            assertFalse(Files.exists(left));
            assertEquals(1, reopened.snapshots().size(), "the snapshot that was not deleted stays");
        }
    }

    @Test
    void deletingASnapshotRemovesItsFilesStopsCopyingAndReportsItsSize() throws Exception {
        try (Volume volume = newVolume(MIB)) {
            Snapshot snapshot = volume.createSnapshot();
            volume.write(0, ByteBuffer.wrap(VolumeTest.filled(2 * BLOCK, (byte) 1)));
            Path snapshotDirectory = snapshot.directory();

            snapshot.delete();
            volume.write(8 * BLOCK, ByteBuffer.wrap(VolumeTest.filled(BLOCK, (byte) 1)));

            assertFalse(Files.exists(snapshotDirectory));
            try (java.util.stream.Stream<Path> left = Files.list(snapshotDirectory.getParent())) {
                assertEquals(List.of(), left.toList(), "its space is given back");
            }
            assertTrue(volume.snapshots().isEmpty());
            assertEquals(1, fixtures.eventsOf(EngineEvent.ChunksCopied.class).size(), "no copy after the delete");
            EngineEvent.SnapshotDeleted deleted = fixtures.eventsOf(EngineEvent.SnapshotDeleted.class).get(0);
            assertEquals(snapshot.id(), deleted.snapshotId());
            assertEquals(2, deleted.chunks());
            assertEquals(2L * BLOCK, deleted.bytes());
            assertThrows(IOException.class, () -> snapshot.read(0, ByteBuffer.allocate(BLOCK)));
            assertThrows(IllegalStateException.class, snapshot::delete);
        }
    }

    @Test
    void creatingASnapshotPublishesItsIdAndChunkSize() throws Exception {
        try (Volume volume = newVolume(MIB)) {
            Snapshot snapshot = volume.createSnapshot(8192);

            EngineEvent.SnapshotCreated created = fixtures.eventsOf(EngineEvent.SnapshotCreated.class).get(0);
            assertEquals(snapshot.id(), created.snapshotId());
            assertEquals("v.img", created.volume());
            assertEquals(8192, created.chunkSize());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 2048, 6144, 2 << 20 })
    void aChunkSizeBelowTheBlockSizeNotAPowerOfTwoOrAbove1MiBIsRefused(int chunkSize) throws Exception {
        try (Volume volume = newVolume(MIB)) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> volume.createSnapshot(chunkSize));

            assertEquals("Chunk size " + chunkSize + " is not allowed: it must be a power of two from the block size"
                    + " (4096) to 1048576 bytes", error.getMessage());
            assertTrue(volume.snapshots().isEmpty());
        }
    }

    private Volume newVolume(long size) throws IOException {
        return Volume.create(fixtures.context, directory.resolve("v.img"), VolumeGeometry.ofSize(size), state());
    }

    private Path state() {
        return directory.resolve("state");
    }

    /** Writes 1 to 8 random blocks at random places, noting which chunks they touch. */
    private static void writeRandomly(Volume volume, Random random, int writes, TreeSet<Long> chunks, int chunkSize)
            throws IOException {
        long blocks = volume.geometry().blockCount();
        for (int i = 0; i < writes; i++) {
            int length = 1 + random.nextInt(8);
            long first = (long) (random.nextDouble() * (blocks - length));
            volume.write(first * BLOCK, VolumeFixtures.randomBlocks(random, length * BLOCK));
            for (long block = first; block < first + length; block++) {
                chunks.add(block * BLOCK / chunkSize);
            }
        }
    }

    private static TreeSet<Long> asSet(long[] values) {
        TreeSet<Long> set = new TreeSet<>();
        for (long value : values) {
            set.add(value);
        }
        return set;
    }
}
