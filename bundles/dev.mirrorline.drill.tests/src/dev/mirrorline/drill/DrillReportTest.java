package dev.mirrorline.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.mirrorline.engine.event.EngineEvent;

/** The report's HTML and timeline picture from a result made here, with hostile text in it. */
class DrillReportTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void textFromTheAdministratorIsEscapedAndTheTimelineDrawsTheOutageTheSnapshotsAndTheSteps() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("check", "<script>alert('x')</script> && echo \"done\"");
        List<EngineEvent> events = List.of(
                new EngineEvent.DrillStepChanged(T0, "p.img", "d-1", "link-outage", 0, "Drill", "STARTED", ""),
                new EngineEvent.LinkDown(T0.plusSeconds(1), "p.img", "the administrator interrupted the link"),
                new EngineEvent.SnapshotCreated(T0.plusSeconds(1), "p.img", "snap-p", 4096),
                new EngineEvent.WritesResumed(T0.plusSeconds(1), "p.img", Duration.ofNanos(250_000)),
                new EngineEvent.LinkUp(T0.plusSeconds(4), "p.img", "127.0.0.1:1", 1),
                new EngineEvent.SnapshotCreated(T0.plusSeconds(4), "s.img", "snap-s", 4096),
                new EngineEvent.ResyncStarted(T0.plusSeconds(4), "p.img", 10, 40_960, 1, 4096),
                new EngineEvent.ResyncFinished(T0.plusSeconds(5), "p.img", 10, 40_960, Duration.ofSeconds(1)),
                new EngineEvent.SnapshotDeleted(T0.plusSeconds(5), "p.img", "snap-p", 10, 40_960),
                new EngineEvent.SnapshotDeleted(T0.plusSeconds(5), "s.img", "snap-s", 3, 12_288));
        List<StepRecord> steps = List.of(
                new StepRecord(1, "Cut the link", StepStatus.PASSED, T0, T0.plusSeconds(1), "1 update", List.of("a <b>")),
                new StepRecord(2, "Hold the link down", StepStatus.CANCELLED, T0.plusSeconds(1), T0.plusSeconds(4),
                        "Cancelled by the administrator", List.of()),
                new StepRecord(3, "Verify both volumes", StepStatus.SKIPPED, null, null, "Not run", List.of()));
        DrillResult result = new DrillResult("d-1", LinkOutageScenario.ID, "Link outage under load", "p&q",
                parameters, T0, T0.plusSeconds(6), DrillOutcome.CANCELLED, "Cancelled during step 2", List.of(
                        new PreflightCheck("Pair consistent", true, "The pair is consistent")),
                steps, List.of("Restore the link: done"), List.of(new Measurement("rpo.bytes", "RPO", 4096, "bytes")),
                List.of(new Verification("Both", "primary", "ab", "secondary", "ab", 8192)), events,
                Path.of("report.html"));

        String html = DrillReport.html(result);
        assertFalse(html.contains("<script"), "the check command is shown as text");
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp;&amp; echo &quot;done&quot;"));
        assertTrue(html.contains("on p&amp;q</h1>"));
        assertTrue(html.contains("<span class=\"outcome cancelled\">CANCELLED</span>"));
        assertTrue(html.contains("a &lt;b&gt;"), "log lines are escaped");
        assertTrue(html.contains("4.0 KiB (4096 bytes)"));
        assertTrue(html.contains("<h2>Rollback and notes</h2>\n<ul><li>Restore the link: done</li>"));

        String svg = DrillReport.timeline(result);
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assertTrue(svg.contains("<title>Link down for 3.000 s</title>"), svg);
        assertTrue(svg.contains("<title>Snapshot snap-p of p.img, held 40.0 KiB (40960 bytes)</title>"), svg);
        assertTrue(svg.contains("<title>Snapshot snap-s of s.img, held 12.0 KiB (12288 bytes)</title>"), svg);
        assertTrue(svg.contains("<title>Resync, 1.000 s</title>"), svg);
        assertTrue(svg.contains("<title>Writes to p.img held 0.250 ms</title>"), svg);
        assertTrue(svg.contains("<title>2. Hold the link down: CANCELLED, Cancelled by the administrator</title>"));
        assertFalse(svg.contains("3. Verify both volumes"), "a step that never ran is not drawn");
        // the outage spans 3 of 6 seconds of the 830 pixels after the lane names
        assertTrue(svg.contains("<rect x=\"248.3\" y=\"45\" width=\"415.0\" height=\"20\" rx=\"2\""
                + " fill=\"url(#hatch)\""), svg);
    }

    @Test
    void ticksAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(0.5, DrillReport.tickStep(4.2), 1e-12);
        assertEquals(1, DrillReport.tickStep(6), 1e-12);
        assertEquals(2, DrillReport.tickStep(15), 1e-12);
        assertEquals(50, DrillReport.tickStep(400), 1e-12);
        assertEquals(0.001, DrillReport.tickStep(0), 1e-12);
    }
}
