package dev.mirrorline.drill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.node.PairDirection;

/**
 * The two drills that change roles, end to end on real volumes over real gRPC: the planned
 * switchover (with and without switching back, and cancelled while switched) and the unplanned
 * failover with its failback (and cancelled after the promotion); their measurements against the
 * engine's own events, their verifications and reports.
 */
class RoleChangeDrillTest {

    private static final Duration DRILL_LIMIT = Duration.ofSeconds(180);
    private static final int BLOCK = 4096;

    @TempDir
    Path directory;

    @Test
    void aPlannedSwitchoverWithSwitchBackDrainsVerifiesReversesAndRestoresTheOriginalDirection() throws Exception {
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            DrillService service = DrillService.of(test.node);
            DrillResult result = service.start(DrillTestPair.PAIR, service.scenario(PlannedSwitchoverScenario.ID),
                    DrillParameters.of(Map.of("warmup", "1")), null).await(DRILL_LIMIT);
            assertNotNull(result);
            DrillTestPair.keepReport(result, "planned-switchover");
            assertEquals(DrillOutcome.PASSED, result.outcome(), result.reason() + " " + result.steps());
            assertEquals(List.of("Start the write load", "Quiesce, drain, verify and switch the roles",
                    "Resume writes on the new primary", "Stay in the new roles", "Switch back to the original roles"),
                    result.steps().stream().map(StepRecord::name).toList());
            assertEquals(StepStatus.SKIPPED, result.steps().get(3).status(), "no stay asked for");

            // reversed once and back: the original primary is the primary again, the pair consistent and equal
            assertEquals(PairDirection.ORIGINAL, test.pair.direction());
            assertEquals("primary.img", test.pair.primaryVolumeName());
            List<String> reversals = test.eventsOf(EngineEvent.RoleChanged.class).stream()
                    .filter(event -> event.change().equals("REVERSED")).map(EngineEvent.RoleChanged::volume).toList();
            assertEquals(List.of("secondary.img", "primary.img"), reversals);
            assertEquals(2, result.verifications().size());
            result.verifications().forEach(verification -> assertTrue(verification.equal(), verification.toString()));
            assertEquals(0, test.eventsOf(EngineEvent.ResyncFinished.class).size(), "a switchover needs no resync");

            Map<String, Double> measured = measurements(result);
            assertTrue(measured.get("drain.updates") >= 0);
            assertTrue(measured.get("rto.seconds") > 0);
            assertTrue(measured.get("probe.seconds") > 0);
            assertTrue(measured.get("switchBack.rto") > 0);
            assertFalse(test.pair.status().loadRunning(), "the load was not running before the drill");
            String report = Files.readString(result.report());
            assertTrue(report.contains("Planned switchover") && report.contains("rto.seconds"),
                    "the report names the scenario and the RTO");
            test.assertConsistentAndEqual();
        }
    }

    @Test
    void aSwitchoverWithoutSwitchBackLeavesTheSecondaryPrimaryAndItsWritesLandOnTheOldPrimary() throws Exception {
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            DrillService service = DrillService.of(test.node);
            DrillResult result = service.start(DrillTestPair.PAIR, service.scenario(PlannedSwitchoverScenario.ID),
                    DrillParameters.of(Map.of("warmup", "0.5", "switchBack", "no", "probe", "no")), null)
                    .await(DRILL_LIMIT);
            assertNotNull(result);
            assertEquals(DrillOutcome.PASSED, result.outcome(), result.reason() + " " + result.steps());
            assertEquals(PairDirection.REVERSED, test.pair.direction());
            assertEquals("secondary.img", test.pair.primaryVolumeName());
            assertEquals(StepStatus.SKIPPED, result.steps().get(4).status());

            byte[] written = new byte[BLOCK];
            Arrays.fill(written, (byte) 0x5a);
            test.pair.write(42L * BLOCK, ByteBuffer.wrap(written));
            test.assertConsistentAndEqual();
            assertArrayEquals(written, readImage(test, "primary.img", 42L * BLOCK),
                    "a write on the new primary lands on the old primary's image");
        }
    }

    @Test
    void aSwitchoverCancelledWhileSwitchedSwitchesBackAndLeavesThePairConsistent() throws Exception {
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            DrillService service = DrillService.of(test.node);
            DrillRun run = service.start(DrillTestPair.PAIR, service.scenario(PlannedSwitchoverScenario.ID),
                    DrillParameters.of(Map.of("warmup", "0.5", "stay", "60")), null);
            DrillTestPair.await(() -> run.steps().get(3).status() == StepStatus.RUNNING, () -> "the stay step");
            assertEquals(PairDirection.REVERSED, test.pair.direction());
            run.cancel();
            DrillResult result = run.await(DRILL_LIMIT);
            assertNotNull(result);
            DrillTestPair.keepReport(result, "planned-switchover-cancelled");
            assertEquals(DrillOutcome.CANCELLED, result.outcome());
            assertEquals(StepStatus.CANCELLED, result.steps().get(3).status());
            assertEquals(StepStatus.SKIPPED, result.steps().get(4).status());
            assertTrue(result.rollback().contains("Switch back to the original roles, primary.img primary: done"),
                    result.rollback().toString());
            assertEquals(PairDirection.ORIGINAL, test.pair.direction());
            assertTrue(test.pair.acceptsWrites());
            test.assertConsistentAndEqual();
        }
    }

    @Test
    void anUnplannedFailoverLosesExactlyTheUnacknowledgedBytesAndFailsBackWithOnlyTheChangedChunks()
            throws Exception {
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            DrillService service = DrillService.of(test.node);
            DrillResult result = service.start(DrillTestPair.PAIR, service.scenario(UnplannedFailoverScenario.ID),
                    DrillParameters.of(Map.of("warmup", "1", "alone", "0.5", "newPrimaryLoad", "1")), null)
                    .await(DRILL_LIMIT);
            assertNotNull(result);
            DrillTestPair.keepReport(result, "unplanned-failover");
            assertEquals(DrillOutcome.PASSED, result.outcome(), result.reason() + " " + result.steps());
            assertEquals(List.of("Start the write load", "Cut the link", "Declare the primary lost",
                    "Promote the secondary", "Write on the new primary", "Fail back", "Verify both volumes",
                    "Switch back to the original roles"), result.steps().stream().map(StepRecord::name).toList());
            Map<String, Double> measured = measurements(result);

            // the data lost is what the engine captured as unacknowledged at the cut, to the byte
            EngineEvent.UnacknowledgedCaptured captured = test.eventsOf(EngineEvent.UnacknowledgedCaptured.class)
                    .stream().filter(event -> event.volume().equals("primary.img")).findFirst().orElseThrow();
            assertEquals(captured.bytes(), measured.get("lost.bytes").longValue());
            assertEquals(captured.bytes(), measured.get("rpo.bytes").longValue());
            assertEquals(captured.updates(), measured.get("lost.updates").longValue());
            assertTrue(measured.get("rto.seconds") > 0);

            // the failback sent the union of both sides' changed chunks, no more, and far less than a full copy
            EngineEvent.ResyncStarted failback = test.eventsOf(EngineEvent.ResyncStarted.class).stream()
                    .filter(event -> event.volume().equals("secondary.img")).findFirst().orElseThrow();
            assertEquals(measured.get("failback.unionChunks").longValue(), failback.changedChunks());
            assertTrue(measured.get("failback.oldPrimaryChunks") > 0, "the old primary wrote alone after the cut");
            assertTrue(measured.get("failback.promotedChunks") > 0, "the new primary was written");
            long sent = measured.get("failback.bytes").longValue();
            assertTrue(sent <= measured.get("failback.unionBytes") + failback.unacknowledgedBytes(),
                    sent + " bytes sent for " + measured.get("failback.unionBytes"));
            assertTrue(sent < DrillTestPair.SIZE / 2, "never a full copy: " + sent);
            assertTrue(result.verifications().stream().allMatch(Verification::equal), result.verifications()
                    .toString());
            assertTrue(result.verifications().size() >= 2, "after the failback and before the switch back");

            assertEquals(PairDirection.ORIGINAL, test.pair.direction(), "switched back");
            assertFalse(test.pair.failbackPending());
            List<String> changes = test.eventsOf(EngineEvent.RoleChanged.class).stream()
                    .map(EngineEvent.RoleChanged::change).toList();
            assertTrue(changes.containsAll(List.of("DEMOTED", "LOST", "PROMOTED", "FAILBACK_STARTED",
                    "GENERATIONS_ADOPTED", "REVERSED")), changes.toString());
            String report = Files.readString(result.report());
            assertTrue(report.contains("Unplanned failover and failback") && report.contains("Data lost"));
            test.assertConsistentAndEqual();
        }
    }

    @Test
    void anUnplannedFailoverCancelledAfterThePromotionFailsBackAndRestoresTheRoles() throws Exception {
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            DrillService service = DrillService.of(test.node);
            DrillRun run = service.start(DrillTestPair.PAIR, service.scenario(UnplannedFailoverScenario.ID),
                    DrillParameters.of(Map.of("warmup", "0.5", "alone", "0.2", "newPrimaryLoad", "60")), null);
            DrillTestPair.await(() -> run.steps().get(4).status() == StepStatus.RUNNING, () -> "the write step");
            Thread.sleep(300);
            assertEquals(PairDirection.REVERSED, test.pair.direction());
            run.cancel();
            DrillResult result = run.await(DRILL_LIMIT);
            assertNotNull(result);
            DrillTestPair.keepReport(result, "unplanned-failover-cancelled");
            assertEquals(DrillOutcome.CANCELLED, result.outcome());
            assertEquals(StepStatus.CANCELLED, result.steps().get(4).status());
            assertTrue(result.rollback().stream().anyMatch(line -> line.startsWith("Fail back and switch back to the"
                    + " original roles") && line.endsWith(": done")), result.rollback().toString());
            assertEquals(PairDirection.ORIGINAL, test.pair.direction());
            assertFalse(test.pair.failbackPending());
            assertFalse(test.pair.linkHeld());
            assertFalse(test.pair.status().loadRunning());
            test.assertConsistentAndEqual();
        }
    }

    @Test
    void aCancelBeforeThePromotionRestoresTheLinkAndTheOldPrimaryTakesWritesAgain() throws Exception {
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            DrillService service = DrillService.of(test.node);
            DrillRun run = service.start(DrillTestPair.PAIR, service.scenario(UnplannedFailoverScenario.ID),
                    DrillParameters.of(Map.of("warmup", "0.5", "alone", "60")), null);
            DrillTestPair.await(() -> run.steps().get(1).status() == StepStatus.RUNNING
                    && test.pair.linkHeld(), () -> "the cut");
            run.cancel();
            DrillResult result = run.await(DRILL_LIMIT);
            assertNotNull(result);
            assertEquals(DrillOutcome.CANCELLED, result.outcome());
            assertEquals(PairDirection.ORIGINAL, test.pair.direction());
            assertTrue(test.pair.acceptsWrites());
            assertFalse(test.pair.linkHeld());
            test.assertConsistentAndEqual();
        }
    }

    private static Map<String, Double> measurements(DrillResult result) {
        Map<String, Double> values = new java.util.HashMap<>();
        result.measurements().forEach(measurement -> values.put(measurement.key(), measurement.value()));
        return values;
    }

    private static byte[] readImage(DrillTestPair test, String image, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(test.directory.resolve("volumes").resolve(image),
                StandardOpenOption.READ)) {
            ByteBuffer read = ByteBuffer.allocate(BLOCK);
            channel.read(read, offset);
            return read.array();
        }
    }
}
