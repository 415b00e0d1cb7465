package dev.mirrorline.ui.drills;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.wizard.WizardPage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;

import dev.mirrorline.drill.DrillParameter;
import dev.mirrorline.drill.DrillParameters;
import dev.mirrorline.drill.DrillScenario;

/**
 * Page 2 of the drill wizard: a field per parameter of the scenario, starting at its default, with
 * what it does. Each change is checked by the scenario ({@link DrillScenario#problemWith}); its
 * problem is the page's error and keeps Next disabled.
 */
final class ParametersPage extends WizardPage {

    private final DrillWizard wizard;
    private final Map<String, Text> fields = new LinkedHashMap<>();
    private Composite page;
    private DrillScenario shown;

    ParametersPage(DrillWizard wizard) {
        super("parameters"); //$NON-NLS-1$
        this.wizard = wizard;
        setTitle(Messages.ParametersPage_title);
    }

    @Override
    public void createControl(Composite parent) {
        page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(page);
        setControl(page);
    }

    @Override
    public void setVisible(boolean visible) {
        if (visible && wizard.scenario() != shown) {
            build(wizard.scenario());
        }
        super.setVisible(visible);
        if (visible && !fields.isEmpty()) {
            fields.values().iterator().next().setFocus();
        }
    }

    @Override
    public boolean isPageComplete() {
        // until it is shown, the scenario's defaults (which are valid) stand
        return shown == null || shown == wizard.scenario() && problem().isEmpty();
    }

    /** Makes the fields of a scenario, at their defaults. */
    private void build(DrillScenario scenario) {
        for (Control child : page.getChildren()) {
            child.dispose();
        }
        fields.clear();
        shown = scenario;
        setDescription(NLS.bind(Messages.ParametersPage_description, scenario.title()));
        if (scenario.parameters().isEmpty()) {
            DrillWidgets.wrapped(page, Messages.ParametersPage_none, 2, 0);
        }
        for (DrillParameter parameter : scenario.parameters()) {
            DrillWidgets.label(page, parameter.label() + ':').setLayoutData(
                    GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.CENTER).create());
            Text field = DrillWidgets.named(new Text(page, SWT.SINGLE | SWT.BORDER),
                    DrillWizard.PARAMETER_WIDGET_PREFIX + parameter.key());
            field.setText(parameter.defaultValue());
            field.setToolTipText(parameter.description());
            GridDataFactory.fillDefaults().grab(true, false).hint(360, SWT.DEFAULT).applyTo(field);
            field.addListener(SWT.Modify, event -> validate());
            fields.put(parameter.key(), field);
            Composite skip = new Composite(page, SWT.NONE);
            GridDataFactory.swtDefaults().hint(1, 1).applyTo(skip);
            DrillWidgets.wrapped(page, parameter.description(), 1, 0)
                    .setLayoutData(GridDataFactory.fillDefaults().grab(true, false).hint(360, SWT.DEFAULT).create());
        }
        page.layout(true, true);
        validate();
    }

    /** @return the values as typed (the defaults before the page is shown) */
    DrillParameters parameters() {
        Map<String, String> values = new LinkedHashMap<>();
        if (shown == wizard.scenario()) {
            fields.forEach((key, field) -> values.put(key, field.getText().strip()));
        }
        return DrillParameters.of(values);
    }

    private Optional<String> problem() {
        return wizard.scenario().problemWith(parameters());
    }

    private void validate() {
        Optional<String> problem = problem();
        setErrorMessage(problem.orElse(null));
        setPageComplete(problem.isEmpty());
    }
}
