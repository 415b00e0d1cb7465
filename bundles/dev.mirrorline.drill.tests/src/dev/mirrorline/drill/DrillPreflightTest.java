package dev.mirrorline.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairState;
import dev.mirrorline.node.SequencePoint;

/**
 * What keeps a drill from starting, each with its message; and the clean-up after a node that
 * stopped in the middle of a drill.
 */
class DrillPreflightTest {

    @TempDir
    Path directory;

    @Test
    void aPairThatIsNotConsistentIsRefusedWithWhatToDo() throws Exception {
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            DrillService service = DrillService.of(test.node);
            DrillScenario outage = service.scenario(LinkOutageScenario.ID);
            assertTrue(service.preflight(DrillTestPair.PAIR, outage, DrillParameters.of(Map.of())).stream()
                    .allMatch(PreflightCheck::passed));

            test.pair.interruptLink();
            List<PreflightCheck> checks = service.preflight(DrillTestPair.PAIR, outage, DrillParameters.of(Map.of()));
            PreflightCheck consistent = check(checks, "Pair consistent");
            assertFalse(consistent.passed());
            assertTrue(consistent.message().startsWith("The pair drilled is INTERRUPTED since "), consistent.message());
            assertTrue(consistent.message().endsWith("a drill needs a consistent pair. Restore its link and wait until"
                    + " the resync has ended"), consistent.message());
            assertFalse(check(checks, "Peer reachable").passed());
            DrillRefusedException refused = assertThrows(DrillRefusedException.class,
                    () -> service.start(DrillTestPair.PAIR, outage, DrillParameters.of(Map.of()), null));
            assertTrue(refused.getMessage().contains("is INTERRUPTED"), refused.getMessage());
            assertTrue(service.history().list().isEmpty(), "nothing ran");
            assertFalse(Files.exists(service.history().directory()) && Files.list(service.history().directory())
                    .findAny().isPresent(), "no drill directory was made");
            test.pair.restoreLink();
            test.assertConsistentAndEqual();
        }
    }

    @Test
    void badParametersAnUnknownPairAndASecondDrillOnAPairAreRefused() throws Exception {
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            DrillService service = DrillService.of(test.node);
            DrillScenario outage = service.scenario(LinkOutageScenario.ID);
            assertEquals("The parameter outage is a number of seconds, not 'soon'", check(service.preflight(
                    DrillTestPair.PAIR, outage, DrillParameters.of(Map.of("outage", "soon"))), "Parameters").message());
            assertEquals("The parameter outage must be from 0.1 to 3600.0 seconds, not -4", check(service.preflight(
                    DrillTestPair.PAIR, outage, DrillParameters.of(Map.of("outage", "-4"))), "Parameters").message());
            assertEquals("The scenario link-outage has no parameter 'check'; it takes outage, warmup, resyncLimit",
                    check(service.preflight(DrillTestPair.PAIR, outage, DrillParameters.of(Map.of("check", "true"))),
                            "Parameters").message());
            assertEquals("A drill parameter is key=value, not 'outage'",
                    assertThrows(IllegalArgumentException.class, () -> DrillParameters.parse(List.of("outage")))
                            .getMessage());
            assertEquals("No pair named nowhere runs on this node",
                    check(service.preflight("nowhere", outage, DrillParameters.of(Map.of())), "Pair running").message());
            assertEquals("No drill scenario 'fire'; the scenarios are link-outage, test-failover, planned-switchover,"
                    + " unplanned-failover",
                    assertThrows(IllegalArgumentException.class, () -> service.scenario("fire")).getMessage());

            DrillRun first = service.start(DrillTestPair.PAIR, outage, DrillParameters.of(Map.of("outage", "30")), null);
            DrillRefusedException refused = assertThrows(DrillRefusedException.class, () -> service.start(
                    DrillTestPair.PAIR, service.scenario(TestFailoverScenario.ID), DrillParameters.of(Map.of()), null));
            assertEquals("The drill " + first.id() + " (Link outage under load) is already running on drilled: wait"
                    + " for it to end or cancel it", check(refused.checks(), "No drill running").message());
            first.cancel();
            DrillResult result = first.await(Duration.ofSeconds(120));
            assertNotNull(result);
            assertEquals(DrillOutcome.CANCELLED, result.outcome());
            assertTrue(service.running(DrillTestPair.PAIR).isEmpty());
            test.assertConsistentAndEqual();
        }
    }

    @Test
    void snapshotsOfADrillTheNodeStoppedInTheMiddleOfAreDeletedAtTheNextStart() throws Exception {
        String drillId = "20261125T000000-drilled-dead";
        UUID primaryId = UUID.randomUUID();
        UUID secondaryId = UUID.randomUUID();
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            DrillHistory history = DrillService.of(test.node).history();
            history.create(drillId);
            history.noteInProgress(drillId, DrillTestPair.PAIR, Set.of(primaryId.toString(), secondaryId.toString()));
            SequencePoint point = test.pair.takeSequencePoint(primaryId, secondaryId, Duration.ofSeconds(5));
            assertEquals(primaryId.toString(), point.primary().id());
            assertEquals(secondaryId.toString(), point.secondary().id());
            Files.write(history.directory().resolve(drillId).resolve(TestFailoverScenario.TEST_COPY), new byte[4096]);
            // the node stops with the snapshots still there
        }
        try (MirrorlineNode node = DrillTestPair.reopen(directory)) {
            Pair pair = node.pair(DrillTestPair.PAIR).orElseThrow();
            DrillService service = DrillService.of(node);
            assertEquals(List.of("The node stopped during the drill " + drillId
                    + "; 2 snapshot(s) it had taken were deleted"), service.recoveryNotes());
            DrillSummary summary = service.history().find(drillId).orElseThrow();
            assertEquals(DrillOutcome.INTERRUPTED, summary.outcome());
            assertFalse(Files.exists(service.history().directory().resolve(drillId)
                    .resolve(TestFailoverScenario.TEST_COPY)), "the test copy is deleted");
            assertEquals(0, pair.discardSnapshots(List.of(primaryId.toString(), secondaryId.toString())),
                    "nothing left to delete");
            DrillTestPair.await(() -> pair.status().state() == PairState.CONSISTENT, () -> "consistent");
        }
    }

    private static PreflightCheck check(List<PreflightCheck> checks, String name) {
        return checks.stream().filter(check -> check.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + checks));
    }

    @Test
    void switchoverAndFailoverDrillsRefuseARemoteSecondaryWithWhatToDo() throws Exception {
        try (MirrorlineNode node = MirrorlineNode.open(directory.resolve("state"), failure -> {
            throw new AssertionError(failure);
        })) {
            // an agent that is not there: the pair runs, its link does not come up
            node.createPair(new dev.mirrorline.node.PairSpec("remote", directory.resolve("primary.img"),
                    DrillTestPair.SIZE, new dev.mirrorline.node.PairSpec.RemoteSecondary("127.0.0.1", 1,
                            node.fingerprint()),
                    dev.mirrorline.engine.replication.ReplicationMode.ASYNCHRONOUS, MirrorlineNode.DEFAULT_WINDOW_BYTES,
                    MirrorlineNode.DEFAULT_CHUNK_SIZE, MirrorlineNode.DEFAULT_LINK_TIMEOUT));
            DrillService service = DrillService.of(node);
            for (String scenario : List.of(PlannedSwitchoverScenario.ID, UnplannedFailoverScenario.ID)) {
                PreflightCheck roles = check(service.preflight("remote", service.scenario(scenario),
                        DrillParameters.of(Map.of())), "Roles can change");
                assertFalse(roles.passed(), scenario);
                assertEquals("The secondary of remote is on another host (127.0.0.1:1): promoting it is a command on"
                        + " its agent, which this version does not have. Switchover and failover drills run on pairs"
                        + " whose secondary is on this node", roles.message());
            }
            Pair pair = node.pair("remote").orElseThrow();
            java.io.IOException refused = assertThrows(java.io.IOException.class,
                    () -> pair.failover("the test asks"));
            assertTrue(refused.getMessage().contains("on another host"), refused.getMessage());
            assertEquals(dev.mirrorline.node.PairDirection.ORIGINAL, pair.direction());
        }
    }
}

