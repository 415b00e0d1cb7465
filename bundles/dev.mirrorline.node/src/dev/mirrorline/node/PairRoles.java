package dev.mirrorline.node;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

import dev.mirrorline.engine.storage.Storage;

/**
 * Which of a pair's two local volumes is the primary now, and where the replication state of the
 * current roles is kept: {@code roles.properties} in the pair's directory, replaced atomically.
 * Every change of roles starts a new <em>epoch</em>, with its own in-flight log and replication
 * state ({@code roles-N/}), whose sequence numbers start from the beginning; epoch 0 is the pair as
 * created (its state at the top of the pair's directory). A pair without the file is in epoch 0,
 * in its original direction.
 *
 * @param direction which volume is the primary
 * @param epoch the current roles' epoch
 * @param oldPrimary after an unplanned failover, what became of the former primary
 * @param previousEpoch the epoch the former primary was primary in (its outage snapshot and captured
 *        updates are what a failback must take back); -1 if none
 */
record PairRoles(PairDirection direction, int epoch, OldPrimary oldPrimary, int previousEpoch) {

    static final String FILE = "roles.properties";

    /** After an unplanned failover, the former primary's part. */
    enum OldPrimary {
        /** No failover is pending: the secondary is a secondary like any other. */
        NONE,
        /** Declared lost: nothing replicates to it; the new primary's writes are tracked by its promotion snapshot. */
        LOST,
        /** Served as the secondary with the data history it has: the new primary is refused (split brain). */
        REJOINING,
        /** Being brought back by a failback resync; it takes over the new primary's generations at its end. */
        FAILBACK
    }

    /** The roles of a new pair. */
    static final PairRoles ORIGINAL = new PairRoles(PairDirection.ORIGINAL, 0, OldPrimary.NONE, -1);

    /**
     * @param pairDirectory the pair's directory
     * @return where this epoch's in-flight log, primary and secondary state are kept
     */
    Path epochDirectory(Path pairDirectory) {
        return epochDirectory(pairDirectory, epoch);
    }

    static Path epochDirectory(Path pairDirectory, int epoch) {
        return epoch == 0 ? pairDirectory : pairDirectory.resolve("roles-" + epoch);
    }

    PairRoles with(OldPrimary changed) {
        return new PairRoles(direction, epoch, changed, previousEpoch);
    }

    static PairRoles read(Storage storage, Path pairDirectory) throws IOException {
        Path file = pairDirectory.resolve(FILE);
        if (!storage.exists(file)) {
            return ORIGINAL;
        }
        Properties properties = new Properties();
        properties.load(new StringReader(new String(storage.readAll(file), StandardCharsets.UTF_8)));
        try {
            return new PairRoles(PairDirection.valueOf(properties.getProperty("direction")),
                    Integer.parseInt(properties.getProperty("epoch")),
                    OldPrimary.valueOf(properties.getProperty("oldPrimary", OldPrimary.NONE.name())),
                    Integer.parseInt(properties.getProperty("previousEpoch", "-1")));
        } catch (RuntimeException e) {
            throw new IOException(file + " is damaged: which volume is the primary is unknown (" + e.getMessage()
                    + ")", e);
        }
    }

    void write(Storage storage, Path pairDirectory) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("direction", direction.name());
        properties.setProperty("epoch", Integer.toString(epoch));
        properties.setProperty("oldPrimary", oldPrimary.name());
        properties.setProperty("previousEpoch", Integer.toString(previousEpoch));
        StringWriter text = new StringWriter();
        properties.store(text, "Mirrorline pair roles: which volume is the primary now");
        storage.createDirectories(pairDirectory);
        storage.writeAtomically(pairDirectory.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
