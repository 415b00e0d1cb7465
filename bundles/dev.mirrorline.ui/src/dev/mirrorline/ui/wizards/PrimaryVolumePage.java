package dev.mirrorline.ui.wizards;

import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.mirrorline.node.PairSpec;

/** The New Pair wizard's first page: the pair's name and its primary volume, existing or new. */
final class PrimaryVolumePage extends PairSettingsPage {

    /** The units a new image's size is given in, with their sizes in bytes. */
    private static final String[] UNITS = { "MiB", "GiB" }; //$NON-NLS-1$ //$NON-NLS-2$
    private static final long[] UNIT_BYTES = { 1L << 20, 1L << 30 };
    private static final String DEFAULT_SIZE = "64"; //$NON-NLS-1$

    private Text name;
    private Button existing;
    private Button create;
    private Text path;
    private Text size;
    private Combo unit;

    PrimaryVolumePage(NewPairWizard wizard) {
        super(wizard, "primary", PairSpec.Part.NAME_AND_PRIMARY, Messages.PrimaryPage_title, //$NON-NLS-1$
                Messages.PrimaryPage_description);
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(3).applyTo(page);

        WizardWidgets.label(page, Messages.PrimaryPage_name);
        name = WizardWidgets.text(page, NewPairWizard.NAME_WIDGET, 2);

        Label primary = WizardWidgets.label(page, Messages.PrimaryPage_primary);
        GridDataFactory.fillDefaults().span(3, 1).indent(0, 8).applyTo(primary);
        existing = WizardWidgets.radio(page, Messages.PrimaryPage_existing, NewPairWizard.PRIMARY_EXISTING_WIDGET, 3);
        create = WizardWidgets.radio(page, Messages.PrimaryPage_new, NewPairWizard.PRIMARY_NEW_WIDGET, 3);
        create.setSelection(true);

        WizardWidgets.label(page, Messages.PrimaryPage_path);
        path = WizardWidgets.text(page, NewPairWizard.PRIMARY_PATH_WIDGET, 1);
        Button browse = WizardWidgets.push(page, Messages.Wizard_browse, "primary.browse"); //$NON-NLS-1$
        GridDataFactory.fillDefaults().grab(true, false).hint(WizardWidgets.TEXT_WIDTH - 100, SWT.DEFAULT)
                .applyTo(path);

        WizardWidgets.label(page, Messages.PrimaryPage_size);
        Composite sizeRow = new Composite(page, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(sizeRow);
        GridDataFactory.fillDefaults().span(2, 1).applyTo(sizeRow);
        size = new Text(sizeRow, SWT.SINGLE | SWT.BORDER);
        size.setData(NewPairWizard.WIDGET_KEY, NewPairWizard.PRIMARY_SIZE_WIDGET);
        size.setText(DEFAULT_SIZE);
        GridDataFactory.fillDefaults().hint(80, SWT.DEFAULT).applyTo(size);
        unit = new Combo(sizeRow, SWT.READ_ONLY | SWT.DROP_DOWN);
        unit.setData(NewPairWizard.WIDGET_KEY, NewPairWizard.PRIMARY_SIZE_UNIT_WIDGET);
        unit.setItems(UNITS);
        unit.select(0);

        name.addModifyListener(event -> edited());
        path.addModifyListener(event -> edited());
        size.addModifyListener(event -> edited());
        unit.addModifyListener(event -> edited());
        existing.addListener(SWT.Selection, event -> kindChanged());
        create.addListener(SWT.Selection, event -> kindChanged());
        browse.addListener(SWT.Selection, event -> browse());

        setControl(page);
        showKind();
    }

    private void kindChanged() {
        showKind();
        edited();
    }

    private void showKind() {
        size.setEnabled(create.getSelection());
        unit.setEnabled(create.getSelection());
    }

    private void browse() {
        FileDialog dialog = new FileDialog(getShell(), create.getSelection() ? SWT.SAVE : SWT.OPEN);
        dialog.setText(create.getSelection() ? Messages.PrimaryPage_browse_new : Messages.PrimaryPage_browse_existing);
        dialog.setOverwrite(false);
        Path current = NewPairWizard.path(path.getText());
        if (current != null && current.getParent() != null) {
            dialog.setFilterPath(current.getParent().toString());
        }
        String chosen = dialog.open();
        if (chosen != null) {
            path.setText(chosen);
        }
    }

    @Override
    public void setVisible(boolean visible) {
        super.setVisible(visible);
        if (visible) {
            name.setFocus();
        }
    }

    /** @return the name as typed */
    String pairName() {
        return name == null ? "" : name.getText().strip(); //$NON-NLS-1$
    }

    /** @return the primary's path as typed; empty text when it is not a path */
    Path primaryImage() {
        Path image = path == null ? null : NewPairWizard.path(path.getText());
        return image == null ? Path.of("") : image; //$NON-NLS-1$
    }

    /** @return the size of the new image in bytes, 0 for an existing volume, -1 if the size does not parse */
    long createBytes() {
        if (create == null || !create.getSelection()) {
            return 0;
        }
        try {
            long amount = Long.parseLong(size.getText().strip());
            long bytes = amount * UNIT_BYTES[Math.max(0, unit.getSelectionIndex())];
            return amount > 0 && bytes / UNIT_BYTES[Math.max(0, unit.getSelectionIndex())] == amount ? bytes : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    Optional<String> inputProblem() {
        if (path != null && !path.getText().isBlank() && NewPairWizard.path(path.getText()) == null) {
            return Optional.of(Messages.Wizard_notAPath);
        }
        if (createBytes() < 0 && !pairName().isEmpty() && !path.getText().isBlank()) {
            return Optional.of(Messages.PrimaryPage_sizeInvalid);
        }
        return Optional.empty();
    }
}
