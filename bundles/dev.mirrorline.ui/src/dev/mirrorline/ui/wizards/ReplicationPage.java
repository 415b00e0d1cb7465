package dev.mirrorline.ui.wizards;

import java.time.Duration;
import java.util.Optional;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.node.PairSpec;
import dev.mirrorline.ui.preferences.EnginePreferences;

/**
 * The New Pair wizard's third page: asynchronous replication with its in-flight window, or
 * synchronous; the chunk size; the link timeout; the resync rate limit. It starts with the engine defaults of the
 * preferences.
 */
final class ReplicationPage extends PairSettingsPage {

    /** Chunk sizes offered: powers of two from 4 KiB to 1 MiB. */
    private static final int CHUNK_SIZES = 9;

    private final EnginePreferences.EngineDefaults defaults;
    private Button async;
    private Button sync;
    private Text window;
    private Combo chunkSize;
    private Text linkTimeout;
    private Text resyncRate;

    ReplicationPage(NewPairWizard wizard, EnginePreferences.EngineDefaults defaults) {
        super(wizard, "replication", PairSpec.Part.REPLICATION, Messages.ReplicationPage_title, //$NON-NLS-1$
                Messages.ReplicationPage_description);
        this.defaults = defaults;
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).applyTo(page);

        async = WizardWidgets.radio(page, Messages.ReplicationPage_async, NewPairWizard.MODE_ASYNC_WIDGET, 2);
        WizardWidgets.indentedLabel(page, Messages.ReplicationPage_window);
        window = WizardWidgets.text(page, NewPairWizard.WINDOW_WIDGET, 1);
        GridDataFactory.swtDefaults().hint(80, SWT.DEFAULT).applyTo(window);
        sync = WizardWidgets.radio(page, Messages.ReplicationPage_sync, NewPairWizard.MODE_SYNC_WIDGET, 2);

        Label chunkLabel = WizardWidgets.label(page, Messages.ReplicationPage_chunkSize);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.CENTER).indent(0, 8).applyTo(chunkLabel);
        chunkSize = new Combo(page, SWT.READ_ONLY | SWT.DROP_DOWN);
        chunkSize.setData(NewPairWizard.WIDGET_KEY, NewPairWizard.CHUNK_SIZE_WIDGET);
        GridDataFactory.swtDefaults().indent(0, 8).applyTo(chunkSize);
        for (int i = 0; i < CHUNK_SIZES; i++) {
            int kib = 4 << i;
            chunkSize.add(kib < 1024 ? kib + " KiB" : (kib / 1024) + " MiB"); //$NON-NLS-1$ //$NON-NLS-2$
        }
        WizardWidgets.label(page, Messages.ReplicationPage_linkTimeout);
        linkTimeout = WizardWidgets.text(page, NewPairWizard.LINK_TIMEOUT_WIDGET, 1);
        GridDataFactory.swtDefaults().hint(80, SWT.DEFAULT).applyTo(linkTimeout);
        WizardWidgets.label(page, Messages.ReplicationPage_resyncRate);
        resyncRate = WizardWidgets.text(page, NewPairWizard.RESYNC_RATE_WIDGET, 1);
        GridDataFactory.swtDefaults().hint(80, SWT.DEFAULT).applyTo(resyncRate);

        boolean isAsync = defaults.mode() == ReplicationMode.ASYNCHRONOUS;
        async.setSelection(isAsync);
        sync.setSelection(!isAsync);
        window.setText(Long.toString(defaults.inFlightWindowBytes() >> 20));
        chunkSize.select(Math.max(0, Integer.numberOfTrailingZeros(defaults.chunkSize()) - 12));
        linkTimeout.setText(Long.toString(defaults.linkTimeout().toSeconds()));
        resyncRate.setText(Long.toString(defaults.resyncBytesPerSecond() >> 20));

        async.addListener(SWT.Selection, event -> modeChanged());
        sync.addListener(SWT.Selection, event -> modeChanged());
        window.addModifyListener(event -> edited());
        chunkSize.addModifyListener(event -> edited());
        linkTimeout.addModifyListener(event -> edited());
        resyncRate.addModifyListener(event -> edited());
        setControl(page);
        window.setEnabled(isAsync);
    }

    private void modeChanged() {
        window.setEnabled(async.getSelection());
        edited();
    }

    /** @return the mode chosen */
    ReplicationMode mode() {
        if (sync != null) {
            return sync.getSelection() ? ReplicationMode.SYNCHRONOUS : ReplicationMode.ASYNCHRONOUS;
        }
        return defaults.mode();
    }

    /** @return the in-flight window in bytes, or -1 if it does not parse */
    long windowBytes() {
        if (window == null) {
            return defaults.inFlightWindowBytes();
        }
        try {
            long mib = Long.parseLong(window.getText().strip());
            return mib >= 0 && mib < (1L << 40) ? mib << 20 : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** @return the chunk size in bytes */
    int chunkSize() {
        return chunkSize == null ? defaults.chunkSize() : 4096 << Math.max(0, chunkSize.getSelectionIndex());
    }

    /** @return the link timeout, or a zero duration if it does not parse */
    Duration linkTimeout() {
        if (linkTimeout == null) {
            return defaults.linkTimeout();
        }
        try {
            return Duration.ofSeconds(Long.parseLong(linkTimeout.getText().strip()));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    /** @return the resync rate limit in bytes a second (0 for none), or -1 if it does not parse */
    long resyncBytesPerSecond() {
        if (resyncRate == null) {
            return defaults.resyncBytesPerSecond();
        }
        try {
            double mebibytes = Double.parseDouble(resyncRate.getText().strip());
            return mebibytes >= 0 && mebibytes < 1e9 ? Math.round(mebibytes * (1 << 20)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    Optional<String> inputProblem() {
        if (async.getSelection() && windowBytes() < 0) {
            return Optional.of(Messages.ReplicationPage_windowInvalid);
        }
        if (linkTimeout() == Duration.ZERO && !linkTimeout.getText().strip().equals("0")) { //$NON-NLS-1$
            return Optional.of(Messages.ReplicationPage_linkTimeoutInvalid);
        }
        if (resyncBytesPerSecond() < 0) {
            return Optional.of(Messages.ReplicationPage_resyncRateInvalid);
        }
        return Optional.empty();
    }
}
