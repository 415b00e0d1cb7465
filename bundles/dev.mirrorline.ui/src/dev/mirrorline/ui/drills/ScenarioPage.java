package dev.mirrorline.ui.drills;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;

import dev.mirrorline.drill.DrillScenario;
import dev.mirrorline.node.Pair;

/**
 * Page 1 of the drill wizard: the pair (the one selected in the Pairs view at first) and the
 * scenario, each with a sentence on what it does; the scenarios this version does not have yet are
 * listed, disabled.
 */
final class ScenarioPage extends WizardPage {

    /** The id of the planned switchover, listed as not available yet. */
    static final String SWITCHOVER = "planned-switchover"; //$NON-NLS-1$
    /** The id of the unplanned failover and failback, listed as not available yet. */
    static final String FAILOVER = "unplanned-failover"; //$NON-NLS-1$

    private final DrillWizard wizard;
    private final String preselected;
    private final Map<Button, DrillScenario> scenarios = new LinkedHashMap<>();
    private Combo pairs;

    ScenarioPage(DrillWizard wizard, String preselected) {
        super("scenario"); //$NON-NLS-1$
        this.wizard = wizard;
        this.preselected = preselected;
        setTitle(Messages.ScenarioPage_title);
        setDescription(Messages.ScenarioPage_description);
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(page);

        DrillWidgets.label(page, Messages.ScenarioPage_pair);
        pairs = DrillWidgets.named(new Combo(page, SWT.READ_ONLY | SWT.DROP_DOWN), DrillWizard.PAIR_WIDGET);
        GridDataFactory.swtDefaults().hint(240, SWT.DEFAULT).applyTo(pairs);
        List<String> names = new ArrayList<>();
        for (Pair pair : wizard.node().pairs()) {
            names.add(pair.name());
        }
        pairs.setItems(names.toArray(String[]::new));
        int chosen = preselected != null ? names.indexOf(preselected) : -1;
        if (chosen >= 0 || !names.isEmpty()) {
            pairs.select(Math.max(chosen, 0));
        }
        pairs.addListener(SWT.Selection, event -> validate());

        Composite gap = new Composite(page, SWT.NONE);
        GridDataFactory.swtDefaults().span(2, 1).hint(1, 8).applyTo(gap);
        DrillWidgets.label(page, Messages.ScenarioPage_scenario).setLayoutData(
                GridDataFactory.swtDefaults().span(2, 1).create());
        boolean first = true;
        for (DrillScenario scenario : wizard.service().scenarios()) {
            Button radio = radio(page, scenario.title(), DrillWizard.SCENARIO_WIDGET_PREFIX + scenario.id());
            radio.setSelection(first);
            first = false;
            radio.addListener(SWT.Selection, event -> validate());
            scenarios.put(radio, scenario);
            DrillWidgets.wrapped(page, scenario.description(), 2, 24);
        }
        notAvailable(page, Messages.ScenarioPage_switchover, Messages.ScenarioPage_switchover_description, SWITCHOVER);
        notAvailable(page, Messages.ScenarioPage_failover, Messages.ScenarioPage_failover_description, FAILOVER);
        setControl(page);
        validate();
    }

    private static Button radio(Composite page, String text, String name) {
        Button radio = DrillWidgets.named(new Button(page, SWT.RADIO), name);
        radio.setText(text);
        GridDataFactory.swtDefaults().span(2, 1).indent(0, 6).applyTo(radio);
        return radio;
    }

    private static void notAvailable(Composite page, String title, String description, String id) {
        Button radio = radio(page, NLS.bind(Messages.ScenarioPage_notAvailable, title),
                DrillWizard.SCENARIO_WIDGET_PREFIX + id);
        radio.setEnabled(false);
        DrillWidgets.wrapped(page, description, 2, 24).setEnabled(false);
    }

    /** @return the pair chosen, or null */
    String pairName() {
        return pairs == null || pairs.getSelectionIndex() < 0 ? preselected : pairs.getItem(pairs.getSelectionIndex());
    }

    /** @return the scenario chosen */
    DrillScenario scenario() {
        for (Map.Entry<Button, DrillScenario> entry : scenarios.entrySet()) {
            if (entry.getKey().getSelection()) {
                return entry.getValue();
            }
        }
        return wizard.service().scenarios().get(0);
    }

    private void validate() {
        if (pairs.getItemCount() == 0) {
            setErrorMessage(Messages.ScenarioPage_noPairs);
            setPageComplete(false);
        } else if (pairs.getSelectionIndex() < 0) {
            setErrorMessage(null);
            setMessage(Messages.ScenarioPage_choosePair);
            setPageComplete(false);
        } else {
            setErrorMessage(null);
            setMessage(null);
            setPageComplete(true);
        }
    }
}
