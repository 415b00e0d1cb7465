package dev.mirrorline.engine.write;

import dev.mirrorline.engine.storage.Storage;
import dev.mirrorline.engine.storage.StorageFile;
import dev.mirrorline.engine.write.JournalFormat.Record;
import dev.mirrorline.engine.write.JournalFormat.SegmentHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;

/**
 * Reads a journal directory back when an {@link InFlightLog} opens, or starts a new journal in it.
 *
 * <p>Only the last segment may end in a torn record: a segment is forced completely before the next
 * one is started. The torn tail is truncated; damage anywhere else means forced data was lost, and
 * is reported rather than papered over, because dropping it could drop unacknowledged updates.
 */
final class JournalRecovery {

    /** One live segment: its index, the first sequence it may hold and the last it holds. */
    static final class Segment {
        final long index;
        final long baseSequence;
        long lastSequence;

        Segment(long index, long baseSequence) {
            this.index = index;
            this.baseSequence = baseSequence;
            this.lastSequence = baseSequence - 1;
        }
    }

    /** What was found: the live segments, the open last one, and the updates still outstanding. */
    static final class Recovered {
        final ArrayDeque<Segment> segments = new ArrayDeque<>();
        final ArrayDeque<Update> outstanding = new ArrayDeque<>();
        StorageFile currentFile;
        long currentPosition;
        long highestAssigned;
        long highestAcknowledged;
    }

    private final Storage storage;
    private final Path directory;

    JournalRecovery(Storage storage, Path directory) {
        this.storage = storage;
        this.directory = directory;
    }

    Recovered run() throws IOException {
        if (!storage.exists(JournalManifest.path(directory))) {
            return startNew();
        }
        JournalManifest manifest = JournalManifest.read(storage, directory);
        deleteLeftovers(manifest);
        Recovered recovered = new Recovered();
        try {
            for (long index = manifest.firstSegment(); index <= manifest.lastSegment(); index++) {
                readSegment(index, index == manifest.lastSegment(), recovered);
            }
        } catch (IOException | RuntimeException e) {
            if (recovered.currentFile != null) {
                recovered.currentFile.close();
            }
            throw e;
        }
        Segment first = recovered.segments.getFirst();
        // earlier segments were deleted only once everything in them was acknowledged
        recovered.highestAcknowledged = Math.max(recovered.highestAcknowledged, first.baseSequence - 1);
        recovered.highestAssigned = Math.max(recovered.segments.getLast().lastSequence, recovered.highestAssigned);
        if (recovered.highestAcknowledged > recovered.highestAssigned) {
            recovered.currentFile.close();
            throw new IOException("The in-flight journal in " + directory + " is damaged: it records an acknowledgement of "
                    + recovered.highestAcknowledged + " but updates only up to " + recovered.highestAssigned);
        }
        while (!recovered.outstanding.isEmpty()
                && recovered.outstanding.getFirst().sequence() <= recovered.highestAcknowledged) {
            recovered.outstanding.removeFirst();
        }
        return recovered;
    }

    /**
     * Files a crash left behind: segments below the first live one (the manifest moved on but not
     * all deletions happened, lowest first, so they are contiguous) and a segment after the last
     * one (started, but the manifest never named it, so nothing was appended to it).
     */
    private void deleteLeftovers(JournalManifest manifest) throws IOException {
        for (long index = manifest.firstSegment() - 1; index >= 1; index--) {
            Path path = JournalFormat.segmentPath(directory, index);
            if (!storage.exists(path)) {
                break;
            }
            storage.deleteIfExists(path);
        }
        storage.deleteIfExists(JournalFormat.segmentPath(directory, manifest.lastSegment() + 1));
    }

