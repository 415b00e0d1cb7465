package dev.mirrorline.engine.replication;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import dev.mirrorline.engine.storage.Storage;

/**
 * The identifiers of one side's data history, in the spirit of DRBD's generation UUIDs: the
 * current generation, and the ones before it, newest first. A side starts a new generation when it
 * begins writing what its peer will not have (a primary when its link goes down, a secondary when it
 * is promoted); a secondary takes over the primary's generations when a resync has made it an exact
 * copy. Comparing the two sides' generations on reconnect tells "the secondary is behind" from
 * "both sides wrote while apart".
 *
 * @param current the current generation
 * @param history earlier generations, newest first, at most {@link #MAX_HISTORY}
 */
public record Generations(UUID current, List<UUID> history) {

    /** How many earlier generations are remembered. */
    public static final int MAX_HISTORY = 16;

    private static final String FILE = "generations.properties";

    /** How the secondary's history relates to the primary's. */
    public enum Relation {
        /** Same current generation: nothing to catch up beyond the unacknowledged updates. */
        IN_SYNC,
        /** The secondary's generation is in the primary's past: resynchronise the secondary. */
        SECONDARY_BEHIND,
        /** The primary's generation is in the secondary's past: the secondary wrote since (it was promoted). */
        PRIMARY_BEHIND,
        /** Neither is in the other's past: both sides wrote while apart. */
        SPLIT_BRAIN
    }

    /** Copies the history and checks its length. */
    public Generations {
        Objects.requireNonNull(current, "current");
        history = List.copyOf(history.size() > MAX_HISTORY ? history.subList(0, MAX_HISTORY) : history);
    }

    /**
     * @param first the generation both sides of a new pair start from
     * @return a history with only that generation
     */
    public static Generations initial(UUID first) {
        return new Generations(first, List.of());
    }

    /**
     * @param next the new current generation
     * @return this history with {@code next} as current and the present current pushed into the past
     */
    public Generations startNew(UUID next) {
        List<UUID> past = new ArrayList<>();
        past.add(current);
        past.addAll(history);
        return new Generations(next, past);
    }

    /**
     * Compares this (the primary's) history with the secondary's.
     *
     * @param secondary the secondary's generations
     * @return how they relate
     */
    public Relation compareWithSecondary(Generations secondary) {
        if (secondary.current.equals(current)) {
            return Relation.IN_SYNC;
        }
        if (history.contains(secondary.current)) {
            return Relation.SECONDARY_BEHIND;
        }
        if (secondary.history.contains(current)) {
            return Relation.PRIMARY_BEHIND;
        }
        return Relation.SPLIT_BRAIN;
    }

    /**
     * Reads the generations kept in a state directory.
     *
     * @param storage the storage
     * @param stateDirectory the directory
     * @return the generations, or empty if none were ever written there
     * @throws IOException if the file cannot be read or is damaged
     */
    public static Optional<Generations> read(Storage storage, Path stateDirectory) throws IOException {
        Path file = stateDirectory.resolve(FILE);
        if (!storage.exists(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        properties.load(new StringReader(new String(storage.readAll(file), StandardCharsets.UTF_8)));
        try {
            List<UUID> history = new ArrayList<>();
            String past = properties.getProperty("history", "");
            for (String id : past.isEmpty() ? new String[0] : past.split(",")) {
                history.add(UUID.fromString(id));
            }
            return Optional.of(new Generations(UUID.fromString(properties.getProperty("current")), history));
        } catch (RuntimeException e) {
            throw new IOException(file + " is damaged: this side's data history is unknown", e);
        }
    }

    /**
     * Writes these generations to a state directory, atomically and durably.
     *
     * @param storage the storage
     * @param stateDirectory the directory (created if missing)
     * @throws IOException if they cannot be written
     */
    public void write(Storage storage, Path stateDirectory) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("current", current.toString());
        properties.setProperty("history", String.join(",", history.stream().map(UUID::toString).toList()));
        StringWriter text = new StringWriter();
        properties.store(text, "Mirrorline: generations of this side's data, newest first");
        storage.createDirectories(stateDirectory);
        storage.writeAtomically(stateDirectory.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Deletes the generations written to a state directory, if any.
     *
     * @param storage the storage
     * @param stateDirectory the directory
     * @throws IOException if they cannot be deleted
     */
    static void delete(Storage storage, Path stateDirectory) throws IOException {
        storage.deleteIfExists(stateDirectory.resolve(FILE));
    }

    /** @return a short form for messages: the first 8 characters of the current generation */
    public String shortCurrent() {
        return current.toString().substring(0, 8);
    }
}
