package dev.mirrorline.engine.write;

import dev.mirrorline.engine.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The small file that says which segments make up the journal, since {@link Storage} cannot list a
 * directory. It is replaced atomically (which also makes new segment files' directory entries
 * durable) whenever a segment is started or old ones are deleted.
 *
 * @param firstSegment the oldest live segment
 * @param lastSegment the segment appended to
 */
record JournalManifest(long firstSegment, long lastSegment) {

    static final String FILE_NAME = "inflight.manifest";
    private static final String TITLE = "mirrorline in-flight journal 1";
    private static final String FIRST = "first-segment ";
    private static final String LAST = "last-segment ";

    static Path path(Path directory) {
        return directory.resolve(FILE_NAME);
    }

    void write(Storage storage, Path directory) throws IOException {
        String text = TITLE + "\n" + FIRST + firstSegment + "\n" + LAST + lastSegment + "\n";
        storage.writeAtomically(path(directory), text.getBytes(StandardCharsets.US_ASCII));
    }

    static JournalManifest read(Storage storage, Path directory) throws IOException {
        Path path = path(directory);
        String[] lines = new String(storage.readAll(path), StandardCharsets.US_ASCII).split("\n", -1);
        try {
            if (lines.length != 4 || !lines[0].equals(TITLE) || !lines[1].startsWith(FIRST)
                    || !lines[2].startsWith(LAST) || !lines[3].isEmpty()) {
                throw new NumberFormatException();
            }
            long first = Long.parseLong(lines[1].substring(FIRST.length()));
            long last = Long.parseLong(lines[2].substring(LAST.length()));
            if (first < 1 || last < first) {
                throw new NumberFormatException();
            }
            return new JournalManifest(first, last);
        } catch (NumberFormatException e) {
            throw new IOException("The in-flight journal manifest " + path + " is damaged: expected the lines '"
                    + TITLE + "', '" + FIRST + "<n>' and '" + LAST + "<m>' with 1 <= n <= m");
        }
    }
}
