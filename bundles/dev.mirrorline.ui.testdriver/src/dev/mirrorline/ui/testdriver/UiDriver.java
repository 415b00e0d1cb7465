package dev.mirrorline.ui.testdriver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
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
 * Mouse and key events go through
 * {@link Display#post(org.eclipse.swt.widgets.Event) Display.post(Event)}. On GTK 3 SWT does not
 * use XTest for this: it warps the X pointer and puts synthetic button and key events into GDK's
 * event queue, so they pass through GTK's own event handling like a user's. Two consequences the
 * driver handles:
 * <ul>
 * <li>Key events go to the first toplevel window GDK marks as focused. Without a window manager
 * every window is marked so, and the most recently raised one wins: {@link #activate(Shell)} (which
 * {@link #click(Control)}, {@link #typeText} and {@link #selectMenu} call) therefore raises the
 * shell as well as activating it. Keys posted by {@link #pressKey(int)} and
 * {@link #pressShortcut(int, int)} go to whatever shell was last activated that way.</li>
 * <li>GDK never turns posted button presses into a double click, so {@link #doubleClick(Control)}
 * presses the button through {@link java.awt.Robot Robot} (XTest) instead, after pointing with
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

    private final Display display;
    private final Duration timeout;
    private final UiThread ui;
    private final Waiting waiting;
    private final WidgetFinder finder;
    private final ShellActivation activation;
    private final Mouse mouse;
    private final Keyboard keyboard;
    private final MenuNavigator menuNavigator;
    private final MenuInvoker menuInvoker;
    private final ItemSelection itemSelection;

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
        this.ui = new UiThread(display);
        this.waiting = new Waiting(ui, timeout);
        this.finder = new WidgetFinder(ui, waiting);
        InputEvents input = new InputEvents(ui);
        Pointer pointer = new Pointer(ui, waiting, input);
        this.activation = new ShellActivation(ui, waiting, pointer);
        this.mouse = new Mouse(ui, pointer, activation);
        this.keyboard = new Keyboard(ui, waiting, input, activation, mouse);
        this.menuNavigator = new MenuNavigator(ui, waiting, input, activation, keyboard);
        this.menuInvoker = new MenuInvoker(ui, waiting, input);
        this.itemSelection = new ItemSelection(ui, waiting, finder, mouse, keyboard);
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
        return ui.call(action);
    }

    /**
     * Runs the action on the UI thread, rethrowing what it throws like {@link #onUi(Supplier)}.
     *
     * @param action what to do on the UI thread
     * @throws IllegalStateException on the UI thread, or when the display has been disposed
     */
    public void onUi(Runnable action) {
        ui.run(action);
    }

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
        ui.checkNotOn("waitUntil");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(conditionEvaluatedOnUiThread, "condition");
        waiting.until(description, limit, conditionEvaluatedOnUiThread);
    }

    /**
     * Waits for a visible shell with exactly this title.
     *
     * @param title the shell's text
     * @return the shell
     * @throws WidgetNotFoundException listing the visible shells' titles when none has this title
     */
    public Shell shell(String title) {
        return finder.shell(title);
    }

    /**
     * Waits until the display has an active shell and returns it.
     *
     * @return the active shell
     * @throws WidgetNotFoundException when no shell becomes active within the timeout
     */
    public Shell activeShell() {
        return finder.activeShell();
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
        activation.activate(shell);
    }

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
        return finder.find(root, type, matcher, description);
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
        return finder.textAfterLabel(root, labelText);
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

    /**
     * Clicks the centre of the control with mouse button 1: activates its shell, moves the pointer
     * there, checks that no other window covers the spot, presses and releases the button.
     *
     * @param control a visible, enabled control
     * @throws IllegalStateException when the control is disposed, hidden, disabled, off screen,
     *         covered, or its shell is blocked by a modal shell
     */
    public void click(Control control) {
        mouse.click(control);
    }

    /**
     * Clicks the centre of the table item's first cell, scrolling the table to it first.
     *
     * @param item the item
     * @throws IllegalStateException as for {@link #click(Control)}
     */
    public void click(TableItem item) {
        mouse.click(item);
    }

    /**
     * Clicks the centre of a tool bar item.
     *
     * @param item an enabled tool item
     * @throws IllegalStateException as for {@link #click(Control)}, or when the item is disabled
     */
    public void click(org.eclipse.swt.widgets.ToolItem item) {
        mouse.click(item);
    }

    /**
     * Clicks the centre of the tree item's first cell, scrolling the tree to it first. The item's
     * ancestors must be expanded; {@link #selectTreePath(Tree, String...)} expands them.
     *
     * @param item the item
     * @throws IllegalStateException as for {@link #click(Control)}, or when an ancestor is collapsed
     */
    public void click(TreeItem item) {
        mouse.click(item);
    }

    /**
     * Double-clicks the centre of the control with button 1. The pointer is moved with
     * {@code Display.post}; the two clicks are real X button events sent through
     * {@link java.awt.Robot Robot} (XTest), because GDK does not detect double clicks in posted events.
     *
     * @param control a visible, enabled control
     * @throws IllegalStateException as for {@link #click(Control)}, or when AWT cannot create a
     *         {@link java.awt.Robot Robot} (a headless JVM)
     */
    public void doubleClick(Control control) {
        mouse.doubleClick(control);
    }

    /**
     * Double-clicks the table item's first cell (see {@link #doubleClick(Control)}), which makes the
     * table send {@code SWT.DefaultSelection}.
     *
     * @param item the item
     * @throws IllegalStateException as for {@link #doubleClick(Control)}
     */
    public void doubleClick(TableItem item) {
        mouse.doubleClick(item);
    }

    /**
     * Double-clicks the tree item's first cell (see {@link #doubleClick(Control)}), which makes the
     * tree send {@code SWT.DefaultSelection}. The item's ancestors must be expanded.
     *
     * @param item the item
     * @throws IllegalStateException as for {@link #doubleClick(Control)}
     */
    public void doubleClick(TreeItem item) {
        mouse.doubleClick(item);
    }

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
        keyboard.typeText(control, text);
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
        keyboard.pressKey(keyCode);
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
        keyboard.pressShortcut(modifierMask, keyCodeOrChar);
    }

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
        menuNavigator.selectMenu(shell, path);
    }

    /**
     * Selects an item of a control's context menu with real keys: gives the control the keyboard
     * focus, presses Shift+F10 (GTK's key for the context menu, which makes SWT send
     * {@code SWT.MenuDetect} and show the control's menu), then walks the path as
     * {@link #selectMenu(Shell, String...)} does: Down/Up within a menu, Right into a submenu, Enter
     * on the last item. Menus that fill themselves when shown (JFace menu managers, workbench
     * contributions) are resolved after they are shown.
     *
     * @param control a visible control with a context menu ({@link Control#getMenu()}), e.g. a table
     *        whose selection the menu acts on
     * @param path the labels from the context menu down to the item, {@code &} markers and
     *        accelerator text ignored
     * @throws WidgetNotFoundException when the control has no context menu or a label on the path
     *         does not exist (the open menus are closed with Escape first)
     * @throws IllegalStateException when an item on the path is disabled, a non-final item has no
     *         submenu, or the last item opens a submenu
     * @throws WaitTimeoutException when the menu does not open or react to the keys
     */
    public void selectContextMenu(Control control, String... path) {
        menuNavigator.selectContextMenu(control, path);
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
        menuInvoker.invokeMenu(shell, path);
    }

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
        itemSelection.selectRow(table, firstColumnText);
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
        itemSelection.selectTreePath(tree, path);
    }

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
        ui.checkNotOn("screenshot");
        Path file = Screenshots.fileFor(name);
        return ui.call(() -> Screenshots.write(display, file));
    }
}
