/**
 * A small driver for SWT user-interface tests: it finds widgets, sends real mouse and keyboard
 * input, walks menus, waits for conditions and takes screenshots.
 *
 * <p>Threading model: tests run on their own thread while the UI thread runs the SWT event loop.
 * Every widget access goes through {@link org.eclipse.swt.widgets.Display#syncExec(Runnable)} (see
 * {@link dev.mirrorline.ui.testdriver.UiDriver#onUi(java.util.function.Supplier)}), so a click that
 * opens a modal dialog does not block the test, which can go on to find and close the dialog. Every
 * driver method refuses to run on the UI thread.
 *
 * <p>Input goes through {@link org.eclipse.swt.widgets.Display#post(org.eclipse.swt.widgets.Event)}
 * and so through the same GTK event handling as a user's input; double clicks, which GDK does not
 * detect in posted events, go through {@link java.awt.Robot} (XTest). The package depends on SWT and
 * JUnit's extension API only: it works with plain shells and with the Eclipse workbench alike.
 */
package dev.mirrorline.ui.testdriver;
