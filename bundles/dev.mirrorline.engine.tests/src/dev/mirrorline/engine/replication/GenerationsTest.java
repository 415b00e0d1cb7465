package dev.mirrorline.engine.replication;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.storage.FileSystemStorage;

class GenerationsTest {

    private final Generations start = Generations.initial(UUID.randomUUID());

    @TempDir
    Path directory;

    @Test
    void sidesWithTheSameCurrentGenerationAreInSync() {
        assertEquals(Generations.Relation.IN_SYNC, start.compareWithSecondary(start));
    }

    @Test
    void aSecondaryWhoseGenerationThePrimaryLeftBehindIsBehind() {
        Generations primary = start.startNew(UUID.randomUUID()).startNew(UUID.randomUUID());

        assertEquals(Generations.Relation.SECONDARY_BEHIND, primary.compareWithSecondary(start));
    }

    @Test
    void aSecondaryThatStartedAGenerationOfItsOwnIsAhead() {
        Generations promotedSecondary = start.startNew(UUID.randomUUID());

        assertEquals(Generations.Relation.PRIMARY_BEHIND, start.compareWithSecondary(promotedSecondary));
    }

    @Test
    void bothSidesStartingGenerationsFromTheSamePointIsSplitBrain() {
        Generations primary = start.startNew(UUID.randomUUID());
        Generations secondary = start.startNew(UUID.randomUUID());

        assertEquals(Generations.Relation.SPLIT_BRAIN, primary.compareWithSecondary(secondary));
    }

    @Test
    void theHistoryKeepsTheNewestSixteenAndSurvivesAWriteAndARead() throws Exception {
        Generations many = start;
        for (int i = 0; i < 20; i++) {
            many = many.startNew(UUID.randomUUID());
        }
        FileSystemStorage storage = new FileSystemStorage();

        many.write(storage, directory);

        assertEquals(Generations.MAX_HISTORY, many.history().size());
        assertEquals(many, Generations.read(storage, directory).orElseThrow());
    }
}
