package dev.mirrorline.engine.write;

import static dev.mirrorline.engine.write.InFlightLogTest.block;
import static dev.mirrorline.engine.write.InFlightLogTest.sequences;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mirrorline.engine.storage.FileSystemStorage;
import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.time.Clock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InFlightLogRecoveryTest {

    private static final int BLOCK = 4096;

    @TempDir
    Path temporary;

    private final Storage storage = new FileSystemStorage();

    private Path journal() {
        return temporary.resolve("journal");
    }

    private InFlightLog open(InFlightLogConfig config) throws IOException {
        return InFlightLog.open(storage, journal(), config, Clock.system());
    }

    private Path segment(long index) {
        return JournalFormat.segmentPath(journal(), index);
    }

    @Test
    void reopeningRecoversExactlyTheUnacknowledgedUpdatesByteForByteAndContinuesTheNumbering() throws Exception {
        Random random = new Random(42);
        List<Update> appended = new ArrayList<>();
        try (InFlightLog log = open(InFlightLogConfig.defaults())) {
            for (int i = 0; i < 20; i++) {
                byte[] data = new byte[1 + random.nextInt(3 * BLOCK)];
                random.nextBytes(data);
                appended.add(log.append(random.nextInt(1 << 20) * 512L, ByteBuffer.wrap(data)));
            }
            log.acknowledge(7);
        }

        try (InFlightLog reopened = open(InFlightLogConfig.defaults())) {
            assertEquals(appended.subList(7, 20), reopened.unacknowledged());
            long bytes = appended.subList(7, 20).stream().mapToLong(Update::length).sum();
            assertEquals(new InFlightCounts(13, bytes, 20, 7), reopened.counts());
            assertEquals(21, reopened.append(0, block(21, BLOCK)).sequence());
        }
    }

    @Test
    void whenEverythingWasAcknowledgedReopeningRecoversNothingAndNumberingContinues() throws Exception {
        try (InFlightLog log = open(InFlightLogConfig.defaults())) {
            for (int i = 1; i <= 5; i++) {
                log.append(0, block(i, BLOCK));
            }
            log.acknowledge(5);
        }

        try (InFlightLog reopened = open(InFlightLogConfig.defaults())) {
            assertEquals(new InFlightCounts(0, 0, 5, 5), reopened.counts());
            assertEquals(6, reopened.append(0, block(6, BLOCK)).sequence());
        }
    }

    @Test
    void aTornLastRecordIsDroppedOnReopenAndNothingBeforeItIsLost() throws Exception {
        List<Update> appended = new ArrayList<>();
        try (InFlightLog log = open(InFlightLogConfig.defaults())) {
            for (int i = 1; i <= 5; i++) {
                appended.add(log.append(i * BLOCK, block(i, BLOCK)));
            }
        }
        long fullSize = Files.size(segment(1));
        try (FileChannel file = FileChannel.open(segment(1), StandardOpenOption.WRITE)) {
            file.truncate(fullSize - 3);
        }

        try (InFlightLog reopened = open(InFlightLogConfig.defaults())) {
            assertEquals(appended.subList(0, 4), reopened.unacknowledged());
            assertEquals(fullSize - JournalFormat.updateRecordBytes(BLOCK), Files.size(segment(1)),
                    "the torn record is truncated");
            Update fifth = reopened.append(5 * BLOCK, block(55, BLOCK));
            assertEquals(5, fifth.sequence());
        }
        try (InFlightLog again = open(InFlightLogConfig.defaults())) {
            assertEquals(5, again.unacknowledged().size());
            assertEquals(block(55, BLOCK), again.unacknowledged().get(4).data());
        }
    }

    @Test
    void garbageOrZerosAfterTheLastRecordAreDroppedOnReopen() throws Exception {
        List<Update> appended = new ArrayList<>();
        try (InFlightLog log = open(InFlightLogConfig.defaults())) {
            for (int i = 1; i <= 3; i++) {
                appended.add(log.append(0, block(i, 700)));
            }
        }
        long cleanSize = Files.size(segment(1));
        byte[] garbage = new byte[37];
        new Random(7).nextBytes(garbage);
        Files.write(segment(1), garbage, StandardOpenOption.APPEND);
        Files.write(segment(1), new byte[BLOCK], StandardOpenOption.APPEND);

        try (InFlightLog reopened = open(InFlightLogConfig.defaults())) {
            assertEquals(appended, reopened.unacknowledged());
            assertEquals(cleanSize, Files.size(segment(1)));
            reopened.append(0, block(4, 700));
        }
        try (InFlightLog again = open(InFlightLogConfig.defaults())) {
            assertEquals(List.of(1L, 2L, 3L, 4L), sequences(again.unacknowledged()));
        }
    }

    @Test
    void aDamagedRecordStopsRecoveryThereAndEverythingFromItOnIsDropped() throws Exception {
        List<Update> appended = new ArrayList<>();
        try (InFlightLog log = open(InFlightLogConfig.defaults())) {
            for (int i = 1; i <= 4; i++) {
                appended.add(log.append(0, block(i, 1000)));
            }
        }
        long thirdRecordData = JournalFormat.SEGMENT_HEADER_BYTES + 2L * JournalFormat.updateRecordBytes(1000)
                + JournalFormat.RECORD_HEADER_BYTES + JournalFormat.UPDATE_BODY_FIXED_BYTES + 500;
        flipByte(segment(1), thirdRecordData);

        try (InFlightLog reopened = open(InFlightLogConfig.defaults())) {
            assertEquals(appended.subList(0, 2), reopened.unacknowledged());
            assertEquals(3, reopened.append(0, block(3, 1000)).sequence());
        }
    }

    @Test
    void segmentsWhoseUpdatesAreAllAcknowledgedAreDeleted() throws Exception {
        // three 1000-byte updates fill a 4 KiB segment
        InFlightLogConfig config = InFlightLogConfig.defaults().withSegmentBytes(4096);
        List<Update> appended = new ArrayList<>();
        try (InFlightLog log = open(config)) {
            for (int i = 1; i <= 12; i++) {
                appended.add(log.append(0, block(i, 1000)));
            }
            assertSegments(1, 4);

            log.acknowledge(5);
            assertSegments(2, 4); // segment 1 held updates 1 to 3; segment 2 still holds update 6

            log.acknowledge(6);
            assertSegments(3, 4);
            assertTrue(Files.size(segment(3)) <= 4096);
        }
        try (InFlightLog reopened = open(config)) {
            assertEquals(appended.subList(6, 12), reopened.unacknowledged());
            reopened.acknowledge(12);
            assertSegments(4, 4); // the current segment stays, whatever it holds
            assertEquals(13, reopened.append(0, block(13, 1000)).sequence());
            assertSegments(5, 5); // update 13 did not fit in segment 4, which was then all acknowledged
        }
        try (InFlightLog reopened = open(config)) {
            assertEquals(new InFlightCounts(1, 1000, 13, 12), reopened.counts());
        }
        assertEquals("mirrorline in-flight journal 1\nfirst-segment 5\nlast-segment 5\n",
                Files.readString(JournalManifest.path(journal()), StandardCharsets.US_ASCII));
    }

    @Test
    void theJournalStaysBoundedWhileUpdatesKeepBeingAcknowledged() throws Exception {
        InFlightLogConfig config = new InFlightLogConfig(8 * BLOCK, 4 * BLOCK);
        try (InFlightLog log = open(config)) {
            for (int i = 1; i <= 200; i++) {
                log.append(0, block(i, BLOCK));
                if (i % 4 == 0) {
                    log.acknowledge(i - 2);
                }
            }
            long journalBytes = 0;
            long liveSegments = 0;
            for (long index = 1; index <= 200; index++) {
                if (Files.exists(segment(index))) {
                    journalBytes += Files.size(segment(index));
                    liveSegments++;
                }
            }
            assertTrue(liveSegments <= 3, liveSegments + " segments kept");
            assertTrue(journalBytes <= 3 * 4 * BLOCK, journalBytes + " bytes kept");
        }
    }

    @Test
    void acknowledgementsAreKeptAcrossAClose() throws Exception {
        try (InFlightLog log = open(InFlightLogConfig.defaults())) {
            for (int i = 1; i <= 4; i++) {
                log.append(0, block(i, BLOCK));
            }
            log.acknowledge(2);
            log.acknowledge(3);
        }

        try (InFlightLog reopened = open(InFlightLogConfig.defaults())) {
            assertEquals(3, reopened.highestAcknowledged());
            assertEquals(List.of(4L), sequences(reopened.unacknowledged()));
        }
    }

    @Test
    void aDamagedRecordInASegmentThatIsNotTheLastIsReportedNotDropped() throws Exception {
        InFlightLogConfig config = InFlightLogConfig.defaults().withSegmentBytes(4096);
        try (InFlightLog log = open(config)) {
            for (int i = 1; i <= 6; i++) {
                log.append(0, block(i, 1000));
            }
        }
        long secondRecordData = JournalFormat.SEGMENT_HEADER_BYTES + JournalFormat.updateRecordBytes(1000) + 100;
        flipByte(segment(1), secondRecordData);

        IOException refused = assertThrows(IOException.class, () -> open(config));

        assertEquals("The in-flight journal in " + journal() + " is damaged: segment segment-00000000000000000001.journal"
                + " at byte 1061: a record is not valid, yet later segments exist", refused.getMessage());
        assertTrue(Files.exists(segment(2)), "nothing is deleted when the journal is damaged");
    }

    @Test
    void aSegmentListedInTheManifestButMissingIsReported() throws Exception {
        InFlightLogConfig config = InFlightLogConfig.defaults().withSegmentBytes(4096);
        try (InFlightLog log = open(config)) {
            for (int i = 1; i <= 9; i++) {
                log.append(0, block(i, 1000));
            }
        }
        Files.delete(segment(2));

        IOException refused = assertThrows(IOException.class, () -> open(config));

        assertEquals("The in-flight journal in " + journal() + " is damaged: segment segment-00000000000000000002.journal"
                + " is listed in its manifest but missing", refused.getMessage());
    }

    @Test
    void aDamagedManifestIsReported() throws Exception {
        try (InFlightLog log = open(InFlightLogConfig.defaults())) {
            log.append(0, block(1, BLOCK));
        }
        Files.writeString(JournalManifest.path(journal()), "first-segment 1\n");

        IOException refused = assertThrows(IOException.class, () -> open(InFlightLogConfig.defaults()));

        assertEquals("The in-flight journal manifest " + JournalManifest.path(journal()) + " is damaged: expected the lines"
                + " 'mirrorline in-flight journal 1', 'first-segment <n>' and 'last-segment <m>' with 1 <= n <= m",
                refused.getMessage());
    }

    @Test
    void segmentsWithoutAManifestAreNotOverwritten() throws Exception {
        try (InFlightLog log = open(InFlightLogConfig.defaults())) {
            log.append(0, block(1, BLOCK));
        }
        Files.delete(JournalManifest.path(journal()));

        IOException refused = assertThrows(IOException.class, () -> open(InFlightLogConfig.defaults()));

        assertEquals("The in-flight journal in " + journal() + " has segments but no manifest (inflight.manifest);"
                + " refusing to start a new journal over them", refused.getMessage());
        assertTrue(Files.size(segment(1)) > JournalFormat.SEGMENT_HEADER_BYTES);
    }

    @Test
    void filesLeftByACrashWhileStartingOrDeletingSegmentsAreCleanedUp() throws Exception {
        InFlightLogConfig config = InFlightLogConfig.defaults().withSegmentBytes(4096);
        try (InFlightLog log = open(config)) {
            for (int i = 1; i <= 9; i++) {
                log.append(0, block(i, 1000));
            }
            log.acknowledge(3);
        }
        assertSegments(2, 3);
        // as if the crash came after the manifest moved on but before segment 1 was deleted,
        // and while segment 4 was being started
        Files.write(segment(1), new byte[100]);
        Files.write(segment(4), new byte[10]);

        try (InFlightLog reopened = open(config)) {
            assertEquals(List.of(4L, 5L, 6L, 7L, 8L, 9L), sequences(reopened.unacknowledged()));
            assertFalse(Files.exists(segment(1)));
            reopened.append(0, block(10, 1000));
            assertSegments(2, 4);
        }
    }

    @Test
    void aShrunkenWindowStillRecoversEverythingAndMakesAppendsWaitForAcknowledgements() throws Exception {
        try (InFlightLog log = open(InFlightLogConfig.defaults())) {
            for (int i = 1; i <= 4; i++) {
                log.append(0, block(i, BLOCK));
            }
        }

        try (InFlightLog reopened = open(InFlightLogConfig.defaults().withWindowBytes(2 * BLOCK))) {
            assertEquals(4, reopened.unacknowledged().size());
            assertTrue(reopened.tryAppend(0, block(5, BLOCK), Duration.ZERO).isEmpty());
            reopened.acknowledge(3);
            assertEquals(5, reopened.append(0, block(5, BLOCK)).sequence());
        }
    }

    private void assertSegments(long first, long last) {
        for (long index = 1; index <= last + 1; index++) {
            boolean live = index >= first && index <= last;
            assertEquals(live, Files.exists(segment(index)), "segment " + index + (live ? " is missing" : " is still there"));
        }
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, position);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, position);
        }
    }
}
