package dev.mirrorline.ui.tests.pages;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import dev.mirrorline.ui.drills.DrillWizard;
import dev.mirrorline.ui.testdriver.UiDriver;

/** The Failover Drill wizard, as a test sees and drives it: real clicks and key presses on its widgets. */
public final class DrillWizardPage extends WizardDialogPage {

    /** The wizard's title. */
    public static final String TITLE = "Failover Drill";
    /** The menu item that opens it, in the Drills menu and the Pairs view's context menu. */
    public static final String MENU_ITEM = "Run Failover Drill\u2026";
    /** The message of the pre-flight page when every check passed. */
    public static final String ALL_CHECKS_PASSED = "Every check passed: Next runs the drill.";

    private DrillWizardPage(UiDriver driver, Shell shell) {
        super(driver, shell, DrillWizard.WIDGET_KEY);
    }

    /**
     * Opens the wizard through Drills &gt; Run Failover Drill… with real key presses.
     *
     * @param driver the driver
     * @param window the console window
     * @return the wizard
     */
    public static DrillWizardPage openFromDrillsMenu(UiDriver driver, ConsoleWindowPage window) {
        driver.selectMenu(window.shell(), "Drills", MENU_ITEM);
        return new DrillWizardPage(driver, driver.shell(TITLE));
    }

    /**
     * Selects a pair in the Pairs view and opens the wizard from its context menu.
     *
     * @param driver the driver
     * @param window the console window
     * @param pair the pair
     * @return the wizard
     */
    public static DrillWizardPage openFromPairsContextMenu(UiDriver driver, ConsoleWindowPage window, String pair) {
        window.selectPair(pair);
        window.selectPairsContextMenu(MENU_ITEM);
        return new DrillWizardPage(driver, driver.shell(TITLE));
    }

    /** @return the pair chosen on the first page */
    public String pair() {
        Combo pairs = widget(Combo.class, DrillWizard.PAIR_WIDGET);
        return driver.onUi(() -> pairs.getText());
    }

    /**
     * Clicks a scenario's radio button on the first page.
     *
     * @param id the scenario's id, e.g. "link-outage"
     * @return this page
     */
    public DrillWizardPage chooseScenario(String id) {
        Button radio = widget(Button.class, DrillWizard.SCENARIO_WIDGET_PREFIX + id);
        driver.waitUntil(id + " is enabled", radio::isEnabled);
        driver.click(radio);
        driver.waitUntil(id + " is selected", radio::getSelection);
        return this;
    }

    /**
     * @param id a scenario's id
     * @return whether its radio button can be chosen
     */
    public boolean scenarioEnabled(String id) {
        Button radio = widget(Button.class, DrillWizard.SCENARIO_WIDGET_PREFIX + id);
        return driver.onUi(() -> radio.isEnabled());
    }

    /**
     * @param id a scenario's id
     * @return the label of its radio button
     */
    public String scenarioLabel(String id) {
        Button radio = widget(Button.class, DrillWizard.SCENARIO_WIDGET_PREFIX + id);
        return driver.onUi(() -> radio.getText());
    }

    /**
     * Types a parameter's value over what its field holds (on the parameters page).
     *
     * @param key the parameter's key, e.g. "outage"
     * @param value what to type
     * @return this page
     */
    public DrillWizardPage typeParameter(String key, String value) {
        Text field = widget(Text.class, DrillWizard.PARAMETER_WIDGET_PREFIX + key);
        driver.waitUntil(key + " is visible", field::isVisible);
        driver.click(field);
        driver.pressShortcut(SWT.CTRL, 'a');
        driver.waitUntil(key + " is all selected or empty",
                () -> field.getText().isEmpty() || field.getSelectionCount() == field.getText().length());
        if (value.isEmpty()) {
            driver.pressKey(SWT.DEL);
        } else {
            driver.typeText(field, value);
        }
        driver.waitUntil(key + " reads '" + value + "'", () -> value.equals(field.getText()));
        return this;
    }

    /**
     * Clicks Next once it is enabled, and waits for the next page.
     *
     * @return this page
     */
    public DrillWizardPage next() {
        clickNext();
        return this;
    }

    /** @return the current page's title */
    public String pageTitle() {
        return driver.onUi(() -> currentPage().getTitle());
    }

    /** Waits until every pre-flight check passed (the page's message says so). */
    public void waitForEveryCheckPassed() {
        try {
            driver.waitUntil("every check passed", () -> ALL_CHECKS_PASSED.equals(currentPage().getMessage())
                            && currentPage().getErrorMessage() == null);
        } catch (RuntimeException e) {
            throw new AssertionError("the pre-flight checks did not all pass: " + preflightChecks() + " (error '"
                    + errorMessage() + "')", e);
        }
    }

    /** @return each pre-flight check as "name | result | message" */
    public List<String> preflightChecks() {
        return rows(widget(Table.class, DrillWizard.PREFLIGHT_WIDGET));
    }

    /** @return the text under the pre-flight checks: the failed ones' messages in full */
    public String preflightDetails() {
        Text details = widget(Text.class, DrillWizard.PREFLIGHT_DETAILS_WIDGET);
        return driver.onUi(() -> details.getText());
    }

