package dev.mirrorline.ui.testdriver.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import dev.mirrorline.ui.testdriver.WaitTimeoutException;

class WaitingAndThreadingTest extends UiFixture {

    @Test
    void waitUntilReturnsOnceTheConditionHoldsAndEvaluatesItOnTheUiThread() {
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Thread> evaluatedOn = new AtomicReference<>();
        driver.onUi(() -> display.timerExec(200, () -> done.set(true)));

        driver.waitUntil("the timer has run", () -> {
            evaluatedOn.set(Thread.currentThread());
            return done.get();
        });

        assertTrue(done.get());
        assertSame(display.getThread(), evaluatedOn.get());
    }

    @Test
    void waitUntilTimesOutNamingTheDescriptionAndTheTimeout() {
        long start = System.nanoTime();

        WaitTimeoutException error = assertThrows(WaitTimeoutException.class,
                () -> driver.waitUntil("the volume is in sync", Duration.ofMillis(250), () -> false));

        assertTrue(System.nanoTime() - start >= Duration.ofMillis(250).toNanos(), "waited the whole timeout");
        assertEquals("Timed out after 250 ms waiting until the volume is in sync", error.getMessage());
        assertEquals("the volume is in sync", error.description());
        assertEquals(Duration.ofMillis(250), error.timeout());
    }

    @Test
    void onUiReturnsResultsAndRethrowsWhatTheUiThreadThrows() {
        assertEquals("mirrorline-ui", driver.onUi(() -> Thread.currentThread().getName()));

        AssertionError assertion = assertThrows(AssertionError.class, () -> driver.onUi(() -> {
            fail("failed on the UI thread");
        }));
        IllegalArgumentException exception = assertThrows(IllegalArgumentException.class,
                () -> driver.onUi(() -> Integer.parseInt("not a number")));

        assertEquals("failed on the UI thread", assertion.getMessage());
        assertTrue(exception.getMessage().contains("not a number"), exception.getMessage());
    }

    @Test
    void callingTheDriverOnTheUiThreadThrowsIllegalStateException() {
        Shell shell = openShell("Threads", s -> new Button(s, SWT.PUSH).setText("OK"));
        Button ok = driver.button(shell, "OK");

        List<Executable> calls = List.of(
                () -> driver.onUi(() -> { }),
                () -> driver.button(shell, "OK"),
                () -> driver.shell("Threads"),
                () -> driver.click(ok),
                () -> driver.typeText(ok, "x"),
                () -> driver.pressKey(SWT.CR),
                () -> driver.selectMenu(shell, "File"),
                () -> driver.waitUntil("never evaluated", () -> true),
                () -> driver.screenshot("never written"));
        List<String> messages = driver.onUi(() -> calls.stream()
                .map(call -> assertThrows(IllegalStateException.class, call).getMessage()).toList());

        assertEquals(calls.size(), messages.size());
        for (String message : messages) {
            assertTrue(message.contains("was called on the UI thread (mirrorline-ui)"), message);
        }
    }
}
