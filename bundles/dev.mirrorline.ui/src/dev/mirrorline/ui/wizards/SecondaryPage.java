package dev.mirrorline.ui.wizards;

import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Text;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.PairSpec;
import dev.mirrorline.node.RemoteProbe;

/**
 * The New Pair wizard's second page: the secondary, either a volume on this machine (existing or
 * new image) served by the embedded engine, or a remote agent at host:port. A remote agent is
 * probed off the UI thread a moment after its address is typed; its certificate fingerprint is
 * shown and must be confirmed, because the pair pins it.
 */
final class SecondaryPage extends PairSettingsPage {

    /** How long typing must pause before the agent is probed. */
    private static final int PROBE_DELAY_MILLIS = 400;

    private Button local;
    private Button existing;
    private Button create;
    private Text path;
    private Button browse;
    private Button remote;
    private Text host;
    private Text port;
    private Text fingerprint;
    private Button confirm;
    private Text thisNode;
    private final Runnable probeLater = this::startProbe;
    /** The host:port the probe running or finished was for, or null. */
    private String probedAddress;
    /** What it found; null while it runs. */
    private RemoteProbe probe;
    /** Whether the user changed the secondary's path, which then is no longer suggested. */
    private boolean pathChosen;

    SecondaryPage(NewPairWizard wizard) {
        super(wizard, "secondary", PairSpec.Part.SECONDARY, Messages.SecondaryPage_title, //$NON-NLS-1$
                Messages.SecondaryPage_description);
    }

    @Override
    public void createControl(Composite parent) {
        Composite page = new Composite(parent, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(3).applyTo(page);

        local = WizardWidgets.radio(page, Messages.SecondaryPage_local, NewPairWizard.SECONDARY_LOCAL_WIDGET, 3);
        local.setSelection(true);
        Composite kind = new Composite(page, SWT.NONE); // a radio group of its own
        GridLayoutFactory.fillDefaults().applyTo(kind);
        GridDataFactory.fillDefaults().span(3, 1).indent(20, 0).applyTo(kind);
        existing = WizardWidgets.radio(kind, Messages.SecondaryPage_existing, NewPairWizard.SECONDARY_EXISTING_WIDGET,
                1);
        create = WizardWidgets.radio(kind, Messages.SecondaryPage_new, NewPairWizard.SECONDARY_NEW_WIDGET, 1);
        create.setSelection(true);
        WizardWidgets.indentedLabel(page, Messages.SecondaryPage_path);
        path = WizardWidgets.text(page, NewPairWizard.SECONDARY_PATH_WIDGET, 1);
        browse = WizardWidgets.push(page, Messages.Wizard_browse, "secondary.browse"); //$NON-NLS-1$

        remote = WizardWidgets.radio(page, Messages.SecondaryPage_remote, NewPairWizard.SECONDARY_REMOTE_WIDGET, 3);
        GridDataFactory.swtDefaults().span(3, 1).indent(0, 8).applyTo(remote);
        WizardWidgets.indentedLabel(page, Messages.SecondaryPage_host);
        host = WizardWidgets.text(page, NewPairWizard.REMOTE_HOST_WIDGET, 2);
        WizardWidgets.indentedLabel(page, Messages.SecondaryPage_port);
        port = WizardWidgets.text(page, NewPairWizard.REMOTE_PORT_WIDGET, 2);
        WizardWidgets.indentedLabel(page, Messages.SecondaryPage_fingerprint);
        fingerprint = new Text(page, SWT.READ_ONLY | SWT.BORDER | SWT.WRAP | SWT.MULTI);
        fingerprint.setData(NewPairWizard.WIDGET_KEY, NewPairWizard.REMOTE_FINGERPRINT_WIDGET);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1)
                .hint(WizardWidgets.TEXT_WIDTH, 2 * fingerprint.getLineHeight()).applyTo(fingerprint);
        confirm = new Button(page, SWT.CHECK);
        confirm.setText(Messages.SecondaryPage_confirm);
        confirm.setData(NewPairWizard.WIDGET_KEY, NewPairWizard.REMOTE_CONFIRM_WIDGET);
        GridDataFactory.fillDefaults().span(3, 1).indent(20, 0).applyTo(confirm);
        WizardWidgets.indentedLabel(page, Messages.SecondaryPage_thisNode);
        thisNode = new Text(page, SWT.READ_ONLY | SWT.BORDER | SWT.WRAP | SWT.MULTI);
        thisNode.setData(NewPairWizard.WIDGET_KEY, NewPairWizard.CONSOLE_FINGERPRINT_WIDGET);
        GridDataFactory.fillDefaults().grab(true, false).span(2, 1)
                .hint(WizardWidgets.TEXT_WIDTH, 2 * thisNode.getLineHeight()).applyTo(thisNode);

        local.addListener(SWT.Selection, event -> kindChanged());
        remote.addListener(SWT.Selection, event -> kindChanged());
        existing.addListener(SWT.Selection, event -> edited());
        create.addListener(SWT.Selection, event -> edited());
        path.addModifyListener(event -> edited());
        path.addListener(SWT.KeyDown, event -> pathChosen = true);
        browse.addListener(SWT.Selection, event -> browse());
        host.addModifyListener(event -> addressChanged());
        port.addModifyListener(event -> addressChanged());
        confirm.addListener(SWT.Selection, event -> edited());

        setControl(page);
        showKind();
    }

