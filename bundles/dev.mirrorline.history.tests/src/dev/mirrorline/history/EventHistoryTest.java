package dev.mirrorline.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EngineEvent.ChunksCopied;
import dev.mirrorline.engine.event.EngineEvent.LinkDown;
import dev.mirrorline.engine.event.EngineEvent.ResyncProgress;
import dev.mirrorline.engine.event.EngineEvent.SnapshotCreated;
import dev.mirrorline.engine.event.EngineEvent.WritesFrozen;
import dev.mirrorline.engine.event.EngineEvent.WritesResumed;
import dev.mirrorline.engine.event.EventDispatcher;

class EventHistoryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private EventHistory history;

    @BeforeEach
    void open() throws IOException {
        history = EventHistory.open(directory.resolve("history"));
    }

    @AfterEach
    void close() {
        history.close();
    }

    @Test
    void everyEventTypeComesBackAsAnEqualRecordWithItsPairTypeSummaryAndNanosecondTime() throws Exception {
        // events that name only the snapshot belong to the pair of the volume it was created on
        history.onEvent(new SnapshotCreated(SampleEvents.T0.minusSeconds(1), "volume-a", "snapshot-1", 4096));
        List<EngineEvent> events = SampleEvents.oneOfEachType("volume-a", "snapshot-1");
        events.forEach(history::onEvent);
        assertTrue(history.awaitRecorded(WAIT));

        List<RecordedEvent> found = history.find(EventQuery.all()).subList(1, events.size() + 1);

        assertEquals(EventTypes.names().size(), found.size());
        for (int i = 0; i < events.size(); i++) {
            RecordedEvent recorded = found.get(i);
            assertEquals(events.get(i), recorded.event(), "rebuilt " + recorded.type());
            assertEquals(events.get(i).at(), recorded.at());
            assertEquals(events.get(i).getClass().getSimpleName(), recorded.type());
            // an event about neither a volume nor a snapshot (a refused peer, say) belongs to no pair
            boolean namesAVolume = java.util.Arrays.stream(events.get(i).getClass().getRecordComponents())
                    .anyMatch(component -> component.getName().equals("volume")
                            || component.getName().equals("snapshotId"));
            assertEquals(namesAVolume ? "volume-a" : EventHistory.NO_PAIR, recorded.pair(),
                    recorded.type() + " belongs to its volume's pair");
            assertEquals(EventSummaries.summaryOf(events.get(i)), recorded.summary());
            assertFalse(recorded.summary().isBlank());
            assertEquals(i + 2, recorded.id());
            assertTrue(recorded.at().getNano() % 1000 != 0, "nanoseconds kept: " + recorded.at());
        }
    }

    @Test
    void theFieldsAreAFlatJsonObjectNamedLikeTheRecordComponents() throws Exception {
        history.record("pair-1", new LinkDown(Instant.parse("2026-01-02T03:04:05.000000006Z"), "vol",
                "peer said \"bye\"\n"));
        history.record("pair-1", new WritesResumed(Instant.parse("2026-01-02T03:04:06Z"), "vol",
                Duration.ofNanos(412_345)));
        assertTrue(history.awaitRecorded(WAIT));

        List<RecordedEvent> found = history.find(EventQuery.all());

        assertEquals("{\"at\":\"2026-01-02T03:04:05.000000006Z\",\"volume\":\"vol\","
                + "\"reason\":\"peer said \\\"bye\\\"\\n\"}", found.get(0).fieldsJson());
        assertEquals(Map.of("at", "2026-01-02T03:04:06Z", "volume", "vol", "pause", "PT0.000412345S"),
                FlatJson.read(found.get(1).fieldsJson()));
        assertEquals("Writes to vol resumed after a pause of 0.412 ms", found.get(1).summary());
    }

    @Test
    void linkEventsAreSummarisedInWords() {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        assertEquals("Link of vol up to 10.0.0.2:7420", EventSummaries.summaryOf(
                new dev.mirrorline.engine.event.EngineEvent.LinkUp(at, "vol", "10.0.0.2:7420", 1)));
        assertEquals("Link of vol up to 10.0.0.2:7420 after 3 attempts", EventSummaries.summaryOf(
                new dev.mirrorline.engine.event.EngineEvent.LinkUp(at, "vol", "10.0.0.2:7420", 3)));
        assertEquals("Link of vol refused by the secondary: split brain", EventSummaries.summaryOf(
                new dev.mirrorline.engine.event.EngineEvent.LinkRefused(at, "vol", "split brain")));
        assertEquals("Refused the peer at 10.0.0.9:5555: not pinned", EventSummaries.summaryOf(
                new dev.mirrorline.engine.event.EngineEvent.PeerRefused(at, "10.0.0.9:5555", "AB:CD", "not pinned")));
    }

    @Test
    void drillStepsAreSummarisedInWords() {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        assertEquals("Drill d-1 (link-outage) on vol, step 2 Cut the link: PASSED, 3 updates unacknowledged",
                EventSummaries.summaryOf(new dev.mirrorline.engine.event.EngineEvent.DrillStepChanged(at, "vol", "d-1",
                        "link-outage", 2, "Cut the link", "PASSED", "3 updates unacknowledged")));
        assertEquals("Drill d-1 (link-outage) on vol, step 1 Start the load: STARTED", EventSummaries.summaryOf(
                new dev.mirrorline.engine.event.EngineEvent.DrillStepChanged(at, "vol", "d-1", "link-outage", 1,
                        "Start the load", "STARTED", "")));
    }

    @Test
    void eventsSurviveCloseAndReopenAndNewIdsFollowTheOldOnes() throws Exception {
        history.record("p", new WritesFrozen(SampleEvents.T0, "v"));
        assertTrue(history.awaitRecorded(WAIT));
        history.close();

        history = EventHistory.open(directory.resolve("history"));
        history.record("p", new WritesFrozen(SampleEvents.T0.plusSeconds(1), "v"));
        assertTrue(history.awaitRecorded(WAIT));

        List<RecordedEvent> found = history.find(EventQuery.all());
        assertEquals(List.of(1L, 2L), found.stream().map(RecordedEvent::id).toList());
        assertEquals(List.of("p"), history.pairs());
    }

    @Test
    void idsAreNotReusedAfterEveryEventWasDeleted() throws Exception {
        history.record("p", new WritesFrozen(SampleEvents.T0, "v"));
        history.record("p", new WritesFrozen(SampleEvents.T0.plusSeconds(1), "v"));
        assertTrue(history.awaitRecorded(WAIT));
        assertEquals(2, history.deleteOlderThan(Instant.MAX));
        history.close();

        history = EventHistory.open(directory.resolve("history"));
        history.record("p", new WritesFrozen(SampleEvents.T0, "v"));
        assertTrue(history.awaitRecorded(WAIT));

        assertEquals(3, history.find(EventQuery.all()).get(0).id());
    }

    @Test
    void aVolumeMapsToItsPairAndASnapshotOnlyEventToThePairOfItsSnapshotAlsoAfterAReopen() throws Exception {
        history.close();
        Map<String, String> pairOfVolume = Map.of("/dev/vg/db", "database");
        history = EventHistory.open(directory.resolve("history"), pairOfVolume::get);
        history.onEvent(new SnapshotCreated(SampleEvents.T0, "/dev/vg/db", "outage-7", 4096));
        history.onEvent(new ChunksCopied(SampleEvents.T0.plusMillis(1), "outage-7", 1, 4096, 1));
        history.onEvent(new WritesFrozen(SampleEvents.T0.plusMillis(2), "unmapped-volume"));
        history.onEvent(new ChunksCopied(SampleEvents.T0.plusMillis(3), "unknown-snapshot", 1, 4096, 1));
        assertTrue(history.awaitRecorded(WAIT));
        history.close();

        history = EventHistory.open(directory.resolve("history"));
        history.onEvent(new ChunksCopied(SampleEvents.T0.plusMillis(4), "outage-7", 2, 8192, 3));
        assertTrue(history.awaitRecorded(WAIT));

        assertEquals(List.of("database", "database", "unmapped-volume", EventHistory.NO_PAIR, "database"),
                history.find(EventQuery.all()).stream().map(RecordedEvent::pair).toList());
        assertEquals(List.of(EventHistory.NO_PAIR, "database", "unmapped-volume"), history.pairs());
    }

    @Test
    void aListenerForOnePairRecordsEverythingUnderThatPair() throws Exception {
        EventDispatcher dispatcher = new EventDispatcher(Runnable::run, e -> {
            throw e;
        });
        dispatcher.addListener(history.forPair("pair-x"));
        dispatcher.publish(new WritesFrozen(SampleEvents.T0, "some-volume"));
        dispatcher.publish(new ChunksCopied(SampleEvents.T0, "some-snapshot", 1, 1, 1));
        assertTrue(history.awaitRecorded(WAIT));

        assertEquals(List.of("pair-x", "pair-x"),
                history.find(EventQuery.all()).stream().map(RecordedEvent::pair).toList());
    }

    @Test
    void registeredOnADispatcherWithAnExecutorItRecordsEveryPublishedEventInOrder() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            EventDispatcher dispatcher = new EventDispatcher(executor, e -> {
            });
            dispatcher.addListener(history);
            for (int i = 0; i < 5000; i++) {
                dispatcher.publish(new ResyncProgress(SampleEvents.T0.plusNanos(i), "vol", i, 5000, 4096L * i));
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (history.count(EventQuery.all()) < 5000 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            executor.shutdown();
            assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
        }
        List<RecordedEvent> found = history.find(EventQuery.all().limit(10_000));
        assertEquals(5000, found.size());
        for (int i = 0; i < found.size(); i++) {
            assertEquals(i, ((ResyncProgress) found.get(i).event()).chunksSent());
        }
    }

    @Test
    void recordedListenersHearOfEachCommittedBatchWithTheIdsGiven() throws Exception {
        List<RecordedEvent> heard = new CopyOnWriteArrayList<>();
        history.addRecordedListener(heard::addAll);
        for (int i = 0; i < 100; i++) {
            history.record("p", new WritesFrozen(SampleEvents.T0.plusSeconds(i), "v"));
        }
        assertTrue(history.awaitRecorded(WAIT));

        assertEquals(history.find(EventQuery.all()), heard);
    }

    @Test
    void queriesSelectByPairTypeAndHalfOpenTimeWindow() throws Exception {
        Instant t = SampleEvents.T0;
        history.record("a", new WritesFrozen(t, "va"));
        history.record("a", new LinkDown(t.plusSeconds(1), "va", "cut"));
        history.record("b", new LinkDown(t.plusSeconds(1), "vb", "cut"));
        history.record("a", new WritesFrozen(t.plusSeconds(2), "va"));
        history.record("c", new WritesFrozen(t.plusSeconds(3), "vc"));
        assertTrue(history.awaitRecorded(WAIT));

        assertEquals(List.of(1L, 2L, 4L), ids(EventQuery.all().pair("a")));
        assertEquals(List.of(1L, 2L, 3L, 4L), ids(EventQuery.all().pairs(List.of("a", "b"))));
        assertEquals(List.of(2L, 3L), ids(EventQuery.all().types(LinkDown.class)));
        assertEquals(List.of(2L, 3L), ids(EventQuery.all().types("LinkDown")));
        assertEquals(List.of(2L), ids(EventQuery.all().pair("a").types("LinkDown")));
        assertEquals(List.of(2L, 3L, 4L), ids(EventQuery.all().between(t.plusSeconds(1), t.plusSeconds(3))));
        assertEquals(List.of(), ids(EventQuery.all().between(t.plusSeconds(1), t.plusSeconds(1))));
        assertEquals(List.of(4L, 5L), ids(EventQuery.all().from(t.plusSeconds(2))));
        assertEquals(List.of(1L), ids(EventQuery.all().to(t.plusNanos(1))));
        assertEquals(List.of(4L, 5L), ids(EventQuery.all().afterId(3)));
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), ids(EventQuery.all().newestFirst()));
        assertEquals(List.of(), ids(EventQuery.all().pair("nobody")));
        assertEquals(3, history.count(EventQuery.all().pair("a")));
        assertEquals(2, history.count(EventQuery.all().types(LinkDown.class).limit(1)));
        assertEquals(5, history.count(EventQuery.all().between(Instant.MIN, Instant.MAX)));
        assertEquals(List.of("a", "b", "c"), history.pairs());
    }

    @Test
    void pagesNewestFirstAreStableWhenManyEventsShareOneInstant() throws Exception {
        for (int i = 0; i < 250; i++) {
            history.record(i % 2 == 0 ? "even" : "odd", new WritesFrozen(SampleEvents.T0, "v"));
        }
        assertTrue(history.awaitRecorded(WAIT));

        List<Long> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            paged.addAll(ids(EventQuery.all().pair("even").newestFirst().limit(50).offset(50L * page)));
        }

        List<Long> expected = new ArrayList<>();
        for (long id = 249; id >= 1; id -= 2) {
            expected.add(id);
        }
        assertEquals(expected, paged);
    }

    @Test
    void deleteOlderThanRemovesExactlyTheEventsBeforeTheTime() throws Exception {
        for (int i = 0; i < 25_000; i++) {
            history.record("p", new WritesFrozen(SampleEvents.T0.plusMillis(i), "v"));
        }
        assertTrue(history.awaitRecorded(WAIT));

        assertEquals(20_000, history.deleteOlderThan(SampleEvents.T0.plusMillis(20_000)));

        assertEquals(5000, history.count(EventQuery.all()));
        assertEquals(SampleEvents.T0.plusMillis(20_000), history.find(EventQuery.all().limit(1)).get(0).at());
        assertEquals(List.of("p"), history.pairs());
    }

    @Test
    void badInputIsRefusedWithAMessageThatSaysWhatIsWrong() throws Exception {
        IllegalArgumentException unknownType = assertThrows(IllegalArgumentException.class,
                () -> EventQuery.all().types("LinkDwon"));
        assertTrue(unknownType.getMessage().contains("Unknown event type 'LinkDwon'")
                && unknownType.getMessage().contains("LinkDown"), unknownType.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EventQuery.all().between(SampleEvents.T0, SampleEvents.T0.minusNanos(1)));
        assertThrows(IllegalArgumentException.class, () -> EventQuery.all().limit(0));
        assertThrows(IllegalArgumentException.class, () -> EventQuery.all().offset(-1));

        IllegalArgumentException farFuture = assertThrows(IllegalArgumentException.class,
                () -> history.record("p", new WritesFrozen(Instant.parse("2300-01-01T00:00:00Z"), "v")));
        assertTrue(farFuture.getMessage().contains("2300-01-01T00:00:00Z"), farFuture.getMessage());

        Path file = Files.writeString(directory.resolve("a-file"), "not a directory");
        assertThrows(IOException.class, () -> EventHistory.open(file));

        IOException twice = assertThrows(IOException.class, () -> EventHistory.open(directory.resolve("history")));
        assertTrue(twice.getMessage().contains("already open in this process"), twice.getMessage());

        history.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class,
                () -> history.record("p", new WritesFrozen(SampleEvents.T0, "v")));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    @Test
    void anEventWhoseTypeOrFieldsThisVersionDoesNotKnowIsReturnedWithoutARebuiltEvent() throws Exception {
        history.close();
        // rows as a later version could have written them
        try (java.sql.Connection connection = org.h2.Driver.load().connect("jdbc:h2:file:"
                + directory.resolve("history").resolve(EventHistory.DATABASE_NAME), new java.util.Properties());
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO EVENTS VALUES (1, 0, 'p', 'FutureEvent', 'it happened',"
                    + " '{\"at\":\"1970-01-01T00:00:00Z\",\"size\":[1]}')");
            statement.execute("INSERT INTO EVENTS VALUES (2, 1, 'p', 'LinkDown', 'the link went down',"
                    + " '{\"at\":\"1970-01-01T00:00:00.000000001Z\",\"volume\":\"v\"}')");
        }
        history = EventHistory.open(directory.resolve("history"));

        List<RecordedEvent> found = history.find(EventQuery.all());

        assertEquals(List.of("FutureEvent", "LinkDown"), found.stream().map(RecordedEvent::type).toList());
        assertEquals(List.of("it happened", "the link went down"),
                found.stream().map(RecordedEvent::summary).toList());
        assertEquals(Instant.EPOCH.plusNanos(1), found.get(1).at());
        assertNull(found.get(0).event());
        assertNull(found.get(1).event(), "a LinkDown without its reason cannot be rebuilt");
    }

    @Test
    void afterAnUncleanCloseRowsThatWereNeverCommittedAreDeletedAndTheIndexesAgreeWithTheTable() throws Exception {
        history.record("p", new WritesFrozen(SampleEvents.T0, "v"));
        assertTrue(history.awaitRecorded(WAIT));
        history.close();
        // what a killed process leaves when H2 does not roll back its last batch: still marked open,
        // rows past the next id that the batch's transaction would have advanced
        try (java.sql.Connection connection = org.h2.Driver.load().connect("jdbc:h2:file:"
                + directory.resolve("history").resolve(EventHistory.DATABASE_NAME), new java.util.Properties());
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO EVENTS VALUES (2, 5, 'p', 'WritesFrozen', 'half a batch', '{}')");
            statement.execute("INSERT INTO EVENTS VALUES (3, 6, 'p', 'WritesFrozen', 'half a batch', '{}')");
            statement.execute("UPDATE INFO SET VAL = 'true' WHERE NAME = 'open'");
        }

        history = EventHistory.open(directory.resolve("history"));

        assertEquals(List.of(), history.integrityProblems());
        assertEquals(List.of(1L), ids(EventQuery.all()));
        assertEquals(List.of(1L), ids(EventQuery.all().pair("p").newestFirst()));
        history.record("p", new WritesFrozen(SampleEvents.T0, "v"));
        assertTrue(history.awaitRecorded(WAIT));
        assertEquals(List.of(1L, 2L), ids(EventQuery.all()));
    }

    @Test
    void flatJsonReadsWhatItWritesAndRefusesWhatIsNotAFlatObject() {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("text", "quote \" backslash \\ control \u0001 tab \t ünï");
        fields.put("long", Long.MIN_VALUE);
        fields.put("double", -1.5e-7);
        fields.put("yes", true);
        fields.put("nothing", null);

        assertEquals(fields, FlatJson.read(FlatJson.write(fields)));
        assertEquals(Map.of(), FlatJson.read(" { } "));
        assertThrows(IllegalArgumentException.class, () -> FlatJson.read("{\"a\":1"));
        assertThrows(IllegalArgumentException.class, () -> FlatJson.read("{\"a\":1} x"));
        assertThrows(IllegalArgumentException.class, () -> FlatJson.read("{\"a\":[1]}"));
        assertNotNull(EventSummaries.bytes(5L << 40));
        assertEquals("1.5 MiB", EventSummaries.bytes(3 << 19));
        assertEquals("4 KiB", EventSummaries.bytes(4096));
        assertEquals("12 B", EventSummaries.bytes(12));
    }

    private List<Long> ids(EventQuery query) {
        return history.find(query).stream().map(RecordedEvent::id).toList();
    }
}
