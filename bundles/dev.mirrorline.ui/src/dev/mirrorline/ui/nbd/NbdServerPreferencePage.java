package dev.mirrorline.ui.nbd;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.NbdExportServer;
import dev.mirrorline.ui.node.ConsoleNode;

/**
 * Window &gt; Preferences &gt; Mirrorline &gt; NBD Server: the address the node's NBD server listens
 * on. It is the node's setting (kept in its state directory, like whether the server runs), not a
 * workspace preference: the page reads it from the node, checks what is typed as it is typed, and on
 * OK or Apply moves the server in a job (a failure keeps the old address and says why).
 */
public final class NbdServerPreferencePage extends PreferencePage implements IWorkbenchPreferencePage {

    /** The page's id, as declared in plugin.xml. */
    public static final String ID = "dev.mirrorline.ui.preferences.nbd"; //$NON-NLS-1$
    /** The data key that names this page's widgets for tests. */
    public static final String WIDGET_KEY = "mirrorline.widget"; //$NON-NLS-1$
    /** The listen address's text field. */
    public static final String ADDRESS_WIDGET = "nbdAddress"; //$NON-NLS-1$

    private Text address;
    private NbdExportServer server;

    @Override
    public void init(IWorkbench workbench) {
        setDescription(Messages.NbdPreferences_description);
        CompletableFuture<MirrorlineNode> node = ConsoleNode.get();
        if (node.isDone() && !node.isCompletedExceptionally()) {
            server = node.join().nbdExports();
        }
    }

    @Override
    protected Control createContents(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(page);
        new Label(page, SWT.NONE).setText(Messages.NbdPreferences_address);
        address = new Text(page, SWT.SINGLE | SWT.BORDER);
        address.setData(WIDGET_KEY, ADDRESS_WIDGET);
        GridDataFactory.fillDefaults().grab(true, false).hint(220, SWT.DEFAULT).applyTo(address);
        Label note = new Label(page, SWT.WRAP);
        note.setText(Messages.NbdPreferences_address_note);
        GridDataFactory.fillDefaults().span(2, 1).hint(400, SWT.DEFAULT).grab(true, false).applyTo(note);
        Label current = new Label(page, SWT.WRAP);
        GridDataFactory.fillDefaults().span(2, 1).hint(400, SWT.DEFAULT).grab(true, false).applyTo(current);
        if (server == null) {
            address.setEnabled(false);
            current.setText(Messages.NbdPreferences_notRunning);
        } else {
            address.setText(NbdExportServer.format(server.configuredAddress()));
            current.setText(NLS.bind(Messages.NbdPreferences_current, server.listeningAddress()
                    .map(listening -> NLS.bind(Messages.NbdExportsView_running, new Object[] {
                            NbdExportServer.format(listening), Integer.toString(server.exports().size()),
                            NbdExportsView.clients(server.clients().size()) }))
                    .orElseGet(() -> server.problem().map(problem -> NLS.bind(Messages.NbdExportsView_problem, problem))
                            .orElse(NLS.bind(Messages.NbdExportsView_stopped,
                                    NbdExportServer.format(server.configuredAddress()))))));
        }
        address.addModifyListener(event -> validate());
        return page;
    }

    private InetSocketAddress validate() {
        try {
            InetSocketAddress parsed = NbdExportServer.parseAddress(address.getText());
            setErrorMessage(null);
            setValid(true);
            return parsed;
        } catch (IllegalArgumentException e) {
            setErrorMessage(e.getMessage());
            setValid(false);
            return null;
        }
    }

    @Override
    protected void performDefaults() {
        if (server != null) {
            address.setText(NbdExportServer.format(NbdExportServer.DEFAULT_ADDRESS));
        }
        super.performDefaults();
    }

    @Override
    public boolean performOk() {
        if (server == null) {
            return true;
        }
        InetSocketAddress wanted = validate();
        if (wanted == null) {
            return false;
        }
        if (!wanted.equals(server.configuredAddress())) {
            Shell shell = getShell().getParent() instanceof Shell parent ? parent : getShell();
            ExportServerJob.schedule(NLS.bind(Messages.NbdExports_address_job, NbdExportServer.format(wanted)),
                    Messages.NbdExports_advice_address, shell, nbd -> nbd.setAddress(wanted));
        }
        return true;
    }
}