    private void kindChanged() {
        showKind();
        if (remote.getSelection()) {
            addressChanged();
        } else {
            edited();
        }
    }

    /** Enables the fields of the kind of secondary chosen. */
    private void showKind() {
        boolean isLocal = local.getSelection();
        for (org.eclipse.swt.widgets.Control control : new org.eclipse.swt.widgets.Control[] { existing, create, path,
                browse }) {
            control.setEnabled(isLocal);
        }
        host.setEnabled(!isLocal);
        port.setEnabled(!isLocal);
        fingerprint.setEnabled(!isLocal);
        confirm.setEnabled(!isLocal && probe != null && probe.fingerprint() != null);
        thisNode.setEnabled(!isLocal);
        thisNode.setText(pairWizard().node().map(MirrorlineNode::fingerprint).orElse("")); //$NON-NLS-1$
    }

    private void browse() {
        FileDialog dialog = new FileDialog(getShell(), create.getSelection() ? SWT.SAVE : SWT.OPEN);
        dialog.setText(create.getSelection() ? Messages.SecondaryPage_browse_new
                : Messages.SecondaryPage_browse_existing);
        dialog.setOverwrite(false);
        Path current = NewPairWizard.path(path.getText());
        if (current != null && current.getParent() != null) {
            dialog.setFilterPath(current.getParent().toString());
        }
        String chosen = dialog.open();
        if (chosen != null) {
            pathChosen = true;
            path.setText(chosen);
        }
    }

    @Override
    public void setVisible(boolean visible) {
        if (visible && !pathChosen) {
            suggestPath();
        }
        if (visible) {
            thisNode.setText(pairWizard().node().map(MirrorlineNode::fingerprint).orElse("")); //$NON-NLS-1$
        }
        super.setVisible(visible);
    }

    /** Suggests a new image beside the primary, named after it, until the user chooses a path. */
    private void suggestPath() {
        Path primary = pairWizard().primaryImage();
        if (primary == null || primary.getFileName() == null || primary.toString().isBlank()) {
            return;
        }
        String file = primary.getFileName().toString();
        int dot = file.lastIndexOf('.');
        String suggested = dot > 0 ? file.substring(0, dot) + "-secondary" + file.substring(dot) //$NON-NLS-1$
                : file + "-secondary"; //$NON-NLS-1$
        create.setSelection(true);
        existing.setSelection(false);
        path.setText(primary.resolveSibling(suggested).toString());
    }

    /** Forgets the last probe and probes the new address after a pause in typing. */
    private void addressChanged() {
        Display display = getShell().getDisplay();
        display.timerExec(-1, probeLater);
        probe = null;
        probedAddress = null;
        fingerprint.setText(""); //$NON-NLS-1$
        confirm.setSelection(false);
        confirm.setEnabled(false);
        if (remote.getSelection() && address().isPresent()) {
            probedAddress = address().get();
            display.timerExec(PROBE_DELAY_MILLIS, probeLater);
        }
        edited();
    }

