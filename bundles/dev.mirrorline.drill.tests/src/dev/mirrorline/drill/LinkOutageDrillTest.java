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
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.PairState;

/**
 * The link-outage drill end to end on real volumes over real gRPC: load, cut, hold, restore,
 * resync, verify; its measurements against the engine's own events, its report, its history.
 */
class LinkOutageDrillTest {

    private static final Duration DRILL_LIMIT = Duration.ofSeconds(120);
    private static final int BLOCK = 4096;

    @TempDir
    Path directory;

    @Test
    void anOutageUnderLoadIsMeasuredVerifiedReportedAndKeptInTheHistory() throws Exception {
        Path reportCopy = directory.resolve("reports").resolve("outage.html");
        String drillId;
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            DrillService service = DrillService.of(test.node);
            List<StepRecord> heard = new CopyOnWriteArrayList<>();
            DrillRun run = service.start(DrillTestPair.PAIR, service.scenario(LinkOutageScenario.ID),
                    DrillParameters.of(Map.of("outage", "2", "warmup", "1")), reportCopy, new DrillListener() {
                        @Override
                        public void stepChanged(DrillRun drill, StepRecord step) {
                            heard.add(step);
                        }
                    });
            drillId = run.id();
            DrillResult result = run.await(DRILL_LIMIT);
            assertNotNull(result, "the drill ends within " + DRILL_LIMIT);
            DrillTestPair.keepReport(result, "link-outage");
            assertEquals(DrillOutcome.PASSED, result.outcome(), result.reason() + " " + result.steps());
            assertFalse(test.pair.status().loadRunning(), "the load was not running before the drill");

            // every step passed, in order, with its times
            assertEquals(List.of("Start the write load", "Cut the link", "Hold the link down", "Restore the link",
                    "Wait for the resync", "Stop the write load", "Verify both volumes"),
                    result.steps().stream().map(StepRecord::name).toList());
            for (StepRecord step : result.steps()) {
                assertEquals(StepStatus.PASSED, step.status(), step.toString());
                assertFalse(step.finished().isBefore(step.started()));
            }
            Duration hold = Duration.between(result.steps().get(2).started(), result.steps().get(2).finished());
            assertTrue(hold.compareTo(Duration.ofSeconds(2)) >= 0, "held for the outage given: " + hold);

            // the steps were published as engine events, which the history and the timeline record
            List<String> published = test.stepEventsOf(drillId).stream()
                    .map(event -> event.stepIndex() + ":" + event.status()).toList();
            assertEquals(List.of("0:STARTED", "1:STARTED", "1:PASSED", "2:STARTED", "2:PASSED", "3:STARTED", "3:PASSED",
                    "4:STARTED", "4:PASSED", "5:STARTED", "5:PASSED", "6:STARTED", "6:PASSED", "7:STARTED", "7:PASSED",
                    "0:PASSED"), published);
            // the listener heard every step start and end, in order
            assertEquals(List.of("1:RUNNING", "1:PASSED", "2:RUNNING", "2:PASSED", "3:RUNNING", "3:PASSED", "4:RUNNING",
                    "4:PASSED", "5:RUNNING", "5:PASSED", "6:RUNNING", "6:PASSED", "7:RUNNING", "7:PASSED"),
                    heard.stream().map(step -> step.index() + ":" + step.status()).toList());

            // verification: equal checksums, and the volumes are equal when compared again now
            assertEquals(1, result.verifications().size());
            Verification verification = result.verifications().get(0);
            assertTrue(verification.equal(), verification.toString());
            assertEquals(DrillTestPair.SIZE, verification.bytes());
            test.assertConsistentAndEqual();

            // RPO: exactly what the engine captured at the cut
            List<EngineEvent.UnacknowledgedCaptured> captures = test.eventsOf(EngineEvent.UnacknowledgedCaptured.class);
            assertEquals(1, captures.size(), captures.toString());
            EngineEvent.UnacknowledgedCaptured captured = captures.get(0);
            assertEquals(captured.bytes(), (long) result.value("rpo.bytes"));
            assertEquals(captured.updates(), (long) result.value("rpo.updates"));
            assertEquals(captured.updates() * BLOCK, captured.bytes(), "the load writes 4 KiB blocks");
            double rpoSeconds = result.value("rpo.seconds");
            assertEquals(captured.updates() == 0, rpoSeconds == 0, "RPO seconds " + rpoSeconds + " for "
                    + captured.updates() + " unacknowledged updates");
            assertTrue(rpoSeconds < 1.5, "the oldest unacknowledged write is younger than the load: " + rpoSeconds);
            // the load writes at most 200 times a second: n unacknowledged writes span at least (n - 1) × 5 ms
            assertTrue(rpoSeconds >= (captured.updates() - 1) * 0.005 - 0.001, rpoSeconds + " s for "
                    + captured.updates() + " unacknowledged updates");

            // resync: no more than the changed chunks and the unacknowledged updates
            List<EngineEvent.ResyncStarted> starts = test.eventsOf(EngineEvent.ResyncStarted.class);
            List<EngineEvent.ResyncFinished> ends = test.eventsOf(EngineEvent.ResyncFinished.class);
            assertEquals(1, starts.size());
            assertEquals(1, ends.size());
            long changedChunks = starts.get(0).changedChunks();
            assertEquals(changedChunks, (long) result.value("resync.changedChunks"));
            assertTrue(changedChunks >= 50, "about 200 writes a second for 2 s changed chunks: " + changedChunks);
            long snapshotBytes = (long) result.value("outage.snapshotBytes");
            assertTrue(snapshotBytes > 0 && snapshotBytes <= changedChunks * BLOCK,
                    "the outage snapshot before the restore holds " + snapshotBytes + " bytes of "
                            + changedChunks * BLOCK);
            long resyncBytes = (long) result.value("resync.bytes");
            assertEquals(ends.get(0).bytes() + starts.get(0).unacknowledgedBytes(), resyncBytes);
            assertTrue(resyncBytes >= changedChunks * BLOCK, "every changed chunk is sent");
            assertTrue(resyncBytes <= changedChunks * BLOCK + captured.bytes(),
                    resyncBytes + " bytes sent for " + changedChunks + " changed chunks and " + captured.bytes()
                            + " unacknowledged bytes");
            assertTrue(result.value("resync.efficiency") <= 1.0);
            assertEquals(ends.get(0).duration().toNanos() / 1e9, result.value("resync.seconds"), 1e-6);

            // the report: self-contained, with everything an auditor reads
            Path report = result.report();
            assertTrue(Files.isRegularFile(report), report.toString());
            assertEquals(Files.readString(report), Files.readString(reportCopy));
            String html = Files.readString(report);
            assertTrue(html.startsWith("<!DOCTYPE html>"));
            assertTrue(html.contains("<svg"), "the timeline picture is inline");
            assertFalse(html.contains("<script") || html.contains("<link") || html.contains("src=")
                    || html.contains("url(http"), "no external resources");
            assertTrue(html.contains(verification.leftSha256()));
            assertTrue(html.contains("PASSED"));
            assertTrue(html.contains("Link down for"), "the outage is drawn");
            for (StepRecord step : result.steps()) {
                assertTrue(html.contains(DrillReport.escape(step.name())), step.name());
            }

            List<DrillSummary> history = service.history().list();
            assertEquals(1, history.size());
            assertEquals(drillId, history.get(0).id());
            assertTrue(service.running(DrillTestPair.PAIR).isEmpty());
        }

