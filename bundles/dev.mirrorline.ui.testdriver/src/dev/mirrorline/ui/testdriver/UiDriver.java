package dev.mirrorline.ui.testdriver;

import java.awt.AWTException;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.swt.widgets.Widget;

/**
 * Drives an SWT user interface from a test thread: finds widgets, sends real mouse and keyboard
 * input, walks menus, waits for conditions and takes screenshots.
 *
 * <h2>Threading</h2>
 * Call the driver from the test thread while the UI thread runs the event loop ({@code
 * readAndDispatch}). The driver touches widgets only through {@link Display#syncExec(Runnable)}, and
 * input is posted, not dispatched, so a click that opens a modal dialog returns while the dialog
 * runs its own nested event loop. Every method except the accessors throws
 * {@link IllegalStateException} when called on the UI thread.
 *
 * <h2>Input</h2>
 * Mouse and key events go through {@link Display#post(Event)}. On GTK 3 SWT does not use XTest for
 * this: it warps the X pointer and puts synthetic button and key events into GDK's event queue, so
 * they pass through GTK's own event handling like a user's. Two consequences the driver handles:
 * <ul>
 * <li>Key events go to the first toplevel window GDK marks as focused. Without a window manager
 * every window is marked so, and the most recently raised one wins: {@link #activate(Shell)} (which
 * {@link #click(Control)}, {@link #typeText} and {@link #selectMenu} call) therefore raises the
 * shell as well as activating it. Keys posted by {@link #pressKey(int)} and
 * {@link #pressShortcut(int, int)} go to whatever shell was last activated that way.</li>
 * <li>GDK never turns posted button presses into a double click, so {@link #doubleClick(Control)}
 * presses the button through {@link Robot} (XTest) instead, after pointing with
 * {@code Display.post}.</li>
 * </ul>
 * After posting, each input method waits until the UI thread has handled the resulting events: it
 * makes a round trip to the X server and then runs an empty {@code syncExec}, which SWT runs only
 * when GTK has no events pending. What listeners then do asynchronously is for
 * {@link #waitUntil(String, BooleanSupplier)} to wait for.
 *
 * <h2>Finding</h2>
 * The finders wait up to the timeout for a <em>visible</em> widget to match and then fail with a
 * {@link WidgetNotFoundException} that lists the widgets of the requested type that were seen.
 * They search the root, its visible descendants, table, tree, tool bar and tab folder items, and the
 * shell's menu bar; other shells (dialogs) are separate roots, see {@link #shell(String)}.
 */
public final class UiDriver {

    /** The timeout used by {@link #UiDriver(Display)}: ten seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private static final long POLL_MILLIS = 15;
    /** Symbols typed with Shift on a US keyboard, the layout of a default Xvfb server. */
    private static final String SHIFTED_SYMBOLS = "~!@#$%^&*()_+{}|:\"<>?";
    private static final int[] MODIFIERS = { SWT.CTRL, SWT.ALT, SWT.SHIFT, SWT.COMMAND };

    private static Robot robot;

    private final Display display;
    private final Thread uiThread;
    private final Duration timeout;

    /**
     * Creates a driver with the {@linkplain #DEFAULT_TIMEOUT default timeout}.
     *
     * @param display the display whose UI thread runs the event loop
     */
    public UiDriver(Display display) {
        this(display, DEFAULT_TIMEOUT);
    }

