package dev.mirrorline.ui.testdriver.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyboardInputTest extends UiFixture {

    /** Key presses recorded on the UI thread: character or key code, and the modifiers held. */
    private final List<String> keys = new ArrayList<>();
    /** Text contents reported by SWT.Verify and SWT.Modify, recorded on the UI thread. */
    private final List<String> edits = new ArrayList<>();

    private Text openText(String title, int x, int y) {
        Shell shell = openShell(title, x, y, s -> {
            Text text = new Text(s, SWT.BORDER);
            text.setLayoutData(new GridData(300, SWT.DEFAULT));
            text.addListener(SWT.KeyDown, e -> keys.add(describe(e)));
            text.addListener(SWT.Verify, e -> edits.add("verify " + e.text));
            text.addListener(SWT.Modify, e -> edits.add("modify " + text.getText()));
        });
        return driver.find(shell, Text.class, t -> true, "the text field");
    }

    private static String describe(Event key) {
        if ((key.keyCode & SWT.MODIFIER_MASK) != 0 && (key.keyCode & ~SWT.MODIFIER_MASK) == 0) {
            return "modifier";
        }
        String mods = ((key.stateMask & SWT.CTRL) != 0 ? "Ctrl+" : "") + ((key.stateMask & SWT.ALT) != 0 ? "Alt+" : "")
                + ((key.stateMask & SWT.SHIFT) != 0 ? "Shift+" : "");
        return mods + (key.keyCode < 0x80 && key.keyCode >= 0x20 ? String.valueOf((char) key.keyCode) : "#" + key.keyCode);
    }

    /**
     * The key presses without the modifier keys' own events. A Text reports each posted character
     * key twice: Display.post gives GDK events the time 0, so SWT's Text skips its input-method
     * filtering (it filters once per event time) and the GtkEntry commits the character again, which
     * SWT reports as a second KeyDown. The text is inserted once, and a real (XTest) key press gives
     * one KeyDown, so repeated reports are counted once here (the tests type no key twice in a row).
     */
    private List<String> keysWithoutModifiers() {
        List<String> pressed = new ArrayList<>();
        for (String key : driver.onUi(() -> List.copyOf(keys))) {
            boolean secondReport = !pressed.isEmpty() && pressed.get(pressed.size() - 1).equals(key);
            if (!key.equals("modifier") && !secondReport) {
                pressed.add(key);
            }
        }
        return pressed;
    }

    @ParameterizedTest
    @ValueSource(strings = { "Primary-01", "host:7400", "/tmp/a_b.img" })
    void typedMixedCaseTextAndSymbolsEndUpExactlyInTheText(String input) {
        Text text = openText("Keyboard", 60, 60);

        driver.typeText(text, input);

        assertEquals(input, driver.onUi(() -> text.getText()));
    }

    @Test
    void everyPrintableAsciiCharacterIsTypedExactly() {
        Text text = openText("Keyboard", 60, 60);
        StringBuilder ascii = new StringBuilder();
        for (char c = 0x20; c < 0x7f; c++) {
            ascii.append(c);
        }

        driver.typeText(text, ascii.toString());

        assertEquals(ascii.toString(), driver.onUi(() -> text.getText()));
    }

    @Test
    void upperCaseLettersAndShiftedSymbolsArriveWithShiftHeldAsFromAKeyboard() {
        Text text = openText("Keyboard", 60, 60);

        driver.typeText(text, "aB:_7");

        assertEquals(List.of("a", "Shift+b", "Shift+;", "Shift+-", "7"), keysWithoutModifiers());
        assertEquals("aB:_7", driver.onUi(() -> text.getText()));
        assertEquals(List.of("verify a", "modify a", "verify B", "modify aB", "verify :", "modify aB:", "verify _",
                "modify aB:_", "verify 7", "modify aB:_7"), driver.onUi(() -> List.copyOf(edits)),
                "one Verify and one Modify per character");
    }

    @Test
    void keysGoToTheShellThatWasActivatedEvenWhenAnotherShellWasOpenedLater() {
        Text older = openText("Older", 60, 60);
        Text newer = openText("Newer", 500, 60);
        Shell olderShell = driver.onUi(older::getShell);

        driver.typeText(older, "to older");
        driver.typeText(newer, "to newer");
        driver.activate(olderShell);
        driver.pressKey('!');

        // the key is real X input: under load it can reach the field a moment after pressKey returns
        driver.waitUntil("the '!' reached the older field", () -> older.getText().endsWith("!"));
        assertEquals("to older!", driver.onUi(() -> older.getText()));
        assertEquals("to newer", driver.onUi(() -> newer.getText()));
        assertSame(olderShell, driver.activeShell());
        Point pointer = driver.onUi(display::getCursorLocation);
        assertTrue(driver.onUi(() -> olderShell.getBounds().contains(pointer)), "pointer over the activated shell");
    }

    @Test
    void pressKeySendsAKeyCodeToTheFocusControl() {
        Shell shell = openShell("Keyboard", s -> {
            Table table = new Table(s, SWT.BORDER | SWT.FULL_SELECTION);
            table.setLayoutData(new GridData(200, 120));
            for (String name : new String[] { "alpha", "beta", "gamma" }) {
                new TableItem(table, SWT.NONE).setText(name);
            }
        });
        Table table = driver.table(shell);
        driver.selectRow(table, "alpha");

        driver.pressKey(SWT.ARROW_DOWN);
        driver.pressKey(SWT.ARROW_DOWN);

        assertEquals("gamma", driver.onUi(() -> table.getSelection()[0].getText()));
    }

    @Test
    void pressShortcutHoldsTheModifiersAroundTheKeyAndReleasesThem() {
        Text text = openText("Keyboard", 60, 60);
        driver.typeText(text, "x");

        driver.pressShortcut(SWT.CTRL | SWT.SHIFT, 's');
        driver.pressKey('y');

        assertEquals(List.of("x", "Ctrl+Shift+s", "y"), keysWithoutModifiers());
    }

    @Test
    void pressShortcutDrivesAControlsOwnKeyBinding() {
        Text text = openText("Keyboard", 60, 60);
        driver.typeText(text, "replicate");

        driver.pressShortcut(SWT.CTRL, 'a');
        driver.typeText(text, "Z");

        assertEquals("Z", driver.onUi(() -> text.getText()), "Ctrl+A selected all, typing replaced it");
    }

    @Test
    void charactersTheDriverCannotTypeAreRefusedBeforeAnyKeyIsSent() {
        Text text = openText("Keyboard", 60, 60);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> driver.typeText(text, "100 \u20ac"));

        assertTrue(error.getMessage().contains("U+20AC"), error.getMessage());
        assertEquals("", driver.onUi(() -> text.getText()));
        assertEquals(List.of(), keysWithoutModifiers());
    }
}
