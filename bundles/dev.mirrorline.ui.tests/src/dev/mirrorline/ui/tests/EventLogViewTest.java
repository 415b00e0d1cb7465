package dev.mirrorline.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mirrorline.engine.event.EngineEvent.LinkDown;
import dev.mirrorline.engine.event.EngineEvent.ResyncFinished;
import dev.mirrorline.engine.event.EngineEvent.WritesFrozen;
import dev.mirrorline.engine.event.EngineEvent.WritesResumed;
import dev.mirrorline.history.EventHistory;
import dev.mirrorline.ui.history.ConsoleEventHistory;
import dev.mirrorline.ui.history.EventLogView;
import dev.mirrorline.ui.testdriver.ScreenshotOnFailure;
import dev.mirrorline.ui.testdriver.UiDriver;
import dev.mirrorline.ui.tests.pages.ConsoleWindowPage;
import dev.mirrorline.ui.tests.pages.EventLogPage;

/**
 * The Event Log lists what is recorded into the console's event history, newest first, follows
 * new events by itself, filters by pair and type, and pages through long histories.
 */
@ExtendWith(ScreenshotOnFailure.class)
class EventLogViewTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ConsoleWindowPage window;
    private EventHistory history;
    /** Pair names of this run: the workspace, and so the history, may be left from an earlier run. */
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    /** Later than anything an earlier run recorded, so that these events are the newest. */
    /** The events of the tests before: each test's come after them, so that "the newest" is its own. */
    private static final java.util.concurrent.atomic.AtomicReference<Instant> LATEST_T0 =
            new java.util.concurrent.atomic.AtomicReference<>(Instant.EPOCH);

    private final Instant t0 = LATEST_T0.updateAndGet(earlier -> {
        Instant inAnHour = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        Instant afterEarlierTests = earlier.plus(10, ChronoUnit.MINUTES);
        return inAnHour.isAfter(afterEarlierTests) ? inAnHour : afterEarlierTests;
    });

    @BeforeEach
    void openTheConsoleHistory() throws Exception {
        Display display = PlatformUI.getWorkbench().getDisplay();
        window = ConsoleWindowPage.find(new UiDriver(display, Duration.ofSeconds(20)));
        history = ConsoleEventHistory.get().get(30, TimeUnit.SECONDS);
    }

    @Test
    void recordedEventsAreListedNewestFirstAndFilteredByPairAndType() throws Exception {
        String pairA = "db-" + run;
        String pairB = "web-" + run;
        EventLogPage eventLog = window.showEventLog();
        assertEquals(List.of("Time", "Pair", "Type", "Summary"), eventLog.columnHeaders());

        history.record(pairA, new LinkDown(t0, "vol-a", "no acknowledgement for 5 s"));
        history.record(pairB, new WritesFrozen(t0.plusMillis(1), "vol-b"));
        history.record(pairA, new WritesResumed(t0.plusMillis(2), "vol-a", Duration.ofNanos(412_345)));
        history.record(pairA, new ResyncFinished(t0.plusSeconds(3), "vol-a", 12, 49_152, Duration.ofSeconds(2)));
        assertTrue(history.awaitRecorded(WAIT));

        eventLog.filterByPair(pairA);
        eventLog.waitForRows("the three events of " + pairA + ", newest first", List.of(
                row(t0.plusSeconds(3), pairA, "ResyncFinished", "Resync of vol-a finished: 12 chunks (48 KiB) in 2.0 s"),
                row(t0.plusMillis(2), pairA, "WritesResumed", "Writes to vol-a resumed after a pause of 0.412 ms"),
                row(t0, pairA, "LinkDown", "Link of vol-a down: no acknowledgement for 5 s")));
        eventLog.waitForStatus("Events 1\u20133 of 3, newest first");
        assertEquals(List.of(false, false), eventLog.pageButtonsEnabled(), "Newer and Older: one page only");
        assertTrue(eventLog.pairFilterItems().containsAll(List.of("All pairs", pairA, pairB)),
                eventLog.pairFilterItems().toString());

        eventLog.filterByType("LinkDown");
        eventLog.waitForRows("the LinkDown event of " + pairA, List.of(
                row(t0, pairA, "LinkDown", "Link of vol-a down: no acknowledgement for 5 s")));

        eventLog.filterByType("WritesFrozen");
        eventLog.filterByPair("All pairs");
        eventLog.waitForFirstRow("the WritesFrozen event of " + pairB + ", the newest of all pairs",
                row(t0.plusMillis(1), pairB, "WritesFrozen", "Writes to vol-b frozen"));

        // new events appear without anything done in the view
        eventLog.filterByType("All types");
        eventLog.filterByPair(pairA);
        history.record(pairA, new LinkDown(t0.plusSeconds(4), "vol-a", "cable pulled"));
        eventLog.waitForRows("the new event on top of the three", List.of(
                row(t0.plusSeconds(4), pairA, "LinkDown", "Link of vol-a down: cable pulled"),
                row(t0.plusSeconds(3), pairA, "ResyncFinished", "Resync of vol-a finished: 12 chunks (48 KiB) in 2.0 s"),
                row(t0.plusMillis(2), pairA, "WritesResumed", "Writes to vol-a resumed after a pause of 0.412 ms"),
                row(t0, pairA, "LinkDown", "Link of vol-a down: no acknowledgement for 5 s")));
    }

    @Test
    void olderAndNewerPageThroughAPairWithMoreEventsThanAPage() throws Exception {
        String pair = "busy-" + run;
        int events = EventLogView.PAGE_SIZE + 100;
        for (int i = 0; i < events; i++) {
            history.record(pair, new WritesFrozen(t0.plusMillis(i), "vol-" + i));
        }
        assertTrue(history.awaitRecorded(WAIT));
        EventLogPage eventLog = window.showEventLog();
        eventLog.filterByType("All types");
        eventLog.filterByPair(pair);
        eventLog.waitForStatus("Events 1\u2013500 of 600, newest first");
        assertEquals(row(t0.plusMillis(events - 1), pair, "WritesFrozen", "Writes to vol-599 frozen"),
                eventLog.rows().get(0));

        assertEquals(List.of(false, true), eventLog.pageButtonsEnabled(), "Newer and Older on the first page");
        eventLog.clickOlder();
        eventLog.waitForStatus("Events 501\u2013600 of 600, newest first");
        assertEquals(List.of(true, false), eventLog.pageButtonsEnabled(), "Newer and Older on the last page");
        assertEquals(100, eventLog.rows().size());
        assertEquals(row(t0, pair, "WritesFrozen", "Writes to vol-0 frozen"), eventLog.rows().get(99));

        eventLog.clickNewer();
        eventLog.waitForStatus("Events 1\u2013500 of 600, newest first");
    }

    private static List<String> row(Instant at, String pair, String type, String summary) {
        return List.of(EventLogView.formatTime(at), pair, type, summary);
    }
}
