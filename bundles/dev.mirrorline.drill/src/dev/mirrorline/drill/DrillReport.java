package dev.mirrorline.drill;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.mirrorline.engine.event.EngineEvent;

/**
 * A drill's report: one self-contained HTML file (inline CSS, an inline SVG picture of the drill's
 * timeline drawn from its recorded events, no external resources) with the scenario, parameters,
 * pre-flight checks, steps with timestamps, measurements, verification and the outcome, for an
 * administrator or an auditor.
 */
public final class DrillReport {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx",
            Locale.ROOT);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    /** Okabe-Ito colours, as the console's timeline uses them. */
    private static final String GREEN = "#009E73";
    private static final String VERMILLION = "#D55E00";
    private static final String BLUE = "#0072B2";
    private static final String ORANGE = "#E69F00";
    private static final String SKY = "#56B4E9";
    private static final String PURPLE = "#CC79A7";
    private static final String GREY = "#999999";

    private static final int WIDTH = 960;
    private static final int LABELS = 110;
    private static final int ROW = 26;

    private DrillReport() {
    }

    /**
     * @param result a drill's result
     * @return its report, a complete HTML document
     */
    public static String html(DrillResult result) {
        ZoneId zone = ZoneId.systemDefault();
        StringBuilder html = new StringBuilder(32_768);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Mirrorline drill ")
                .append(escape(result.id())).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        html.append("<header><h1>").append(escape(result.scenarioTitle())).append(" on ").append(escape(result.pair()))
                .append("</h1><span class=\"outcome ").append(result.outcome().name().toLowerCase(Locale.ROOT))
                .append("\">").append(result.outcome()).append("</span></header>\n");
        if (!result.reason().isEmpty()) {
            html.append("<p class=\"reason\">").append(escape(result.reason())).append("</p>\n");
        }
        html.append("<table class=\"facts\">");
        fact(html, "Drill", result.id());
        fact(html, "Pair", result.pair());
        fact(html, "Scenario", result.scenarioTitle() + " (" + result.scenarioId() + ")");
        fact(html, "Started", TIME.format(result.started().atZone(zone)));
        fact(html, "Ended", TIME.format(result.finished().atZone(zone)));
        fact(html, "Duration", seconds(result.duration()));
        html.append("</table>\n");

        html.append("<h2>Parameters</h2>\n");
        if (result.parameters().isEmpty()) {
            html.append("<p>None.</p>\n");
        } else {
            html.append("<table><tr><th>Parameter</th><th>Value</th></tr>");
            result.parameters().forEach((key, value) -> html.append("<tr><td>").append(escape(key))
                    .append("</td><td>").append(value.isEmpty() ? "<i>none</i>" : "<code>" + escape(value) + "</code>")
                    .append("</td></tr>"));
            html.append("</table>\n");
        }

        html.append("<h2>Pre-flight checks</h2>\n<table><tr><th>Check</th><th>Result</th><th>Found</th></tr>");
        for (PreflightCheck check : result.preflight()) {
            html.append("<tr><td>").append(escape(check.name())).append("</td><td class=\"")
                    .append(check.passed() ? "pass\">passed" : "fail\">failed").append("</td><td>")
                    .append(escape(check.message())).append("</td></tr>");
        }
        html.append("</table>\n");

        html.append("<h2>Timeline</h2>\n").append(timeline(result)).append('\n');

        html.append("<h2>Steps</h2>\n<table class=\"steps\"><tr><th>#</th><th>Step</th><th>Status</th><th>Started</th>"
                + "<th>Ended</th><th>Took</th><th>Outcome</th></tr>");
        for (StepRecord step : result.steps()) {
            html.append("<tr><td>").append(step.index()).append("</td><td>").append(escape(step.name()))
                    .append("</td><td class=\"").append(statusClass(step.status())).append("\">").append(step.status())
                    .append("</td><td>").append(step.started() == null ? "" : CLOCK.format(step.started().atZone(zone)))
                    .append("</td><td>").append(step.finished() == null ? "" : CLOCK.format(step.finished().atZone(zone)))
                    .append("</td><td>").append(step.started() == null || step.finished() == null ? ""
                            : seconds(Duration.between(step.started(), step.finished())))
                    .append("</td><td>").append(escape(step.detail()));
            if (!step.log().isEmpty()) {
                html.append("<details><summary>log (").append(step.log().size()).append(" lines)</summary><pre>");
                step.log().forEach(line -> html.append(escape(line)).append('\n'));
                html.append("</pre></details>");
            }
            html.append("</td></tr>");
        }
        html.append("</table>\n");

        html.append("<h2>Measurements</h2>\n");
        if (result.measurements().isEmpty()) {
            html.append("<p>None.</p>\n");
        } else {
            html.append("<table><tr><th>Measurement</th><th>Value</th><th>Key</th></tr>");
            for (Measurement measurement : result.measurements()) {
                html.append("<tr><td>").append(escape(measurement.label())).append("</td><td class=\"number\">")
                        .append(escape(measurement.formatted())).append("</td><td><code>")
                        .append(escape(measurement.key())).append("</code></td></tr>");
            }
            html.append("</table>\n");
        }
        if (result.scenarioId().equals(LinkOutageScenario.ID)) {
            html.append("<p class=\"note\">RTO does not apply: the secondary never takes over in this scenario."
                    + " The RPO in seconds is an upper bound: the primary's sequence numbers were sampled every 20 ms"
                    + " before the cut.</p>\n");
        }

        html.append("<h2>Verification</h2>\n");
        if (result.verifications().isEmpty()) {
            html.append("<p>No comparison was made.</p>\n");
        } else {
            html.append("<table class=\"verify\"><tr><th>Compared</th><th>SHA-256</th><th>Bytes</th><th>Result</th></tr>");
            for (Verification verification : result.verifications()) {
                html.append("<tr><td>").append(escape(verification.label())).append("</td><td><code>")
                        .append(escape(verification.leftName())).append(": ").append(verification.leftSha256())
                        .append("<br>").append(escape(verification.rightName())).append(": ")
                        .append(verification.rightSha256()).append("</code></td><td class=\"number\">")
                        .append(verification.bytes()).append("</td><td class=\"")
                        .append(verification.equal() ? "pass\">equal" : "fail\">DIFFERENT").append("</td></tr>");
            }
            html.append("</table>\n");
        }

        if (!result.rollback().isEmpty()) {
            html.append("<h2>Rollback and notes</h2>\n<ul>");
            result.rollback().forEach(line -> html.append("<li>").append(escape(line)).append("</li>"));
            html.append("</ul>\n");
        }

        html.append("<h2>Engine events</h2>\n<details><summary>").append(result.events().size())
                .append(" events of the pair during the drill</summary><table class=\"events\">");
        for (EngineEvent event : result.events()) {
            html.append("<tr><td>").append(CLOCK.format(event.at().atZone(zone))).append("</td><td>")
                    .append(event.getClass().getSimpleName()).append("</td><td>").append(escape(fields(event)))
                    .append("</td></tr>");
        }
        html.append("</table></details>\n");
        html.append("<footer>Mirrorline drill report, written ").append(TIME.format(Instant.now().atZone(zone)))
                .append("</footer>\n</body>\n</html>\n");
        return html.toString();
    }

    private static String fields(EngineEvent event) {
        String text = event.toString();
        int open = text.indexOf('[');
        return open >= 0 && text.endsWith("]") ? text.substring(open + 1, text.length() - 1)
                .replaceFirst("^at=[^,]*, ", "") : text;
    }

    private static void fact(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(value)).append("</td></tr>");
    }

    private static String statusClass(StepStatus status) {
        return switch (status) {
            case PASSED -> "pass";
            case FAILED -> "fail";
            case CANCELLED -> "cancel";
            default -> "other";
        };
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
    }

    // ---- the timeline picture ----

    /**
     * Draws the drill's timeline as inline SVG: the steps, the link's state, write freezes,
     * snapshots (primary and secondary) and the resync, against seconds since the drill started.
     */
    static String timeline(DrillResult result) {
        long start = result.started().toEpochMilli();
        long end = Math.max(start + 1, result.finished().toEpochMilli());
        double scale = (double) (WIDTH - LABELS - 20) / (end - start);
        String primaryVolume = null;
        for (EngineEvent event : result.events()) {
            if (event instanceof EngineEvent.DrillStepChanged step) {
                primaryVolume = step.volume();
                break;
            }
        }

        // link spans: up unless told otherwise (a drill starts on a consistent pair)
        List<long[]> down = new ArrayList<>();
        Long downSince = null;
        List<Object[]> freezes = new ArrayList<>();
        Map<String, long[]> snapshots = new LinkedHashMap<>();
        Map<String, String> snapshotVolumes = new HashMap<>();
        Map<String, Long> snapshotBytes = new HashMap<>();
        List<long[]> resyncs = new ArrayList<>();
        Long resyncSince = null;
        for (EngineEvent event : result.events()) {
            long at = event.at().toEpochMilli();
            if (event instanceof EngineEvent.LinkDown && downSince == null) {
                downSince = at;
            } else if (event instanceof EngineEvent.LinkUp && downSince != null) {
                down.add(new long[] { downSince, at });
                downSince = null;
            } else if (event instanceof EngineEvent.WritesResumed resumed) {
                freezes.add(new Object[] { at, resumed.pause(), resumed.volume() });
            } else if (event instanceof EngineEvent.SnapshotCreated created) {
                snapshots.put(created.snapshotId(), new long[] { at, end });
                snapshotVolumes.put(created.snapshotId(), created.volume());
            } else if (event instanceof EngineEvent.SnapshotDeleted deleted && snapshots.containsKey(deleted.snapshotId())) {
                snapshots.get(deleted.snapshotId())[1] = at;
                snapshotBytes.put(deleted.snapshotId(), deleted.bytes());
            } else if (event instanceof EngineEvent.ResyncStarted) {
                resyncSince = at;
            } else if (event instanceof EngineEvent.ResyncFinished && resyncSince != null) {
                resyncs.add(new long[] { resyncSince, at });
                resyncSince = null;
            }
        }
        if (downSince != null) {
            down.add(new long[] { downSince, end });
        }
        if (resyncSince != null) {
            resyncs.add(new long[] { resyncSince, end });
        }
        // snapshot rows: a new row whenever the earlier ones are busy
        List<Long> rowEnds = new ArrayList<>();
        Map<String, Integer> snapshotRows = new HashMap<>();
        for (Map.Entry<String, long[]> snapshot : snapshots.entrySet()) {
            int row = 0;
            while (row < rowEnds.size() && rowEnds.get(row) > snapshot.getValue()[0]) {
                row++;
            }
            if (row == rowEnds.size()) {
                rowEnds.add(snapshot.getValue()[1]);
            } else {
                rowEnds.set(row, snapshot.getValue()[1]);
            }
            snapshotRows.put(snapshot.getKey(), row);
        }
        int snapshotRowCount = Math.max(1, rowEnds.size());
        String[] lanes = { "Steps", "Link", "Write freezes", "Snapshots", "Resync" };
        int[] laneRows = { 1, 1, 1, snapshotRowCount, 1 };
        int[] laneTop = new int[lanes.length];
        int y = 10;
        for (int i = 0; i < lanes.length; i++) {
            laneTop[i] = y;
            y += laneRows[i] * ROW + 6;
        }
        int axisY = y + 4;
        int height = axisY + 40;

        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"timeline\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"Timeline of the drill\">");
        svg.append("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
                + " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"" + VERMILLION
                + "\" fill-opacity=\"0.35\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"" + VERMILLION
                + "\" stroke-width=\"3\"/></pattern></defs>");
        for (int i = 0; i < lanes.length; i++) {
            svg.append("<rect x=\"0\" y=\"").append(laneTop[i] - 2).append("\" width=\"").append(WIDTH)
                    .append("\" height=\"").append(laneRows[i] * ROW + 4).append("\" fill=\"")
                    .append(i % 2 == 0 ? "#f6f6f6" : "#ffffff").append("\"/>");
            svg.append("<text x=\"6\" y=\"").append(laneTop[i] + ROW / 2 + 4).append("\" class=\"lane\">")
                    .append(lanes[i]).append("</text>");
        }
        // steps
        for (StepRecord step : result.steps()) {
            if (step.started() == null) {
                continue;
            }
            long from = step.started().toEpochMilli();
            long to = step.finished() != null ? step.finished().toEpochMilli() : end;
            String colour = switch (step.status()) {
                case PASSED -> GREEN;
                case FAILED -> VERMILLION;
                case CANCELLED -> ORANGE;
                default -> GREY;
            };
            bar(svg, x(from, start, scale), laneTop[0] + 3, x(to, start, scale), ROW - 6, colour, "1",
                    step.index() + ". " + step.name() + ": " + step.status() + (step.detail().isEmpty() ? ""
                            : ", " + step.detail()), Integer.toString(step.index()));
        }
        // link
        bar(svg, x(start, start, scale), laneTop[1] + 5, x(end, start, scale), ROW - 10, GREEN, "0.35",
                "Link up", null);
        for (long[] span : down) {
            bar(svg, x(span[0], start, scale), laneTop[1] + 3, x(span[1], start, scale), ROW - 6, "url(#hatch)", "1",
                    "Link down for " + seconds(Duration.ofMillis(span[1] - span[0])), "down");
        }
        // freezes
        for (Object[] freeze : freezes) {
            double at = x((Long) freeze[0], start, scale);
            svg.append("<rect x=\"").append(fmt(at - 1.5)).append("\" y=\"").append(laneTop[2] + 4)
                    .append("\" width=\"3\" height=\"").append(ROW - 8).append("\" fill=\"").append(PURPLE)
                    .append("\"><title>").append(escape("Writes to " + freeze[2] + " held "
                            + String.format(Locale.ROOT, "%.3f ms", ((Duration) freeze[1]).toNanos() / 1e6)))
                    .append("</title></rect>");
        }
        // snapshots
        for (Map.Entry<String, long[]> snapshot : snapshots.entrySet()) {
            String volume = snapshotVolumes.get(snapshot.getKey());
            boolean primary = volume.equals(primaryVolume);
            int row = snapshotRows.get(snapshot.getKey());
            Long bytes = snapshotBytes.get(snapshot.getKey());
            bar(svg, x(snapshot.getValue()[0], start, scale), laneTop[3] + row * ROW + 3,
                    x(snapshot.getValue()[1], start, scale), ROW - 6, primary ? BLUE : SKY, "1",
                    "Snapshot " + snapshot.getKey() + " of " + volume + (bytes != null ? ", held "
                            + Measurement.bytes(bytes) : ", still open"),
                    (primary ? "primary" : "secondary") + (bytes != null ? " " + Measurement.shortBytes(bytes) : ""));
        }
        // resync
        for (long[] span : resyncs) {
            bar(svg, x(span[0], start, scale), laneTop[4] + 3, x(span[1], start, scale), ROW - 6, ORANGE, "1",
                    "Resync, " + seconds(Duration.ofMillis(span[1] - span[0])), "resync");
        }
        // axis
        svg.append("<line x1=\"").append(LABELS).append("\" y1=\"").append(axisY).append("\" x2=\"")
                .append(WIDTH - 20).append("\" y2=\"").append(axisY).append("\" stroke=\"#333\"/>");
        double step = tickStep((end - start) / 1000.0);
        for (double t = 0; t <= (end - start) / 1000.0 + 1e-9; t += step) {
            double at = LABELS + t * 1000 * scale;
            svg.append("<line x1=\"").append(fmt(at)).append("\" y1=\"").append(axisY).append("\" x2=\"")
                    .append(fmt(at)).append("\" y2=\"").append(axisY + 5).append("\" stroke=\"#333\"/>");
            svg.append("<line x1=\"").append(fmt(at)).append("\" y1=\"8\" x2=\"").append(fmt(at)).append("\" y2=\"")
                    .append(axisY).append("\" stroke=\"#000\" stroke-opacity=\"0.08\"/>");
            svg.append("<text x=\"").append(fmt(at)).append("\" y=\"").append(axisY + 18)
                    .append("\" text-anchor=\"middle\" class=\"tick\">")
                    .append(step < 1 ? String.format(Locale.ROOT, "%.1f", t) : String.format(Locale.ROOT, "%.0f", t))
                    .append(" s</text>");
        }
        svg.append("<text x=\"").append(WIDTH - 20).append("\" y=\"").append(axisY + 34)
                .append("\" text-anchor=\"end\" class=\"tick\">seconds since the drill started at ")
                .append(CLOCK.format(result.started().atZone(ZoneId.systemDefault()))).append("</text>");
        svg.append("</svg>");
        return svg.toString();
    }

    private static void bar(StringBuilder svg, double from, int y, double to, int height, String fill, String opacity,
            String title, String label) {
        double width = Math.max(2, to - from);
        svg.append("<g><title>").append(escape(title)).append("</title><rect x=\"").append(fmt(from)).append("\" y=\"")
                .append(y).append("\" width=\"").append(fmt(width)).append("\" height=\"").append(height)
                .append("\" rx=\"2\" fill=\"").append(fill).append("\" fill-opacity=\"").append(opacity).append("\"/>");
        if (label != null && width > 7 * label.length()) {
            svg.append("<text x=\"").append(fmt(from + 4)).append("\" y=\"").append(y + height / 2 + 4)
                    .append("\" class=\"bar\">").append(escape(label)).append("</text>");
        }
        svg.append("</g>");
    }

    private static double x(long at, long start, double scale) {
        return LABELS + (at - start) * scale;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** A tick step of 1, 2 or 5 times a power of ten, for about ten ticks. */
    static double tickStep(double seconds) {
        double raw = Math.max(seconds / 10, 0.001);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] { 1, 2, 5, 10 }) {
            if (raw <= factor * power) {
                return factor * power;
            }
        }
        return 10 * power;
    }

    /**
     * @param text any text
     * @return it with HTML's special characters escaped
     */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static final String CSS = """
            body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 14px; color: #222; margin: 24px auto;
                   max-width: 1000px; padding: 0 16px; }
            header { display: flex; align-items: center; gap: 16px; border-bottom: 2px solid #0072B2; }
            h1 { font-size: 22px; margin: 8px 0; }
            h2 { font-size: 17px; margin: 24px 0 8px; color: #0072B2; }
            .outcome { font-weight: bold; padding: 4px 12px; border-radius: 4px; color: white; }
            .outcome.passed { background: #009E73; } .outcome.failed { background: #D55E00; }
            .outcome.cancelled { background: #E69F00; } .outcome.interrupted, .outcome.running { background: #999; }
            .reason { font-weight: bold; }
            table { border-collapse: collapse; width: 100%; }
            th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid #ddd; }
            table.facts th { width: 120px; }
            td.number { text-align: right; white-space: nowrap; }
            td.pass { color: #007a59; font-weight: bold; } td.fail { color: #D55E00; font-weight: bold; }
            td.cancel { color: #b07800; font-weight: bold; } td.other { color: #777; }
            code, pre { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
            table.verify code { word-break: break-all; }
            pre { background: #f6f6f6; padding: 6px; white-space: pre-wrap; margin: 4px 0; }
            svg.timeline { border: 1px solid #ddd; }
            svg text.lane { font-size: 12px; font-weight: bold; fill: #333; }
            svg text.tick { font-size: 11px; fill: #333; }
            svg text.bar { font-size: 11px; fill: white; }
            .note { color: #555; font-size: 12px; }
            table.events td { font-size: 12px; }
            footer { margin-top: 32px; color: #777; font-size: 12px; }
            """;
}
