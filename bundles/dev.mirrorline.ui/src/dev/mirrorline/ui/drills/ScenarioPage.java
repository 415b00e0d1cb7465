package dev.mirrorline.ui.drills;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;

import dev.mirrorline.drill.DrillScenario;
import dev.mirrorline.node.Pair;

/**
 * Page 1 of the drill wizard: the pair (the one selected in the Pairs view at first) and the
 * scenario (every scenario of the drill service), each with a sentence on what it does.
 */
final class ScenarioPage extends WizardPage {

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
        setControl(page);
        validate();
    }

    private static Button radio(Composite page, String text, String name) {
        Button radio = DrillWidgets.named(new Button(page, SWT.RADIO), name);
        radio.setText(text);
        GridDataFactory.swtDefaults().span(2, 1).indent(0, 6).applyTo(radio);
        return radio;
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
