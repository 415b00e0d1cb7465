package dev.mirrorline.ui.testdriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;

/** Screenshots of the whole display as PNG files. */
final class Screenshots {

    /** System property naming the directory for screenshots. */
    static final String DIRECTORY_PROPERTY = "mirrorline.screenshots";

    private static final String DEFAULT_DIRECTORY = "target/screenshots";

    private Screenshots() {
    }

    /** The file for a screenshot name: unsafe characters replaced, {@code .png} added. */
    static Path fileFor(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A screenshot needs a name");
        }
        String safe = name.strip().replaceAll("[^A-Za-z0-9._-]", "_");
        if (!safe.endsWith(".png")) {
            safe += ".png";
        }
        String directory = System.getProperty(DIRECTORY_PROPERTY, DEFAULT_DIRECTORY);
        return Paths.get(directory).toAbsolutePath().resolve(safe);
    }

    /** Copies the whole display into a PNG file, creating its directory. Runs on the UI thread. */
    static Path write(Display display, Path file) {
        ImageData data;
        GC gc = new GC(display);
        try {
            Rectangle bounds = display.getBounds();
            Image image = new Image(display, bounds.width, bounds.height);
            try {
                gc.copyArea(image, bounds.x, bounds.y);
                data = image.getImageData();
            } finally {
                image.dispose();
            }
        } finally {
            gc.dispose();
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the screenshot directory " + file.getParent(), e);
        }
        ImageLoader loader = new ImageLoader();
        loader.data = new ImageData[] { data };
        loader.save(file.toString(), SWT.IMAGE_PNG);
        return file;
    }
}