        // after a restart, the history still has the drill with its figures and report
        try (MirrorlineNode node = DrillTestPair.reopen(directory)) {
            DrillService service = DrillService.of(node);
            assertEquals(List.of(), service.recoveryNotes());
            List<DrillSummary> history = service.history().list();
            assertEquals(1, history.size());
            DrillSummary summary = history.get(0);
            assertEquals(drillId, summary.id());
            assertEquals(DrillOutcome.PASSED, summary.outcome());
            assertEquals(LinkOutageScenario.ID, summary.scenarioId());
            assertEquals(DrillTestPair.PAIR, summary.pair());
            assertTrue(summary.measurements().get("resync.changedChunks") >= 50);
            assertTrue(Files.readString(summary.report()).contains(drillId));
            node.pair(DrillTestPair.PAIR).orElseThrow();
            DrillTestPair.await(() -> node.pair(DrillTestPair.PAIR).orElseThrow().status().state()
                    == PairState.CONSISTENT, () -> "consistent after the restart");
        }
    }

    @Test
    void aCancelDuringTheOutageRestoresTheLinkStopsTheLoadAndLeavesThePairConsistent() throws Exception {
        try (DrillTestPair test = DrillTestPair.create(directory)) {
            DrillService service = DrillService.of(test.node);
            DrillRun run = service.start(DrillTestPair.PAIR, service.scenario(LinkOutageScenario.ID),
                    DrillParameters.of(Map.of("outage", "60", "warmup", "0.5")), null);
            DrillTestPair.await(() -> run.steps().get(2).status() == StepStatus.RUNNING, () -> "the hold step");
            Thread.sleep(500);
            assertEquals(PairState.INTERRUPTED, test.pair.status().state());
            run.cancel();
            DrillResult result = run.await(DRILL_LIMIT);
            assertNotNull(result);
            DrillTestPair.keepReport(result, "link-outage-cancelled");
            assertEquals(DrillOutcome.CANCELLED, result.outcome());
            assertEquals(StepStatus.CANCELLED, result.steps().get(2).status());
            assertTrue(result.duration().compareTo(Duration.ofSeconds(50)) < 0, "cancelled long before the outage's end");
            for (StepRecord step : result.steps().subList(3, result.steps().size())) {
                assertEquals(StepStatus.SKIPPED, step.status(), step.toString());
            }
            assertEquals(List.of("Restore the link: done", "Stop the write load: done", "The pair is consistent again"),
                    result.rollback());
            assertFalse(test.pair.linkHeld());
            assertFalse(test.pair.status().loadRunning());
            test.assertConsistentAndEqual();
            assertEquals(DrillOutcome.CANCELLED, service.history().list().get(0).outcome());
            assertTrue(Files.readString(result.report()).contains("Rollback"));
        }
    }
}