    /** @return host:port if both are typed and the port is a port number */
    private Optional<String> address() {
        int number = portNumber();
        return host.getText().isBlank() || number < 1 || number > 65535 ? Optional.empty()
                : Optional.of(host.getText().strip() + ":" + number); //$NON-NLS-1$
    }

    private int portNumber() {
        try {
            return Integer.parseInt(port.getText().strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void startProbe() {
        MirrorlineNode node = pairWizard().node().orElse(null);
        String address = probedAddress;
        if (node == null || address == null || getControl().isDisposed()) {
            return;
        }
        String probeHost = host.getText().strip();
        int probePort = portNumber();
        Display display = getShell().getDisplay();
        Job job = Job.create(NLS.bind(Messages.SecondaryPage_checking, address), monitor -> {
            RemoteProbe result = node.probeRemote(probeHost, probePort, NewPairWizard.PROBE_TIMEOUT);
            display.asyncExec(() -> probed(address, result));
            return Status.OK_STATUS;
        });
        job.setSystem(true);
        job.schedule();
    }

    private void probed(String address, RemoteProbe result) {
        if (getControl().isDisposed() || !address.equals(probedAddress)) {
            return; // the address changed meanwhile: another probe follows
        }
        probe = result;
        fingerprint.setText(result.fingerprint() == null ? "" : result.fingerprint()); //$NON-NLS-1$
        confirm.setEnabled(result.fingerprint() != null);
        pairWizard().changed();
    }

    /** @return the secondary as the page holds it now */
    PairSpec.SecondaryLocation secondary() {
        if (remote != null && remote.getSelection()) {
            String confirmed = confirm.getSelection() && probe != null && probe.fingerprint() != null
                    ? probe.fingerprint() : ""; //$NON-NLS-1$
            return new PairSpec.RemoteSecondary(host.getText().strip(), Math.max(portNumber(), 0), confirmed);
        }
        Path image = path == null ? null : NewPairWizard.path(path.getText());
        return new PairSpec.LocalSecondary(image == null ? Path.of("") : image, //$NON-NLS-1$
                create != null && create.getSelection());
    }

    @Override
    Optional<String> inputProblem() {
        if (local.getSelection()) {
            return !path.getText().isBlank() && NewPairWizard.path(path.getText()) == null
                    ? Optional.of(Messages.Wizard_notAPath) : Optional.empty();
        }
        if (!host.getText().isBlank() && portNumber() < 0) {
            return Optional.of(Messages.SecondaryPage_portInvalid);
        }
        if (probe != null && probe.problem().isPresent()) {
            return probe.problem();
        }
        return Optional.empty();
    }

    @Override
    Optional<Message> pending() {
        if (local.getSelection()) {
            return Optional.empty();
        }
        if (probedAddress != null && probe == null) {
            return Optional.of(new Message(NLS.bind(Messages.SecondaryPage_checking, probedAddress),
                    IMessageProvider.INFORMATION, false));
        }
        if (probe != null && probe.fingerprint() != null && !confirm.getSelection()) {
            String agent = probe.nodeName() != null ? NLS.bind(Messages.SecondaryPage_agentNamed, probe.nodeName(),
                    probedAddress) : NLS.bind(Messages.SecondaryPage_agent, probedAddress);
            return Optional.of(new Message(NLS.bind(Messages.SecondaryPage_compare, agent),
                    IMessageProvider.INFORMATION, false));
        }
        return Optional.empty();
    }

    @Override
    Optional<Message> notice(MirrorlineNode node) {
        if (remote.getSelection() && probe != null && !probe.admitsThisNode()) {
            return Optional.of(new Message(NLS.bind(Messages.SecondaryPage_notPairedYet, probedAddress,
                    pairWizard().pairName()), IMessageProvider.WARNING, true));
        }
        if (pairWizard().spec().createPrimaryBytes() == 0) {
            // the node copies the whole primary to the secondary first, then replicates its writes
            return Optional.of(new Message(Messages.SecondaryPage_noInitialCopy, IMessageProvider.INFORMATION, true));
        }
        return Optional.empty();
    }
}