    private void readSegment(long index, boolean last, Recovered recovered) throws IOException {
        Path path = JournalFormat.segmentPath(directory, index);
        StorageFile file;
        try {
            file = storage.open(path, last ? Storage.Access.READ_WRITE : Storage.Access.READ_ONLY);
        } catch (NoSuchFileException e) {
            throw new IOException("The in-flight journal in " + directory + " is damaged: segment " + path.getFileName()
                    + " is listed in its manifest but missing", e);
        }
        boolean keepOpen = false;
        try {
            long size = file.size();
            SegmentHeader header = null;
            if (size >= JournalFormat.SEGMENT_HEADER_BYTES) {
                ByteBuffer buffer = ByteBuffer.allocate(JournalFormat.SEGMENT_HEADER_BYTES);
                file.read(0, buffer);
                header = SegmentHeader.decode(buffer.flip());
            }
            if (header == null || header.index() != index) {
                throw damaged(path, 0, "its header is not valid");
            }
            Segment previous = recovered.segments.peekLast();
            if (previous != null && header.baseSequence() != previous.lastSequence + 1) {
                throw damaged(path, 0, "it starts at update " + header.baseSequence() + " but the segment before it ends at "
                        + previous.lastSequence);
            }
            Segment segment = new Segment(index, header.baseSequence());
            recovered.segments.addLast(segment);
            recovered.highestAcknowledged = Math.max(recovered.highestAcknowledged, header.acknowledged());
            long position = JournalFormat.SEGMENT_HEADER_BYTES;
            for (;;) {
                Record record = JournalFormat.read(file, position, size);
                if (record == null) {
                    break;
                }
                if (record.update() != null) {
                    long sequence = record.update().sequence();
                    if (sequence != segment.lastSequence + 1) {
                        throw damaged(path, position, "update " + sequence + " follows update " + segment.lastSequence);
                    }
                    segment.lastSequence = sequence;
                    recovered.outstanding.addLast(record.update());
                } else {
                    recovered.highestAcknowledged = Math.max(recovered.highestAcknowledged, record.acknowledged());
                    while (!recovered.outstanding.isEmpty()
                            && recovered.outstanding.getFirst().sequence() <= recovered.highestAcknowledged) {
                        recovered.outstanding.removeFirst();
                    }
                }
                position += record.size();
            }
            if (position < size) {
                if (!last) {
                    throw damaged(path, position, "a record is not valid, yet later segments exist");
                }
                // the tail of a write that never completed its force: its append never returned
                file.truncate(position);
                file.force();
            }
            if (last) {
                recovered.currentFile = file;
                recovered.currentPosition = position;
                keepOpen = true;
            }
        } finally {
            if (!keepOpen) {
                file.close();
            }
        }
    }

    private IOException damaged(Path segment, long position, String why) {
        return new IOException("The in-flight journal in " + directory + " is damaged: segment " + segment.getFileName()
                + " at byte " + position + ": " + why);
    }

    /**
     * Starts segment 1 and then the manifest. A crash between the two leaves a segment with only a
     * header and no manifest, which is started again; a segment with records but no manifest means
     * the manifest was lost, and is refused rather than overwritten.
     */
    private Recovered startNew() throws IOException {
        Path first = JournalFormat.segmentPath(directory, 1);
        if (storage.exists(first)) {
            long size;
            try (StorageFile file = storage.open(first, Storage.Access.READ_ONLY)) {
                size = file.size();
            }
            if (size > JournalFormat.SEGMENT_HEADER_BYTES || storage.exists(JournalFormat.segmentPath(directory, 2))) {
                throw new IOException("The in-flight journal in " + directory + " has segments but no manifest ("
                        + JournalManifest.FILE_NAME + "); refusing to start a new journal over them");
            }
            storage.deleteIfExists(first);
        }
        Recovered recovered = new Recovered();
        recovered.currentFile = startSegment(storage, directory, 1, 1, 0);
        try {
            new JournalManifest(1, 1).write(storage, directory);
        } catch (IOException | RuntimeException e) {
            recovered.currentFile.close();
            throw e;
        }
        recovered.segments.add(new Segment(1, 1));
        recovered.currentPosition = JournalFormat.SEGMENT_HEADER_BYTES;
        return recovered;
    }

    /** Creates a segment file with its header and forces it; the caller then names it in the manifest. */
    static StorageFile startSegment(Storage storage, Path directory, long index, long baseSequence, long acknowledged)
            throws IOException {
        Path path = JournalFormat.segmentPath(directory, index);
        storage.deleteIfExists(path); // a start that a crash interrupted before the manifest named it
        StorageFile file = storage.create(path, 0);
        try {
            file.write(0, new SegmentHeader(index, baseSequence, acknowledged).encode());
            file.force();
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        return file;
    }
}
