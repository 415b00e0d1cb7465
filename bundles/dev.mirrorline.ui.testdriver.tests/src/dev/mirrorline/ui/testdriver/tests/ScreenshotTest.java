package dev.mirrorline.ui.testdriver.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Optional;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.mirrorline.ui.testdriver.ScreenshotOnFailure;

class ScreenshotTest extends UiFixture {

    private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

    private static Path screenshotDirectory() {
        return Paths.get(System.getProperty("mirrorline.screenshots", "target/screenshots")).toAbsolutePath();
    }

    private static void assertPng(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " exists");
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > PNG_SIGNATURE.length, file + " is not empty");
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, PNG_SIGNATURE.length), file + " starts like a PNG");
    }

    @Test
    void aScreenshotIsAPngOfTheWholeDisplayInTheConfiguredDirectory() throws IOException {
        openShell("Screenshot", s -> new Label(s, SWT.NONE).setText("Replication paused"));

        Path file = driver.screenshot("paused state");

        assertEquals(screenshotDirectory().resolve("paused_state.png"), file);
        assertPng(file);
        ImageData image = new ImageLoader().load(file.toString())[0];
        Rectangle screen = driver.onUi(display::getBounds);
        assertEquals(screen.width + "x" + screen.height, image.width + "x" + image.height);
    }

    @Test
    void aFailedTestLeavesAScreenshotNamedAfterItsClassAndMethod() throws Exception {
        openShell("Failing", s -> new Label(s, SWT.NONE).setText("Something went wrong"));
        Method method = ScreenshotTest.class.getDeclaredMethod("aFailedTestLeavesAScreenshotNamedAfterItsClassAndMethod");
        Path expected = screenshotDirectory().resolve("ScreenshotTest." + method.getName() + ".png");
        Files.deleteIfExists(expected);

        new ScreenshotOnFailure().testFailed(contextOf(ScreenshotTest.class, method), new AssertionError("failed"));

        assertPng(expected);
    }

    @Test
    void theScreenshotExtensionNeverThrows() {
        ExtensionContext broken = (ExtensionContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ExtensionContext.class }, (proxy, called, args) -> {
                    throw new IllegalStateException("broken context");
                });

        assertDoesNotThrow(() -> new ScreenshotOnFailure().testFailed(broken, new AssertionError("failed")));
    }

    /** An ExtensionContext that knows only its test class and method, as TestWatcher needs. */
    private static ExtensionContext contextOf(Class<?> testClass, Method method) {
        return (ExtensionContext) Proxy.newProxyInstance(ScreenshotTest.class.getClassLoader(),
                new Class<?>[] { ExtensionContext.class }, (proxy, called, args) -> switch (called.getName()) {
                    case "getRequiredTestClass" -> testClass;
                    case "getRequiredTestMethod" -> method;
                    case "getTestClass" -> Optional.of(testClass);
                    case "getTestMethod" -> Optional.of(method);
                    default -> throw new UnsupportedOperationException(called.getName());
                });
    }
}