    /**
     * Waits until the wizard's message area shows an error that begins with this text.
     *
     * @param prefix the error's beginning
     * @return the whole error message
     */
    public String waitForErrorMessageStartingWith(String prefix) {
        try {
            driver.waitUntil("the wizard shows an error beginning '" + prefix + "'", () -> {
                String error = currentPage().getErrorMessage();
                return error != null && error.startsWith(prefix) && shown(error);
            });
        } catch (RuntimeException e) {
            throw new AssertionError("expected an error beginning '" + prefix + "' but the wizard shows '"
                    + errorMessage() + "'", e);
        }
        return errorMessage();
    }

    /**
     * Waits until the wizard's message area shows no error.
     */
    public void waitForNoErrorMessage() {
        driver.waitUntil("the wizard shows no error", () -> currentPage().getErrorMessage() == null);
    }

    /**
     * Waits until a step shows a status.
     *
     * @param step the step's name, e.g. "Hold the link down"
     * @param status its status as shown, e.g. "▶ Running"
     */
    public void waitForStepStatus(String step, String status) {
        Table steps = widget(Table.class, DrillWizard.RUN_STEPS_WIDGET);
        driver.waitUntil("the step '" + step + "' is " + status, () -> {
            for (TableItem item : steps.getItems()) {
                if (item.getText(0).endsWith(". " + step)) {
                    return status.equals(item.getText(1));
                }
            }
            return false;
        });
    }

    /** @return each step of the run page as "n. name | status | detail" */
    public List<String> steps() {
        return rows(widget(Table.class, DrillWizard.RUN_STEPS_WIDGET));
    }

    /** @return each step's status as the run page shows it, in order */
    public List<String> stepStatuses() {
        Table steps = widget(Table.class, DrillWizard.RUN_STEPS_WIDGET);
        return driver.onUi(() -> {
            List<String> statuses = new ArrayList<>();
            for (TableItem item : steps.getItems()) {
                statuses.add(item.getText(1));
            }
            return statuses;
        });
    }

    /** @return the run page's log */
    public String log() {
        Text log = widget(Text.class, DrillWizard.RUN_LOG_WIDGET);
        return driver.onUi(() -> log.getText());
    }

    /** @return the run page's progress, from 0 to its maximum */
    public int progress() {
        var bar = widget(org.eclipse.swt.widgets.ProgressBar.class, DrillWizard.RUN_PROGRESS_WIDGET);
        return driver.onUi(() -> bar.getSelection() * 100 / bar.getMaximum());
    }

    /** Clicks Cancel Drill on the run page once it is enabled. */
    public void cancelDrill() {
        Button cancel = widget(Button.class, DrillWizard.RUN_CANCEL_WIDGET);
        driver.waitUntil("Cancel Drill is enabled", cancel::isEnabled);
        driver.click(cancel);
        driver.waitUntil("Cancel Drill is disabled after the click", () -> !cancel.isEnabled());
    }

    /**
     * Waits until the drill has ended (the run page says so).
     *
     * @param limit how long at most
     * @return the run page's status line
     */
    public String waitForTheDrillToEnd(Duration limit) {
        Label status = widget(Label.class, DrillWizard.RUN_STATUS_WIDGET);
        try {
            driver.waitUntil("the drill ends", limit, () -> status.getText().startsWith("The drill ended"));
        } catch (RuntimeException e) {
            throw new AssertionError("the drill did not end: " + steps() + "\n" + log(), e);
        }
        return driver.onUi(() -> status.getText());
    }

    /** @return the result page's outcome */
    public String outcome() {
        Label outcome = widget(Label.class, DrillWizard.RESULT_OUTCOME_WIDGET);
        return driver.onUi(() -> outcome.getText());
    }

    /** @return the result page's reason (why it failed or was cancelled; a dash when it passed) */
    public String reason() {
        Label reason = widget(Label.class, DrillWizard.RESULT_REASON_WIDGET);
        return driver.onUi(() -> reason.getText());
    }

    /** @return the result page's measurements as "label | value" */
    public List<String> measurements() {
        return rows(widget(Table.class, DrillWizard.RESULT_MEASUREMENTS_WIDGET));
    }

    /** @return the result page's verifications */
    public String verifications() {
        Text text = widget(Text.class, DrillWizard.RESULT_VERIFICATIONS_WIDGET);
        return driver.onUi(() -> text.getText());
    }

    /** @return what the result page says the rollback did */
    public String rollback() {
        Text text = widget(Text.class, DrillWizard.RESULT_ROLLBACK_WIDGET);
        return driver.onUi(() -> text.getText());
    }

    /** @return whether Save Report… and Open Report can be clicked */
    public boolean reportButtonsEnabled() {
        Button save = widget(Button.class, DrillWizard.RESULT_SAVE_WIDGET);
        Button open = widget(Button.class, DrillWizard.RESULT_OPEN_WIDGET);
        return driver.onUi(() -> save.isEnabled() && open.isEnabled());
    }

    /** Waits until Next is enabled. */
    public void waitForNextEnabled() {
        Button next = driver.button(shell, "Next >");
        driver.waitUntil("Next is enabled", next::isEnabled);
    }

    /** @return whether Back can be clicked */
    public boolean backEnabled() {
        Button back = driver.button(shell, "< Back");
        return driver.onUi(() -> back.isEnabled());
    }

    private List<String> rows(Table table) {
        return driver.onUi(() -> {
            List<String> rows = new ArrayList<>();
            for (TableItem item : table.getItems()) {
                List<String> cells = new ArrayList<>();
                for (int column = 0; column < Math.max(1, table.getColumnCount()); column++) {
                    cells.add(item.getText(column));
                }
                rows.add(String.join(" | ", cells));
            }
            return rows;
        });
    }

}
