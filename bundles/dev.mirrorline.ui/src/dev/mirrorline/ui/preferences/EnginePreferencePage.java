package dev.mirrorline.ui.preferences;

import java.nio.file.Path;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.IntegerFieldEditor;
import org.eclipse.jface.preference.RadioGroupFieldEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.ui.history.ConsoleEventHistory;

/**
 * Window &gt; Preferences &gt; Mirrorline: the engine defaults a new pair starts with (chunk size,
 * link timeout, in-flight window, replication mode), validated as they are typed, and the state
 * directory the engine keeps its pairs in (shown; it follows the workspace).
 */
public final class EnginePreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    /** The data key that names this page's widgets for tests. */
    public static final String WIDGET_KEY = "mirrorline.widget"; //$NON-NLS-1$
    /** The state directory's text field. */
    public static final String STATE_DIRECTORY_WIDGET = "stateDirectory"; //$NON-NLS-1$

    /** Creates the page in the grid layout of field editors. */
    public EnginePreferencePage() {
        super(GRID);
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(EnginePreferences.store());
        setDescription(Messages.EnginePreferences_description);
    }

    @Override
    protected void createFieldEditors() {
        Composite parent = getFieldEditorParent();
        String[][] chunkSizes = new String[9][];
        for (int i = 0; i < chunkSizes.length; i++) {
            int kib = 4 << i;
            chunkSizes[i] = new String[] { kib < 1024 ? kib + " KiB" : (kib / 1024) + " MiB", //$NON-NLS-1$ //$NON-NLS-2$
                    Integer.toString(kib) };
        }
        addField(new ComboFieldEditor(EnginePreferences.CHUNK_SIZE_KIB, Messages.EnginePreferences_chunkSize,
                chunkSizes, parent));

        IntegerFieldEditor linkTimeout = new IntegerFieldEditor(EnginePreferences.LINK_TIMEOUT_SECONDS,
                Messages.EnginePreferences_linkTimeout, parent, 4);
        linkTimeout.setValidRange(EnginePreferences.MINIMUM_LINK_TIMEOUT_SECONDS,
                EnginePreferences.MAXIMUM_LINK_TIMEOUT_SECONDS);
        linkTimeout.setErrorMessage(Messages.EnginePreferences_linkTimeout_invalid);
        addField(linkTimeout);

        addField(new RadioGroupFieldEditor(EnginePreferences.REPLICATION_MODE, Messages.EnginePreferences_mode, 1,
                new String[][] { { Messages.EnginePreferences_mode_async, ReplicationMode.ASYNCHRONOUS.name() },
                        { Messages.EnginePreferences_mode_sync, ReplicationMode.SYNCHRONOUS.name() } },
                parent, true));

        IntegerFieldEditor window = new IntegerFieldEditor(EnginePreferences.IN_FLIGHT_WINDOW_MIB,
                Messages.EnginePreferences_window, parent, 5);
        window.setValidRange(EnginePreferences.MINIMUM_IN_FLIGHT_WINDOW_MIB,
                EnginePreferences.MAXIMUM_IN_FLIGHT_WINDOW_MIB);
        window.setErrorMessage(Messages.EnginePreferences_window_invalid);
        addField(window);

        IntegerFieldEditor resyncRate = new IntegerFieldEditor(EnginePreferences.RESYNC_RATE_MIB,
                Messages.EnginePreferences_resyncRate, parent, 6);
        resyncRate.setValidRange(0, EnginePreferences.MAXIMUM_RESYNC_RATE_MIB);
        resyncRate.setErrorMessage(Messages.EnginePreferences_resyncRate_invalid);
        addField(resyncRate);

        Label stateLabel = new Label(parent, SWT.NONE);
        stateLabel.setText(Messages.EnginePreferences_stateDirectory);
        Text state = new Text(parent, SWT.READ_ONLY | SWT.BORDER);
        state.setText(stateDirectory());
        state.setData(WIDGET_KEY, STATE_DIRECTORY_WIDGET);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(state);
        Label stateNote = new Label(parent, SWT.WRAP);
        stateNote.setText(Messages.EnginePreferences_stateDirectory_note);
        GridDataFactory.fillDefaults().span(2, 1).hint(400, SWT.DEFAULT).grab(true, false).applyTo(stateNote);
    }

    private static String stateDirectory() {
        try {
            Path directory = ConsoleEventHistory.directory().getParent();
            return directory.toString();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }
}
