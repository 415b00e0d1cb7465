package dev.mirrorline.ui.testdriver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Widget;

/**
 * Finds shells and widgets, waiting until a visible one matches; when none does, the failure says
 * what was there instead.
 */
final class WidgetFinder {

    private final UiThread ui;
    private final Waiting waiting;

    WidgetFinder(UiThread ui, Waiting waiting) {
        this.ui = ui;
        this.waiting = waiting;
    }

    /** See {@link UiDriver#shell(String)}. */
    Shell shell(String title) {
        ui.checkNotOn("shell");
        Objects.requireNonNull(title, "title");
        return waiting.forResult("shell '" + title + "'", seen -> {
            for (Shell shell : visibleShells()) {
                if (title.equals(shell.getText())) {
                    return shell;
                }
                seen.add("'" + shell.getText() + "'");
            }
            return null;
        }, seen -> new WidgetNotFoundException("No visible shell titled '" + title + "' appeared within "
                + Waiting.format(waiting.timeout()) + ". Visible shells: " + seen));
    }

    /** See {@link UiDriver#activeShell()}. */
    Shell activeShell() {
        ui.checkNotOn("activeShell");
        Display display = ui.display();
        try {
            waiting.until("a shell is active", () -> display.getActiveShell() != null);
        } catch (WaitTimeoutException e) {
            List<String> titles = ui.call(() -> visibleShells().stream().map(s -> "'" + s.getText() + "'").toList());
            throw new WidgetNotFoundException("No shell became active within " + Waiting.format(waiting.timeout())
                    + ". Visible shells: " + titles);
        }
        return ui.call(display::getActiveShell);
    }

    /** On the UI thread: the display's shells that are not disposed and visible. */
    private List<Shell> visibleShells() {
        List<Shell> visible = new ArrayList<>();
        for (Shell shell : ui.display().getShells()) {
            if (!shell.isDisposed() && shell.isVisible()) {
                visible.add(shell);
            }
        }
        return visible;
    }

    /** See {@link UiDriver#find(Composite, Class, Predicate, String)}. */
    <T extends Widget> T find(Composite root, Class<T> type, Predicate<? super T> matcher, String description) {
        ui.checkNotOn("find");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(matcher, "matcher");
        Objects.requireNonNull(description, "description");
        AtomicReference<String> rootState = new AtomicReference<>();
        return waiting.forResult(description, seen -> {
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
        }, seen -> {
            String plural = type.getSimpleName() + "s";
            return new WidgetNotFoundException("Cannot find " + description + " in " + rootState.get() + " within "
                    + Waiting.format(waiting.timeout()) + ". "
                    + (seen.isEmpty() ? "No visible " + plural + " were seen." : plural + " seen: " + seen));
        });
    }

    /** See {@link UiDriver#textAfterLabel(Composite, String)}. */
    Text textAfterLabel(Composite root, String labelText) {
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
            List<String> labels = ui.call(() -> root.isDisposed() ? List.<String>of()
                    : Widgets.below(root).stream().filter(Label.class::isInstance).map(Widgets::describe).toList());
            throw new WidgetNotFoundException(e.getMessage() + " Labels seen: " + labels);
        }
    }
}
