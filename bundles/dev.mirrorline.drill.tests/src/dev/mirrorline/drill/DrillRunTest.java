package dev.mirrorline.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.event.EngineEvent;

/** How a drill runs whatever its scenario: cancel while a check program runs, listeners that fail. */
class DrillRunTest {

    private static final Duration DRILL_LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path directory;

    @Test
    void aCancelWhileTheCheckCommandRunsStopsItAndDiscardsTheTestCopyAndTheSnapshots() throws Exception {
        Path started = directory.resolve("check-started");
        Path finished = directory.resolve("check-finished");
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            test.pair.startLoad();
            DrillService service = DrillService.of(test.node);
            DrillRun run = service.start(DrillTestPair.PAIR, service.scenario(TestFailoverScenario.ID),
                    DrillParameters.of(Map.of("check", "touch " + started + "; sleep 30; touch " + finished)), null);
            DrillTestPair.await(() -> Files.exists(started), () -> "the check command to start");
            Path testCopy = run.directory().resolve(TestFailoverScenario.TEST_COPY);
            assertTrue(Files.exists(testCopy), "the test copy exists while the check runs");
            run.cancel();
            DrillResult result = run.await(DRILL_LIMIT);
            assertNotNull(result);
            assertEquals(DrillOutcome.CANCELLED, result.outcome());
            assertTrue(result.duration().compareTo(Duration.ofSeconds(25)) < 0, "the check was not waited for");
            assertEquals(StepStatus.CANCELLED, result.steps().get(3).status());
            assertEquals(StepStatus.SKIPPED, result.steps().get(4).status());
            assertEquals(List.of("Delete the test copy: done", "The pair is consistent again"), result.rollback());
            assertFalse(Files.exists(testCopy));
            Thread.sleep(300);
            assertFalse(Files.exists(finished), "the check command was stopped");
            Set<String> created = test.eventsOf(EngineEvent.SnapshotCreated.class).stream()
                    .map(EngineEvent.SnapshotCreated::snapshotId).collect(Collectors.toSet());
            Set<String> deleted = test.eventsOf(EngineEvent.SnapshotDeleted.class).stream()
                    .map(EngineEvent.SnapshotDeleted::snapshotId).collect(Collectors.toSet());
            assertEquals(2, created.size());
            assertEquals(created, deleted, "both snapshots of the sequence point are deleted");
            assertTrue(test.pair.status().loadRunning(), "the load that ran before the drill runs on");
            test.assertConsistentAndEqual();
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheDrillAndIsNotedInTheResult() throws Exception {
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            DrillService service = DrillService.of(test.node);
            DrillRun run = service.start(DrillTestPair.PAIR, service.scenario(TestFailoverScenario.ID),
                    DrillParameters.of(Map.of()), null, new DrillListener() {
                        @Override
                        public void stepChanged(DrillRun drill, StepRecord step) {
                            throw new IllegalStateException("a broken view");
                        }
                    });
            DrillResult result = run.await(DRILL_LIMIT);
            assertNotNull(result);
            assertEquals(DrillOutcome.PASSED, result.outcome(), result.reason());
            assertEquals(StepStatus.SKIPPED, result.steps().get(3).status(), "no check command given");
            assertEquals("No check command given", result.steps().get(3).detail());
            assertTrue(result.rollback().contains("A drill listener failed: java.lang.IllegalStateException: a broken"
                    + " view"), result.rollback().toString());
            assertTrue(service.running(DrillTestPair.PAIR).isEmpty());
        }
    }

    @Test
    void aDrillListenerOfTheServiceHearsEveryDrillEndOnceItIsInTheHistoryUntilItIsRemoved() throws Exception {
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            DrillService service = DrillService.of(test.node);
            List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            DrillListener historyView = new DrillListener() {
                @Override
                public void finished(DrillRun run, DrillResult result) {
                    try {
                        heard.add(result.id() + (service.history().find(result.id()).isPresent() ? " in the history"
                                : " not in the history"));
                    } catch (java.io.IOException e) {
                        heard.add(result.id() + ": " + e);
                    }
                }
            };
            service.addDrillListener(historyView);
            DrillRun first = service.start(DrillTestPair.PAIR, service.scenario(TestFailoverScenario.ID),
                    DrillParameters.of(Map.of()), null);
            assertNotNull(first.await(DRILL_LIMIT));
            DrillTestPair.await(() -> !heard.isEmpty(), () -> "the listener to hear the end of the drill");
            assertEquals(List.of(first.id() + " in the history"), heard);

            service.removeDrillListener(historyView);
            // told after the removed listener would have been: when it has heard, that one would have too
            List<String> witnessed = new java.util.concurrent.CopyOnWriteArrayList<>();
            service.addDrillListener(new DrillListener() {
                @Override
                public void finished(DrillRun run, DrillResult result) {
                    witnessed.add(result.id());
                }
            });
            DrillRun second = service.start(DrillTestPair.PAIR, service.scenario(TestFailoverScenario.ID),
                    DrillParameters.of(Map.of()), null);
            assertNotNull(second.await(DRILL_LIMIT));
            DrillTestPair.await(() -> !witnessed.isEmpty(), () -> "the second listener to hear the end of the drill");
            assertEquals(List.of(second.id()), witnessed);
            assertEquals(List.of(first.id() + " in the history"), heard, "a removed listener hears no more drills");
        }
    }
}
