package dev.mirrorline.ui.timeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.TextLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.mirrorline.ui.testdriver.UiDriver;
import dev.mirrorline.ui.testdriver.UiThreadExtension;

/**
 * The labels' texts are laid out once and kept: asked again, a text gives the layout it had; past
 * the capacity, the layout used least recently is reused for the new text; a label drawn from its
 * layout has the very pixels {@code GC.drawText} gives it.
 */
@ExtendWith(UiThreadExtension.class)
class LabelLayoutsTest {

    @Test
    void aTextAskedAgainGivesTheLayoutItWasGivenInTheLabelsFont(UiDriver driver) {
        driver.onUi(() -> {
            Font font = driver.display().getSystemFont();
            LabelLayouts layouts = new LabelLayouts(driver.display(), font, 8);
            try {
                TextLayout first = layouts.layout("0.877 ms");
                assertEquals("0.877 ms", first.getText());
                assertSame(font, first.getFont());
                assertSame(first, layouts.layout("0.877 ms"));
                assertNotSame(first, layouts.layout("126 MiB"));
                assertEquals(2, layouts.size());
            } finally {
                layouts.dispose();
            }
        });
    }

    @Test
    void pastItsCapacityTheLayoutUsedLeastRecentlyIsReusedForTheNewText(UiDriver driver) {
        driver.onUi(() -> {
            LabelLayouts layouts = new LabelLayouts(driver.display(), driver.display().getSystemFont(), 2);
            try {
                TextLayout a = layouts.layout("a");
                TextLayout b = layouts.layout("b");
                assertSame(a, layouts.layout("a")); // now "b" is the least recently used

                TextLayout c = layouts.layout("c");

                assertSame(b, c, "the layout of the least recently used text is reused");
                assertEquals("c", c.getText());
                assertEquals(2, layouts.size());
                assertSame(a, layouts.layout("a"), "the text used recently is kept");
                TextLayout bAgain = layouts.layout("b");
                assertEquals("b", bAgain.getText());
                assertNotSame(a, bAgain);
                assertEquals("b", layouts.layout("b").getText());
                assertEquals("a", a.getText(), "a kept layout's text is not changed by the others");
            } finally {
                layouts.dispose();
            }
        });
    }

    @Test
    void disposingFreesEveryLayoutHeld(UiDriver driver) {
        driver.onUi(() -> {
            LabelLayouts layouts = new LabelLayouts(driver.display(), driver.display().getSystemFont(), 4);
            List<TextLayout> held = List.of(layouts.layout("one"), layouts.layout("two"), layouts.layout("three"));

            layouts.dispose();

            assertTrue(held.stream().allMatch(TextLayout::isDisposed));
            assertEquals(0, layouts.size());
        });
    }

    @Test
    void aCapacityBelowOneIsRefused(UiDriver driver) {
        driver.onUi(() -> {
            assertThrows(IllegalArgumentException.class,
                    () -> new LabelLayouts(driver.display(), driver.display().getSystemFont(), 0));
        });
    }

    @Test
    void aLabelDrawnFromItsLayoutHasThePixelsOfTheSameTextDrawnByTheGc(UiDriver driver) {
        driver.onUi(() -> {
            Font font = driver.display().getSystemFont();
            LabelLayouts layouts = new LabelLayouts(driver.display(), font, 8);
            Color background = new Color(TimelinePalette.SNAPSHOT);
            Color text = new Color(TimelinePalette.TEXT);
            try {
                for (String label : List.of("126 MiB", "0.877 ms", "Interrupted 4 min 12 s", "40% \u00b7 5.0 MiB")) {
                    ImageData drawnByGc = draw(driver, font, background, text,
                            gc -> gc.drawText(label, 3, 2, true));
                    ImageData drawnFromLayout = draw(driver, font, background, text,
                            gc -> layouts.layout(label).draw(gc, 3, 2));

                    assertTrue(hasInk(drawnByGc, drawnByGc.getPixel(0, 0)), () -> label + " drew nothing");
                    assertArrayEquals(pixels(drawnByGc), pixels(drawnFromLayout), () -> label + ": other pixels");
                }
            } finally {
                layouts.dispose();
            }
        });
    }

    private interface Drawing {
        void draw(GC gc);
    }

    private static ImageData draw(UiDriver driver, Font font, Color background, Color text, Drawing drawing) {
        Image image = new Image(driver.display(), 200, 30);
        GC gc = new GC(image);
        try {
            gc.setBackground(background);
            gc.fillRectangle(0, 0, 200, 30);
            gc.setFont(font);
            gc.setForeground(text);
            drawing.draw(gc);
        } finally {
            gc.dispose();
        }
        try {
            return image.getImageData();
        } finally {
            image.dispose();
        }
    }

    private static int[] pixels(ImageData data) {
        int[] pixels = new int[data.width * data.height];
        for (int y = 0; y < data.height; y++) {
            data.getPixels(0, y, data.width, pixels, y * data.width);
        }
        return pixels;
    }

    private static boolean hasInk(ImageData data, int background) {
        for (int pixel : pixels(data)) {
            if (pixel != background) {
                return true;
            }
        }
        return false;
    }
}
