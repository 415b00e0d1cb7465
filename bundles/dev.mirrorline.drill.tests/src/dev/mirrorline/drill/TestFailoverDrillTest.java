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
import dev.mirrorline.node.PairState;

/**
 * The non-disruptive test failover end to end: while the write load replicates, both sides are
 * taken at one sequence point, the secondary's snapshot becomes a writable test copy that a real
 * check program reads and writes, and everything is discarded; replication never stops.
 */
class TestFailoverDrillTest {

    private static final Duration DRILL_LIMIT = Duration.ofSeconds(120);

    @TempDir
    Path directory;

    @Test
    void theTestCopyEqualsThePrimaryAtTheSequencePointAndTheCheckCommandGetsItWhileReplicationGoesOn()
            throws Exception {
        Path checkedSha = directory.resolve("check-saw.sha256");
        // a real program reads the test copy (its checksum, for comparison) and writes to it
        String check = "sha256sum \"$1\" | cut -d' ' -f1 > " + checkedSha + " && test \"$1\" = \"$MIRRORLINE_TEST_COPY\""
                + " && printf 'the check was here' | dd of=\"$1\" conv=notrunc status=none && echo checked $MIRRORLINE_PAIR";
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            test.pair.startLoad();
            Thread.sleep(500);
            DrillService service = DrillService.of(test.node);
            DrillRun run = service.start(DrillTestPair.PAIR, service.scenario(TestFailoverScenario.ID),
                    DrillParameters.of(Map.of("check", check)), null);
            DrillResult result = run.await(DRILL_LIMIT);
            assertNotNull(result);
            DrillTestPair.keepReport(result, "test-failover");
            assertEquals(DrillOutcome.PASSED, result.outcome(), result.reason() + " " + result.steps());
            for (StepRecord step : result.steps()) {
                assertEquals(StepStatus.PASSED, step.status(), step.toString());
            }

            // the sequence point: both sides equal, and the copy equal to the secondary at N
            long sequence = (long) result.value("point.sequence");
            assertTrue(sequence > 0, "the load wrote before the point");
            assertEquals(2, result.verifications().size());
            for (Verification verification : result.verifications()) {
                assertTrue(verification.equal(), verification.toString());
            }
            String primaryAtPoint = result.verifications().get(0).leftSha256();
            assertEquals(primaryAtPoint, Files.readString(checkedSha).trim(),
                    "sha256sum saw in the test copy what the drill compared");
            assertTrue(result.value("point.freeze") < 5, "the freeze is bounded by its limit");
            assertTrue(result.value("point.freeze") <= result.value("point.took"));
            List<EngineEvent.WritesResumed> pauses = test.eventsOf(EngineEvent.WritesResumed.class).stream()
                    .filter(resumed -> resumed.volume().equals(test.pair.primaryVolumeName())).toList();
            assertEquals(1, pauses.size(), "one freeze of the primary: " + pauses);
            assertEquals(pauses.get(0).pause().toNanos() / 1e9, result.value("point.freeze"), 1e-9);
            assertEquals(0, result.value("check.exitCode"));
            assertTrue(result.steps().get(3).log().contains("| checked " + DrillTestPair.PAIR),
                    result.steps().get(3).log().toString());

            // replication went on: the load kept running and the pair stayed consistent, with no outage
            assertTrue(test.pair.status().loadRunning());
            assertEquals(PairState.CONSISTENT, test.pair.status().state());
            assertEquals(List.of(), test.eventsOf(EngineEvent.LinkDown.class));

            // both snapshots were taken and deleted, and the test copy discarded
            Set<String> created = test.eventsOf(EngineEvent.SnapshotCreated.class).stream()
                    .map(EngineEvent.SnapshotCreated::snapshotId).collect(Collectors.toSet());
            Set<String> deleted = test.eventsOf(EngineEvent.SnapshotDeleted.class).stream()
                    .map(EngineEvent.SnapshotDeleted::snapshotId).collect(Collectors.toSet());
            assertEquals(2, created.size(), created.toString());
            assertEquals(created, deleted);
            Path drillDirectory = result.report().getParent();
            assertFalse(Files.exists(drillDirectory.resolve(TestFailoverScenario.TEST_COPY)));

            // the check's write went to the copy only: both volumes are still equal
            test.assertConsistentAndEqual();
            String html = Files.readString(result.report());
            assertTrue(html.contains("secondary at N") && html.contains(primaryAtPoint));
        }
    }

    @Test
    void aFailingCheckCommandFailsTheDrillWithItsExitCodeAndTheTestCopyIsDiscarded() throws Exception {
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            test.pair.startLoad();
            DrillService service = DrillService.of(test.node);
            DrillRun run = service.start(DrillTestPair.PAIR, service.scenario(TestFailoverScenario.ID),
                    DrillParameters.of(Map.of("check", "echo 'the database does not start' >&2; exit 3")), null);
            DrillResult result = run.await(DRILL_LIMIT);
            assertNotNull(result);
            DrillTestPair.keepReport(result, "test-failover-check-failed");
            assertEquals(DrillOutcome.FAILED, result.outcome());
            assertEquals(3, result.value("check.exitCode"));
            assertEquals(StepStatus.FAILED, result.steps().get(3).status());
            assertEquals("The check command exited with 3", result.steps().get(3).detail());
            assertTrue(result.steps().get(3).log().contains("| the database does not start"));
            assertEquals(StepStatus.SKIPPED, result.steps().get(4).status());
            assertTrue(result.reason().contains("exited with 3"), result.reason());
            assertEquals(List.of("Delete the test copy: done", "The pair is consistent again"), result.rollback());
            assertFalse(Files.exists(result.report().getParent().resolve(TestFailoverScenario.TEST_COPY)));
            test.assertConsistentAndEqual();
        }
    }
}