    /**
     * Creates a driver.
     *
     * @param display the display whose UI thread runs the event loop
     * @param timeout how long finders, waits and input methods wait before they fail; positive
     */
    public UiDriver(Display display, Duration timeout) {
        this.display = Objects.requireNonNull(display, "display");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("The timeout must be positive: " + timeout);
        }
        this.uiThread = display.getThread();
    }

    /**
     * Returns a driver for the same display with another timeout, e.g. a short one for a test that
     * expects a widget not to appear.
     *
     * @param newTimeout the timeout of the new driver; positive
     * @return the new driver
     */
    public UiDriver withTimeout(Duration newTimeout) {
        return new UiDriver(display, newTimeout);
    }

    /**
     * Returns the display this driver drives.
     *
     * @return the display
     */
    public Display display() {
        return display;
    }

    /**
     * Returns how long this driver waits before it fails.
     *
     * @return the timeout
     */
    public Duration timeout() {
        return timeout;
    }

    // ---------------------------------------------------------------------------------------------
    // Running code on the UI thread

    /**
     * Runs the action on the UI thread and returns its result. Exceptions and errors (including
     * assertion errors) thrown by the action are rethrown on the calling thread as they are; a
     * checked exception is wrapped in an {@link IllegalStateException}.
     *
     * <p>Pass a lambda rather than a reference to an overloaded method: {@code onUi(text::getText)}
     * is ambiguous between this method and {@link #onUi(Runnable)} because {@code Text.getText} is
     * overloaded, while {@code onUi(() -> text.getText())} is not.
     *
     * @param <T> the result type
     * @param action what to compute on the UI thread
     * @return the action's result
     * @throws IllegalStateException on the UI thread, or when the display has been disposed
     */
    public <T> T onUi(Supplier<T> action) {
        checkNotUiThread("onUi");
        Objects.requireNonNull(action, "action");
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try {
            display.syncExec(() -> {
                try {
                    result.set(action.get());
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
        } catch (SWTException e) {
            if (display.isDisposed()) {
                throw new IllegalStateException("The display has been disposed: the UI thread is gone", e);
            }
            throw e;
        }
        Throwable thrown = failure.get();
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        if (thrown != null) {
            throw new IllegalStateException("Checked exception on the UI thread", thrown);
        }
        return result.get();
    }

    /**
     * Runs the action on the UI thread, rethrowing what it throws like {@link #onUi(Supplier)}.
     *
     * @param action what to do on the UI thread
     * @throws IllegalStateException on the UI thread, or when the display has been disposed
     */
    public void onUi(Runnable action) {
        Objects.requireNonNull(action, "action");
        onUi(() -> {
            action.run();
            return null;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Waiting

    /**
     * Waits with the driver's timeout until the condition, evaluated on the UI thread, is true.
     *
     * @param description what is waited for, phrased to follow "waiting until", e.g.
     *        {@code "the table has 3 rows"}
     * @param conditionEvaluatedOnUiThread the condition; evaluated on the UI thread every few
     *        milliseconds, what it throws is rethrown at once
     * @throws WaitTimeoutException when the condition is still false after the timeout
     */
    public void waitUntil(String description, BooleanSupplier conditionEvaluatedOnUiThread) {
        waitUntil(description, timeout, conditionEvaluatedOnUiThread);
    }

    /**
     * Waits until the condition, evaluated on the UI thread, is true.
     *
     * @param description what is waited for, phrased to follow "waiting until"
     * @param limit how long to wait; positive
     * @param conditionEvaluatedOnUiThread the condition; evaluated on the UI thread every few
     *        milliseconds, what it throws is rethrown at once
     * @throws WaitTimeoutException when the condition is still false after {@code limit}
     */
    public void waitUntil(String description, Duration limit, BooleanSupplier conditionEvaluatedOnUiThread) {
        checkNotUiThread("waitUntil");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(conditionEvaluatedOnUiThread, "condition");
        poll(description, limit, conditionEvaluatedOnUiThread);
    }

    private void poll(String description, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!onUi(condition::getAsBoolean)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new WaitTimeoutException(description, limit);
            }
            pause(description);
        }
    }

    private static void pause(String waitingFor) {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for " + waitingFor, e);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Shells

    /**
     * Waits for a visible shell with exactly this title.
     *
     * @param title the shell's text
     * @return the shell
     * @throws WidgetNotFoundException listing the visible shells' titles when none has this title
     */
    public Shell shell(String title) {
        checkNotUiThread("shell");
        Objects.requireNonNull(title, "title");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> seen = new ArrayList<>();
            Shell found = onUi(() -> {
                for (Shell shell : display.getShells()) {
                    if (!shell.isDisposed() && shell.isVisible()) {
                        if (title.equals(shell.getText())) {
                            return shell;
                        }
                        seen.add("'" + shell.getText() + "'");
                    }
                }
                return null;
            });
            if (found != null) {
                return found;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new WidgetNotFoundException("No visible shell titled '" + title + "' appeared within "
                        + format(timeout) + ". Visible shells: " + seen);
            }
            pause("shell '" + title + "'");
        }
    }

    /**
     * Waits until the display has an active shell and returns it.
     *
     * @return the active shell
     * @throws WidgetNotFoundException when no shell becomes active within the timeout
     */
    public Shell activeShell() {
        checkNotUiThread("activeShell");
        try {
            poll("a shell is active", timeout, () -> display.getActiveShell() != null);
        } catch (WaitTimeoutException e) {
            throw new WidgetNotFoundException("No shell became active within " + format(timeout)
                    + ". Visible shells: " + onUi(this::visibleShellTitles));
        }
        return onUi(display::getActiveShell);
    }

    /**
     * Makes the shell the active, topmost shell, so that it receives posted key events, and moves
     * the pointer over it if it is elsewhere (without a window manager, X keyboard focus may follow
     * the pointer). Waits until SWT reports the shell active.
     *
     * @param shell a visible shell
     * @throws IllegalStateException when the shell is disposed, invisible, or blocked by a modal shell
     * @throws WaitTimeoutException when the shell does not become active
     */
    public void activate(Shell shell) {
        checkNotUiThread("activate");
        Objects.requireNonNull(shell, "shell");
        Rectangle bounds = onUi(() -> {
            checkUsable(shell, "activate " + Widgets.describe(shell));
            shell.forceActive();
            shell.moveAbove(null);
            return shell.getBounds();
        });
        Point pointer = onUi(display::getCursorLocation);
        if (!bounds.contains(pointer)) {
            movePointer(new Point(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2));
        }
        poll("shell '" + onUi(shell::getText) + "' is the active shell", timeout,
                () -> display.getActiveShell() == shell);
    }

    // ---------------------------------------------------------------------------------------------
    // Finding widgets

    /**
     * Waits for the first visible widget of the type below the root (depth first, the root
     * included) that the matcher accepts.
     *
     * @param <T> the widget type
     * @param root where to search
     * @param type the widget class, e.g. {@code Button.class}; subclasses match too
     * @param matcher the predicate, evaluated on the UI thread; see {@link By}
     * @param description what is searched for, for the failure message, e.g.
     *        {@code "button labelled 'OK'"}
     * @return the widget
     * @throws WidgetNotFoundException naming the description and listing the widgets of the type
     *         that were seen, when none matched within the timeout
     */
    public <T extends Widget> T find(Composite root, Class<T> type, Predicate<? super T> matcher,
            String description) {
        checkNotUiThread("find");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(matcher, "matcher");
        Objects.requireNonNull(description, "description");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> seen = new ArrayList<>();
            AtomicReference<String> rootState = new AtomicReference<>();
            T found = onUi(() -> {
                if (root.isDisposed()) {
                    rootState.set("disposed " + root.getClass().getSimpleName());
                    return null;
                }
                rootState.set(Widgets.describe(root));
                for (Widget widget : Widgets.below(root)) {
                    if (type.isInstance(widget)) {
                        T candidate = type.cast(widget);
                        if (matcher.test(candidate)) {
                            return candidate;
                        }
                        seen.add(Widgets.describe(candidate));
                    }
                }
                return null;
            });
            if (found != null) {
                return found;
            }
            if (System.nanoTime() - deadline >= 0) {
                String plural = type.getSimpleName() + "s";
                throw new WidgetNotFoundException("Cannot find " + description + " in " + rootState.get()
                        + " within " + format(timeout) + ". "
                        + (seen.isEmpty() ? "No visible " + plural + " were seen." : plural + " seen: " + seen));
            }
            pause(description);
        }
    }

    /**
     * Waits for a button (push, check, radio or toggle) with this label; {@code &} mnemonic markers
     * are ignored on both sides.
     *
     * @param root where to search
     * @param label the label as displayed, e.g. {@code "Open dialog"} for {@code "&Open dialog"}
     * @return the button
     * @throws WidgetNotFoundException listing the buttons seen
     */
    public Button button(Composite root, String label) {
        return find(root, Button.class, By.label(label), "button labelled '" + label + "'");
    }

    /**
     * Waits for the text field that follows a label with this text among the same parent's
     * children: the first {@link Text} after the label, with no other label or text field between.
     * The label's {@code &} mnemonic markers are ignored; the rest must match exactly (a colon too).
     *
     * @param root where to search
     * @param labelText the label's text as displayed, e.g. {@code "Host:"}
     * @return the text field
     * @throws WidgetNotFoundException listing the labels seen
     */
    public Text textAfterLabel(Composite root, String labelText) {
        Objects.requireNonNull(labelText, "labelText");
        Predicate<Widget> isTheLabel = By.label(labelText);
        Predicate<Text> followsTheLabel = text -> {
            Control[] siblings = text.getParent().getChildren();
            for (int i = Arrays.asList(siblings).indexOf(text) - 1; i >= 0; i--) {
                if (siblings[i] instanceof Text) {
                    return false;
                }
                if (siblings[i] instanceof Label label) {
                    return isTheLabel.test(label);
                }
            }
            return false;
        };
        String description = "text field after the label '" + labelText + "'";
        try {
            return find(root, Text.class, followsTheLabel, description);
        } catch (WidgetNotFoundException e) {
            List<String> labels = onUi(() -> root.isDisposed() ? List.<String>of()
                    : Widgets.below(root).stream().filter(Label.class::isInstance).map(Widgets::describe).toList());
            throw new WidgetNotFoundException(e.getMessage() + " Labels seen: " + labels);
        }
    }

    /**
     * Waits for a control of the type with exactly this tooltip text.
     *
     * @param <T> the control type
     * @param root where to search
     * @param type the control class
     * @param tooltip the tooltip text
     * @return the control
     * @throws WidgetNotFoundException listing the controls of the type seen
     */
    public <T extends Control> T byTooltip(Composite root, Class<T> type, String tooltip) {
        return find(root, type, By.tooltip(tooltip), type.getSimpleName() + " with tooltip '" + tooltip + "'");
    }

    /**
     * Waits for a widget of the type whose {@code getData(key)} equals the value. Application code
     * can tag widgets with {@code setData("id", "volume-name")} so that tests need not rely on
     * labels.
     *
     * @param <T> the widget type
     * @param root where to search
     * @param type the widget class
     * @param key the data key
     * @param value the expected value, compared with {@link Objects#equals}
     * @return the widget
     * @throws WidgetNotFoundException listing the widgets of the type seen
     */
    public <T extends Widget> T byData(Composite root, Class<T> type, String key, Object value) {
        return find(root, type, By.data(key, value),
                type.getSimpleName() + " with data '" + key + "' = '" + value + "'");
    }

    /**
     * Waits for the first visible table below the root.
     *
     * @param root where to search
     * @return the table
     * @throws WidgetNotFoundException when there is none
     */
    public Table table(Composite root) {
        return find(root, Table.class, table -> true, "a table");
    }

    /**
     * Waits for the first visible tree below the root.
     *
     * @param root where to search
     * @return the tree
     * @throws WidgetNotFoundException when there is none
     */
    public Tree tree(Composite root) {
        return find(root, Tree.class, tree -> true, "a tree");
    }

    // ---------------------------------------------------------------------------------------------
    // Mouse

    /**
     * Clicks the centre of the control with mouse button 1: activates its shell, moves the pointer
     * there, checks that no other window covers the spot, presses and releases the button.
     *
     * @param control a visible, enabled control
     * @throws IllegalStateException when the control is disposed, hidden, disabled, off screen,
     *         covered, or its shell is blocked by a modal shell
     */
    public void click(Control control) {
        checkNotUiThread("click");
        pointAt(control, () -> centreOf(control));
        pressButton1();
    }

    /**
     * Clicks the centre of the table item's first cell, scrolling the table to it first.
     *
     * @param item the item
     * @throws IllegalStateException as for {@link #click(Control)}
     */
    public void click(TableItem item) {
        checkNotUiThread("click");
        Table table = onUi(item::getParent);
        pointAt(table, () -> centreOf(item));
        pressButton1();
    }

    /**
     * Clicks the centre of the tree item's first cell, scrolling the tree to it first. The item's
     * ancestors must be expanded; {@link #selectTreePath(Tree, String...)} expands them.
     *
     * @param item the item
     * @throws IllegalStateException as for {@link #click(Control)}, or when an ancestor is collapsed
     */
    public void click(TreeItem item) {
        checkNotUiThread("click");
        Tree tree = onUi(item::getParent);
        pointAt(tree, () -> centreOf(item));
        pressButton1();
    }

    /**
     * Double-clicks the centre of the control with button 1. The pointer is moved with
     * {@code Display.post}; the two clicks are real X button events sent through
     * {@link Robot} (XTest), because GDK does not detect double clicks in posted events.
     *
     * @param control a visible, enabled control
     * @throws IllegalStateException as for {@link #click(Control)}, or when AWT cannot create a
     *         {@link Robot} (a headless JVM)
     */
    public void doubleClick(Control control) {
        checkNotUiThread("doubleClick");
        pointAt(control, () -> centreOf(control));
        doubleClickHere();
    }

    /**
     * Double-clicks the table item's first cell (see {@link #doubleClick(Control)}), which makes the
     * table send {@code SWT.DefaultSelection}.
     *
     * @param item the item
     * @throws IllegalStateException as for {@link #doubleClick(Control)}
     */
    public void doubleClick(TableItem item) {
        checkNotUiThread("doubleClick");
        Table table = onUi(item::getParent);
        pointAt(table, () -> centreOf(item));
        doubleClickHere();
    }

    /**
     * Double-clicks the tree item's first cell (see {@link #doubleClick(Control)}), which makes the
     * tree send {@code SWT.DefaultSelection}. The item's ancestors must be expanded.
     *
     * @param item the item
     * @throws IllegalStateException as for {@link #doubleClick(Control)}
     */
    public void doubleClick(TreeItem item) {
        checkNotUiThread("doubleClick");
        Tree tree = onUi(item::getParent);
        pointAt(tree, () -> centreOf(item));
        doubleClickHere();
    }

    /**
     * Activates the target's shell and moves the pointer to the point computed on the UI thread;
     * checks that the target (or one of its children) is what lies under the pointer.
     */
    private void pointAt(Control target, Supplier<Point> where) {
        Objects.requireNonNull(target, "target");
        Shell shell = onUi(() -> {
            checkUsable(target, "click " + Widgets.describe(target));
            return target.getShell();
        });
        if (onUi(() -> display.getActiveShell() != shell)) {
            activate(shell);
        } else {
            onUi(() -> shell.moveAbove(null));
        }
        Point point = onUi(where);
        movePointer(point);
        String obstacle = onUi(() -> {
            Control under = display.getCursorControl();
            return Widgets.isWithin(under, target) ? null : Widgets.describe(under);
        });
        if (obstacle != null) {
            throw new IllegalStateException("Cannot click " + onUi(() -> Widgets.describe(target)) + " at " + point
                    + ": the pointer there is over " + obstacle + ", which covers it");
        }
    }

    private void movePointer(Point point) {
        onUi(() -> {
            Rectangle screen = display.getBounds();
            if (!screen.contains(point)) {
                throw new IllegalStateException("The point " + point + " is off the screen " + screen);
            }
            Event move = new Event();
            move.type = SWT.MouseMove;
            move.x = point.x;
            move.y = point.y;
            post(move);
        });
        poll("the pointer is at " + point, timeout, () -> display.getCursorLocation().equals(point));
        settle();
    }

    private void pressButton1() {
        for (int type : new int[] { SWT.MouseDown, SWT.MouseUp }) {
            onUi(() -> {
                Event event = new Event();
                event.type = type;
                event.button = 1;
                post(event);
            });
            settle();
        }
    }

    private void doubleClickHere() {
        Robot xtest = robot();
        for (int i = 0; i < 2; i++) {
            xtest.mousePress(InputEvent.BUTTON1_DOWN_MASK);
            xtest.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
        }
        settle();
    }

    private static synchronized Robot robot() {
        if (robot == null) {
            try {
                robot = new Robot();
            } catch (AWTException | RuntimeException e) {
                throw new IllegalStateException("doubleClick needs java.awt.Robot to send real X button events,"
                        + " which this JVM cannot create (is it headless?)", e);
            }
        }
        return robot;
    }

    private static Point centreOf(Control control) {
        Point size = control.getSize();
        return control.toDisplay(size.x / 2, size.y / 2);
    }

    private static Point centreOf(TableItem item) {
        Table table = item.getParent();
        table.showItem(item);
        return centreOfCell(table, item.getBounds(), Widgets.describe(item));
    }

    private static Point centreOf(TreeItem item) {
        for (TreeItem parent = item.getParentItem(); parent != null; parent = parent.getParentItem()) {
            if (!parent.getExpanded()) {
                throw new IllegalStateException("Cannot click " + Widgets.describe(item) + ": it is inside the collapsed "
                        + Widgets.describe(parent) + " (selectTreePath expands the path)");
            }
        }
        Tree tree = item.getParent();
        tree.showItem(item);
        return centreOfCell(tree, item.getBounds(), Widgets.describe(item));
    }

    private static Point centreOfCell(Composite owner, Rectangle cell, String what) {
        Rectangle visible = owner.getClientArea().intersection(cell);
        if (visible.isEmpty()) {
            throw new IllegalStateException("Cannot click " + what + ": its cell " + cell
                    + " is outside the visible area " + owner.getClientArea());
        }
        return owner.toDisplay(visible.x + visible.width / 2, visible.y + visible.height / 2);
    }

    // ---------------------------------------------------------------------------------------------
    // Keyboard

    /**
     * Types the text into the control: activates its shell, clicks the control unless it already
     * has the focus, waits for the focus, then posts key presses and releases for every character.
     * Upper-case letters and the symbols typed with Shift on a US keyboard are wrapped in Shift key
     * events, as a user would type them; the character itself is posted by its keysym, so it arrives
     * whatever the keyboard layout. Supports ASCII and Latin-1 characters, and {@code \n} (Enter),
     * {@code \t}, {@code \b}. Text is inserted at the caret, which clicking places where clicked.
     *
     * <p>SWT quirk: {@code Display.post} gives key events the time 0, and a native text field
     * ({@link Text}, {@code Combo}) then reports each typed character in two {@code SWT.KeyDown}
     * events (its input method commits it a second time). The character is inserted once, and
     * {@code SWT.Modify} and {@code SWT.Verify} are sent once; only raw key listeners see the pair.
     *
     * @param control the control to type into, e.g. a {@link Text}
     * @param text the characters to type
     * @throws IllegalArgumentException for characters the driver cannot type
     * @throws IllegalStateException when the control cannot take the focus
     */
    public void typeText(Control control, String text) {
        checkNotUiThread("typeText");
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(text, "text");
        for (char c : text.toCharArray()) {
            checkTypeable(c);
        }
        Shell shell = onUi(() -> {
            checkUsable(control, "type into " + Widgets.describe(control));
            return control.getShell();
        });
        activate(shell);
        if (!onUi(control::isFocusControl)) {
            click(control);
        }
        poll(onUi(() -> Widgets.describe(control)) + " has the keyboard focus", timeout, control::isFocusControl);
        for (char c : text.toCharArray()) {
            typeCharacter(c);
        }
        settle();
    }

    /**
     * Presses and releases one key. Keys go to the focus control of the shell last activated by
     * the driver (see {@link #activate(Shell)}), or to an open menu.
     *
     * @param keyCode an SWT key code such as {@code SWT.ARROW_DOWN}, {@code SWT.F10},
     *        {@code SWT.CR}, {@code SWT.ESC}, or a character such as {@code 'a'} or {@code '?'}
     *        (typed like {@link #typeText} types it)
     */
    public void pressKey(int keyCode) {
        checkNotUiThread("pressKey");
        tapKey(keyCode);
        settle();
    }

    /**
     * Presses the modifiers, presses and releases the key, and releases the modifiers in reverse
     * order, e.g. {@code pressShortcut(SWT.CTRL | SWT.SHIFT, 's')}. The modifiers are released
     * even when posting the key fails. Keys go where {@link #pressKey(int)} sends them.
     *
     * @param modifierMask a combination of {@code SWT.CTRL}, {@code SWT.ALT}, {@code SWT.SHIFT}
     *        and {@code SWT.COMMAND}
     * @param keyCodeOrChar an SWT key code or a character; with {@code SWT.SHIFT} in the mask, give
     *        the unshifted character ({@code 's'}, not {@code 'S'})
     * @throws IllegalArgumentException for bits in the mask that are not modifiers
     */
    public void pressShortcut(int modifierMask, int keyCodeOrChar) {
        checkNotUiThread("pressShortcut");
        if ((modifierMask & ~SWT.MODIFIER_MASK) != 0) {
            throw new IllegalArgumentException("Not a modifier mask: 0x" + Integer.toHexString(modifierMask));
        }
        List<Integer> pressed = new ArrayList<>();
        try {
            for (int modifier : MODIFIERS) {
                if ((modifierMask & modifier) != 0) {
                    postKeyOnUi(SWT.KeyDown, modifier, '\0');
                    pressed.add(0, modifier);
                }
            }
            if (isKeyCode(keyCodeOrChar)) {
                postKeyOnUi(SWT.KeyDown, keyCodeOrChar, '\0');
                postKeyOnUi(SWT.KeyUp, keyCodeOrChar, '\0');
            } else {
                char c = checkTypeable(keyCodeOrChar);
                postKeyOnUi(SWT.KeyDown, controlKeyCode(c), c);
                postKeyOnUi(SWT.KeyUp, controlKeyCode(c), c);
            }
        } finally {
            for (int modifier : pressed) {
                postKeyOnUi(SWT.KeyUp, modifier, '\0');
            }
        }
        settle();
    }

    private void tapKey(int keyCodeOrChar) {
        if (isKeyCode(keyCodeOrChar)) {
            postKeyOnUi(SWT.KeyDown, keyCodeOrChar, '\0');
            postKeyOnUi(SWT.KeyUp, keyCodeOrChar, '\0');
        } else {
            typeCharacter(checkTypeable(keyCodeOrChar));
        }
    }

    private void typeCharacter(char c) {
        boolean shift = Character.isUpperCase(c) || SHIFTED_SYMBOLS.indexOf(c) >= 0;
        if (shift) {
            postKeyOnUi(SWT.KeyDown, SWT.SHIFT, '\0');
        }
        try {
            postKeyOnUi(SWT.KeyDown, controlKeyCode(c), c);
            postKeyOnUi(SWT.KeyUp, controlKeyCode(c), c);
        } finally {
            if (shift) {
                postKeyOnUi(SWT.KeyUp, SWT.SHIFT, '\0');
            }
        }
    }

    private void postKeyOnUi(int type, int keyCode, char character) {
        onUi(() -> {
            Event event = new Event();
            event.type = type;
            event.keyCode = keyCode;
            event.character = character;
            post(event);
        });
    }

    private static boolean isKeyCode(int key) {
        return (key & SWT.KEYCODE_BIT) != 0 || (key & SWT.MODIFIER_MASK) != 0 && (key & ~SWT.MODIFIER_MASK) == 0;
    }

    /** The SWT key code for characters that are keys of their own (Enter, Tab, ...), else 0. */
    private static int controlKeyCode(char c) {
        return switch (c) {
            case '\r', '\n' -> SWT.CR;
            case '\t' -> SWT.TAB;
            case '\b' -> SWT.BS;
            case 0x1b -> SWT.ESC;
            case 0x7f -> SWT.DEL;
            default -> 0;
        };
    }

    private static char checkTypeable(int c) {
        boolean printable = c >= 0x20 && c < 0x7f || c >= 0xa0 && c <= 0xff;
        if (!printable && (c < 0 || c > 0xffff || controlKeyCode((char) c) == 0)) {
            throw new IllegalArgumentException(String.format(
                    "Cannot type U+%04X: the driver types ASCII and Latin-1 characters, \\n, \\t and \\b", c));
        }
        return (char) c;
    }

    // ---------------------------------------------------------------------------------------------
    // Menus

    /**
     * Selects a menu bar item with real keys, as a keyboard user would: activates the shell, presses
     * F10 (GTK's key for the menu bar), moves along the bar with Left/Right and down each menu with
     * Down/Up, opens submenus with Right, and presses Enter on the last item. It counts the items GTK
     * can highlight (enabled, not separators), waits after every key for SWT to report the
     * highlighted item ({@code SWT.Arm}) or the opened menu ({@code SWT.Show}), and checks that the
     * expected item is highlighted before going on. Menus that fill themselves when shown are
     * resolved after they are shown. It returns once the item's {@code SWT.Selection} has been sent;
     * the listeners may still be running a nested event loop (a dialog).
     *
     * @param shell the shell with the menu bar
     * @param path the labels from the menu bar down to the item, {@code &} markers and accelerator
     *        text ignored, e.g. {@code "File", "Recent", "Volume B"}
     * @throws WidgetNotFoundException when a label on the path does not exist (the open menus are
     *         closed with Escape first)
     * @throws IllegalStateException when an item on the path is disabled, a non-final item has no
     *         submenu, or the last item opens a submenu
     * @throws WaitTimeoutException when the menus do not react to the keys
     */
    public void selectMenu(Shell shell, String... path) {
        checkNotUiThread("selectMenu");
        Objects.requireNonNull(shell, "shell");
        checkPath(path);
        String route = String.join(" > ", path);
        Menu bar = menuBar(shell);
        MenuItem item = menuItem(bar, path, 0, route);
        activate(shell);
        MenuWatch watch = new MenuWatch();
        onUi(() -> watch.install(display));
        boolean selected = false;
        try {
            int before = onUi(() -> watch.arms);
            tapKey(SWT.F10);
            poll("F10 opens the menu bar of shell '" + onUi(shell::getText) + "' (SWT.Arm on a bar item)", timeout,
                    () -> watch.arms > before && watch.armed != null && watch.armed.getParent() == bar);
            highlight(watch, bar, item, SWT.ARROW_RIGHT, SWT.ARROW_LEFT, route);
            for (int level = 0;; level++) {
                MenuItem current = item;
                if (level == path.length - 1) {
                    tapKey(SWT.CR);
                    poll("Enter selects '" + path[level] + "' (SWT.Selection) on the menu path " + route, timeout,
                            () -> watch.selected.contains(current));
                    selected = true;
                    break;
                }
                Menu submenu = onUi(current::getMenu);
                if (level > 0) {
                    tapKey(SWT.ARROW_RIGHT);
                }
                poll("the menu of '" + path[level] + "' is shown (SWT.Show) on the menu path " + route, timeout,
                        () -> watch.shown.contains(submenu));
                item = menuItem(submenu, path, level + 1, route);
                highlight(watch, submenu, item, SWT.ARROW_DOWN, SWT.ARROW_UP, route);
            }
        } finally {
            try {
                if (!selected) {
                    closeMenus(watch);
                }
            } finally {
                onUi(() -> watch.uninstall(display));
            }
        }
        settle();
    }

    /**
     * Finds the menu item on the path and sends it {@code SWT.Selection} programmatically, for tests
     * where real input is not the point. Drop-down menus on the path are sent {@code SWT.Show} first,
     * as when GTK opens them, so that menus that fill themselves on show are filled. A check item
     * is toggled and a radio item selected (its radio siblings deselected) before the event, as SWT
     * does. The event is sent from an {@code asyncExec}: the method returns once the listeners have
     * returned or started a nested event loop (a dialog); what they throw before that is rethrown.
     *
     * @param shell the shell with the menu bar
     * @param path the labels from the menu bar down to the item
     * @throws WidgetNotFoundException when a label on the path does not exist
     * @throws IllegalStateException when an item on the path is disabled or is not a submenu
     */
    public void invokeMenu(Shell shell, String... path) {
        checkNotUiThread("invokeMenu");
        Objects.requireNonNull(shell, "shell");
        checkPath(path);
        String route = String.join(" > ", path);
        MenuItem item = menuItem(menuBar(shell), path, 0, route);
        for (int level = 1; level < path.length; level++) {
            Menu submenu = onUi(item::getMenu);
            onUi(() -> submenu.notifyListeners(SWT.Show, new Event()));
            item = menuItem(submenu, path, level, route);
        }
        MenuItem target = item;
        AtomicBoolean started = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        display.asyncExec(() -> {
            started.set(true);
            try {
                if (target.isDisposed()) {
                    throw new IllegalStateException("The menu item '" + route + "' was disposed");
                }
                if ((target.getStyle() & SWT.CHECK) != 0) {
                    target.setSelection(!target.getSelection());
                } else if ((target.getStyle() & SWT.RADIO) != 0) {
                    for (MenuItem sibling : target.getParent().getItems()) {
                        if ((sibling.getStyle() & SWT.RADIO) != 0) {
                            sibling.setSelection(sibling == target);
                        }
                    }
                }
                target.notifyListeners(SWT.Selection, new Event());
            } catch (RuntimeException | Error e) {
                failure.set(e);
            }
        });
        poll("the Selection listeners of '" + route + "' run", timeout, started::get);
        Throwable thrown = failure.get();
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        settle();
    }

    private static void checkPath(String[] path) {
        if (path == null || path.length == 0) {
            throw new IllegalArgumentException("A menu path needs at least one label");
        }
        for (String label : path) {
            Objects.requireNonNull(label, "menu label");
        }
    }

    private Menu menuBar(Shell shell) {
        Menu bar = onUi(shell::getMenuBar);
        if (bar == null) {
            throw new WidgetNotFoundException("Shell '" + onUi(shell::getText) + "' has no menu bar");
        }
        return bar;
    }

    /** Resolves path[level] in the menu on the UI thread, checking that it can be used as such. */
    private MenuItem menuItem(Menu menu, String[] path, int level, String route) {
        String wanted = Widgets.label(path[level]);
        boolean last = level == path.length - 1;
        return onUi(() -> {
            List<String> labels = new ArrayList<>();
            for (MenuItem item : menu.getItems()) {
                if ((item.getStyle() & SWT.SEPARATOR) != 0) {
                    continue;
                }
                String label = Widgets.label(item.getText());
                if (!wanted.equals(label)) {
                    labels.add(label);
                    continue;
                }
                if (!item.getEnabled()) {
                    throw new IllegalStateException("Menu path " + route + ": '" + label + "' is disabled");
                }
                if (!last && item.getMenu() == null) {
                    throw new IllegalStateException("Menu path " + route + ": '" + label + "' has no submenu");
                }
                if (last && item.getMenu() != null) {
                    throw new IllegalStateException("Menu path " + route + ": '" + label
                            + "' opens a submenu; the path must end at an item that can be selected");
                }
                return item;
            }
            String where = level == 0 ? "the menu bar" : "the menu of '" + Widgets.label(path[level - 1]) + "'";
            throw new WidgetNotFoundException("Menu path " + route + ": there is no item '" + wanted + "' in "
                    + where + ". Its items: " + labels);
        });
    }

    /** Presses the keys that move GTK's highlight in the menu to the target, checking each step. */
    private void highlight(MenuWatch watch, Menu menu, MenuItem target, int nextKey, int previousKey, String route) {
        int[] positions = onUi(() -> {
            List<MenuItem> selectable = new ArrayList<>();
            for (MenuItem item : menu.getItems()) {
                if ((item.getStyle() & SWT.SEPARATOR) == 0 && item.getEnabled()) {
                    selectable.add(item);
                }
            }
            MenuItem armed = watch.armed != null && !watch.armed.isDisposed() && watch.armed.getParent() == menu
                    ? watch.armed : null;
            return new int[] { selectable.indexOf(armed), selectable.indexOf(target) };
        });
        int steps = positions[1] - positions[0];
        int key = steps >= 0 ? nextKey : previousKey;
        String keyName = keyName(key);
        for (int i = 0; i < Math.abs(steps); i++) {
            int before = onUi(() -> watch.arms);
            tapKey(key);
            poll(keyName + " highlights the next item on the menu path " + route, timeout, () -> watch.arms > before);
        }
        String armed = onUi(() -> watch.armed == target ? null : Widgets.describe(watch.armed));
        if (armed != null) {
            throw new IllegalStateException("Menu path " + route + ": expected " + onUi(() -> Widgets.describe(target))
                    + " to be highlighted after " + Math.abs(steps) + " x " + keyName + ", but " + armed + " is");
        }
    }

    private static String keyName(int key) {
        return switch (key) {
            case SWT.ARROW_DOWN -> "Down";
            case SWT.ARROW_UP -> "Up";
            case SWT.ARROW_LEFT -> "Left";
            case SWT.ARROW_RIGHT -> "Right";
            default -> "key " + key;
        };
    }

    /** Best effort: presses Escape until no menu on the path is shown. Never throws. */
    private void closeMenus(MenuWatch watch) {
        try {
            for (int i = 0; i < 10 && onUi(() -> !watch.shown.isEmpty()); i++) {
                int open = onUi(() -> watch.shown.size());
                tapKey(SWT.ESC);
                poll("Escape closes a menu", timeout, () -> watch.shown.size() < open);
            }
            settle();
        } catch (RuntimeException e) {
            // the original failure matters more
        }
    }

    /** Records menu events through display filters; used on the UI thread only. */
    private static final class MenuWatch implements Listener {
        private static final int[] TYPES = { SWT.Arm, SWT.Show, SWT.Hide, SWT.Selection };

        int arms;
        MenuItem armed;
        final Set<Menu> shown = new HashSet<>();
        final Set<MenuItem> selected = new HashSet<>();

        void install(Display display) {
            for (int type : TYPES) {
                display.addFilter(type, this);
            }
        }

        void uninstall(Display display) {
            if (!display.isDisposed()) {
                for (int type : TYPES) {
                    display.removeFilter(type, this);
                }
            }
        }

        @Override
        public void handleEvent(Event event) {
            switch (event.type) {
                case SWT.Arm -> {
                    if (event.widget instanceof MenuItem item) {
                        arms++;
                        armed = item;
                    }
                }
                case SWT.Show -> {
                    if (event.widget instanceof Menu menu) {
                        shown.add(menu);
                    }
                }
                case SWT.Hide -> {
                    if (event.widget instanceof Menu menu) {
                        shown.remove(menu);
                    }
                }
                case SWT.Selection -> {
                    if (event.widget instanceof MenuItem item) {
                        selected.add(item);
                    }
                }
                default -> {
                    // not registered
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Tables and trees

    /**
     * Clicks the table row whose first column has exactly this text and waits until it is the
     * table's only selected row.
     *
     * @param table the table
     * @param firstColumnText the text of the row's first column
     * @throws WidgetNotFoundException listing the rows seen, when no row has this text
     * @throws WaitTimeoutException when the click does not select the row
     */
    public void selectRow(Table table, String firstColumnText) {
        checkNotUiThread("selectRow");
        Objects.requireNonNull(firstColumnText, "firstColumnText");
        TableItem row = find(table, TableItem.class, By.text(firstColumnText), "row '" + firstColumnText + "'");
        click(row);
        poll("row '" + firstColumnText + "' is the table's selection", timeout,
                () -> Arrays.equals(table.getSelection(), new TableItem[] { row }));
    }

    /**
     * Walks down the tree by item text with real input and selects the last item: each item on the
     * way is clicked and, if collapsed, expanded with the keypad {@code +} key (GTK's expand key),
     * waiting until it is expanded and the next item has appeared; the last item is clicked and the
     * method waits until it is the tree's only selected item.
     *
     * @param tree the tree
     * @param path the item texts from a top-level item down
     * @throws WidgetNotFoundException naming the missing text and listing the items at that level
     * @throws WaitTimeoutException when an item does not expand or the last one is not selected
     */
    public void selectTreePath(Tree tree, String... path) {
        checkNotUiThread("selectTreePath");
        Objects.requireNonNull(tree, "tree");
        if (path == null || path.length == 0) {
            throw new IllegalArgumentException("A tree path needs at least one item text");
        }
        TreeItem parent = null;
        for (int level = 0; level < path.length; level++) {
            TreeItem item = treeItem(tree, parent, path, level);
            if (level < path.length - 1 && !onUi(item::getExpanded)) {
                click(item);
                pressKey(SWT.KEYPAD_ADD);
                poll("'" + path[level] + "' is expanded", timeout, item::getExpanded);
            }
            if (level == path.length - 1) {
                click(item);
                poll("'" + String.join(" > ", path) + "' is the tree's selection", timeout,
                        () -> Arrays.equals(tree.getSelection(), new TreeItem[] { item }));
            }
            parent = item;
        }
    }

    private TreeItem treeItem(Tree tree, TreeItem parent, String[] path, int level) {
        String text = path[level];
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> seen = new ArrayList<>();
            TreeItem found = onUi(() -> {
                TreeItem[] items = parent == null ? tree.getItems() : parent.getItems();
                for (TreeItem item : items) {
                    if (text.equals(item.getText())) {
                        return item;
                    }
                    seen.add("'" + item.getText() + "'");
                }
                return null;
            });
            if (found != null) {
                return found;
            }
            if (System.nanoTime() - deadline >= 0) {
                String where = level == 0 ? "at the top of the tree" : "under '" + path[level - 1] + "'";
                throw new WidgetNotFoundException("Tree path " + String.join(" > ", path) + ": no item '" + text
                        + "' " + where + " within " + format(timeout) + ". Items there: " + seen);
            }
            pause("tree item '" + text + "'");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Screenshots

    /**
     * Copies the whole display into a PNG file named after {@code name} (characters other than
     * letters, digits, {@code . _ -} replaced by {@code _}, {@code .png} added) in the directory
     * named by the system property {@code mirrorline.screenshots} (default
     * {@code target/screenshots}), creating the directory.
     *
     * @param name the file name, e.g. {@code "connect-dialog"}
     * @return the absolute path of the file written
     */
    public Path screenshot(String name) {
        checkNotUiThread("screenshot");
        Path file = Screenshots.fileFor(name);
        return onUi(() -> Screenshots.write(display, file));
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    /** Waits until the UI thread has handled the events caused by the input posted so far. */
    private void settle() {
        // A round trip to the X server: the events the server generated for our input (pointer
        // warps, XTest clicks) are then in the client's queue...
        onUi(display::getCursorLocation);
        // ...and SWT runs a syncExec only when GTK has no events pending (readAndDispatch).
        onUi(() -> {
        });
    }

    private void post(Event event) {
        if (!display.post(event)) {
            throw new IllegalStateException("Display.post refused " + describeInput(event)
                    + ": no focused window (keys) or no window under the pointer (buttons)");
        }
    }

    private static String describeInput(Event event) {
        return switch (event.type) {
            case SWT.KeyDown, SWT.KeyUp -> (event.type == SWT.KeyDown ? "KeyDown" : "KeyUp") + " keyCode="
                    + event.keyCode + " character=" + (int) event.character;
            case SWT.MouseDown, SWT.MouseUp -> (event.type == SWT.MouseDown ? "MouseDown" : "MouseUp") + " button "
                    + event.button;
            default -> "event type " + event.type;
        };
    }

    /** On the UI thread: the control can take input now. */
    private static void checkUsable(Control control, String action) {
        if (control.isDisposed()) {
            throw new IllegalStateException("Cannot " + action + ": it is disposed");
        }
        if (!control.isVisible()) {
            throw new IllegalStateException("Cannot " + action + ": it is not visible");
        }
        if (!control.isEnabled()) {
            throw new IllegalStateException("Cannot " + action + ": it is disabled");
        }
        Shell blocker = Widgets.modalBlocker(control.getShell());
        if (blocker != null) {
            throw new IllegalStateException("Cannot " + action + ": the modal shell '" + blocker.getText()
                    + "' is open and blocks input to it");
        }
    }

    private List<String> visibleShellTitles() {
        List<String> titles = new ArrayList<>();
        for (Shell shell : display.getShells()) {
            if (!shell.isDisposed() && shell.isVisible()) {
                titles.add("'" + shell.getText() + "'");
            }
        }
        return titles;
    }

    private void checkNotUiThread(String method) {
        if (Thread.currentThread() == uiThread) {
            throw new IllegalStateException("UiDriver." + method + "() was called on the UI thread ("
                    + uiThread.getName() + "). Call the driver from the test thread: it waits for the UI thread"
                    + " to handle events, which the UI thread cannot do while it runs this call.");
        }
    }

    /** Formats a duration for messages: {@code 500 ms} or {@code 10 s}. */
    static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
