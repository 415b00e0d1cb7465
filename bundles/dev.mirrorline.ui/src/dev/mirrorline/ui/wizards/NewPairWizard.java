package dev.mirrorline.ui.wizards;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.wizard.IWizardPage;
import org.eclipse.jface.wizard.Wizard;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.INewWizard;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.PairSpec;
import dev.mirrorline.ui.node.ConsoleNode;
import dev.mirrorline.ui.preferences.EnginePreferences;

/**
 * File &gt; New Pair…: asks for the name and the primary volume, the secondary (a local volume or
 * a remote agent) and the replication settings, starting from the engine defaults of the
 * preferences. Every change is checked by the embedded node ({@link MirrorlineNode#problemWith});
 * Finish stays disabled until it finds nothing wrong, then a Job creates the pair.
 */
public final class NewPairWizard extends Wizard implements INewWizard {

    /** The wizard's id, as declared in plugin.xml. */
    public static final String ID = "dev.mirrorline.ui.wizards.newPair"; //$NON-NLS-1$
    /** The data key that names the wizard's widgets for tests. */
    public static final String WIDGET_KEY = "mirrorline.widget"; //$NON-NLS-1$
    /** The pair's name. */
    public static final String NAME_WIDGET = "name"; //$NON-NLS-1$
    /** Radio: the primary is an existing image or device. */
    public static final String PRIMARY_EXISTING_WIDGET = "primary.existing"; //$NON-NLS-1$
    /** Radio: the primary is a new image. */
    public static final String PRIMARY_NEW_WIDGET = "primary.new"; //$NON-NLS-1$
    /** The primary's path. */
    public static final String PRIMARY_PATH_WIDGET = "primary.path"; //$NON-NLS-1$
    /** The size of a new primary image. */
    public static final String PRIMARY_SIZE_WIDGET = "primary.size"; //$NON-NLS-1$
    /** The unit of that size (MiB, GiB). */
    public static final String PRIMARY_SIZE_UNIT_WIDGET = "primary.sizeUnit"; //$NON-NLS-1$
    /** Radio: the secondary is a volume on this machine. */
    public static final String SECONDARY_LOCAL_WIDGET = "secondary.local"; //$NON-NLS-1$
    /** Radio: the secondary is an existing local image or device. */
    public static final String SECONDARY_EXISTING_WIDGET = "secondary.existing"; //$NON-NLS-1$
    /** Radio: the secondary is a new local image. */
    public static final String SECONDARY_NEW_WIDGET = "secondary.new"; //$NON-NLS-1$
    /** The local secondary's path. */
    public static final String SECONDARY_PATH_WIDGET = "secondary.path"; //$NON-NLS-1$
    /** Radio: the secondary is served by a remote agent. */
    public static final String SECONDARY_REMOTE_WIDGET = "secondary.remote"; //$NON-NLS-1$
    /** The remote agent's host. */
    public static final String REMOTE_HOST_WIDGET = "remote.host"; //$NON-NLS-1$
    /** The remote agent's port. */
    public static final String REMOTE_PORT_WIDGET = "remote.port"; //$NON-NLS-1$
    /** The remote agent's certificate fingerprint, as the probe found it (read-only). */
    public static final String REMOTE_FINGERPRINT_WIDGET = "remote.fingerprint"; //$NON-NLS-1$
    /** This console's certificate fingerprint, for the agent to pin (read-only). */
    public static final String CONSOLE_FINGERPRINT_WIDGET = "console.fingerprint"; //$NON-NLS-1$
    /** Check box: the administrator confirms the agent's fingerprint. */
    public static final String REMOTE_CONFIRM_WIDGET = "remote.confirm"; //$NON-NLS-1$
    /** Radio: asynchronous replication. */
    public static final String MODE_ASYNC_WIDGET = "mode.async"; //$NON-NLS-1$
    /** Radio: synchronous replication. */
    public static final String MODE_SYNC_WIDGET = "mode.sync"; //$NON-NLS-1$
    /** The in-flight window in MiB. */
    public static final String WINDOW_WIDGET = "window"; //$NON-NLS-1$
    /** The chunk size (combo). */
    public static final String CHUNK_SIZE_WIDGET = "chunkSize"; //$NON-NLS-1$
    /** The link timeout in seconds. */
    public static final String LINK_TIMEOUT_WIDGET = "linkTimeout"; //$NON-NLS-1$
    /** The resync rate limit in MiB/s. */
    public static final String RESYNC_RATE_WIDGET = "resyncRate"; //$NON-NLS-1$

    /** How long a probe of a remote agent waits for it. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final PrimaryVolumePage primaryPage;
    private final SecondaryPage secondaryPage;
    private final ReplicationPage replicationPage;

    /** Creates the wizard with the engine defaults of the preferences. */
    public NewPairWizard() {
        setWindowTitle(Messages.NewPair_title);
        primaryPage = new PrimaryVolumePage(this);
        secondaryPage = new SecondaryPage(this);
        replicationPage = new ReplicationPage(this, EnginePreferences.current());
    }

    @Override
    public void init(IWorkbench workbench, IStructuredSelection selection) {
        // nothing to take from the selection: a pair is made of volumes, not of workspace resources
    }

    @Override
    public void addPages() {
        addPage(primaryPage);
        addPage(secondaryPage);
        addPage(replicationPage);
        ConsoleNode.get().whenComplete((node, failure) -> Display.getDefault().asyncExec(this::changed));
    }

    /** @return the running node, or empty while it starts or if it failed (see {@link #nodeProblem}) */
    Optional<MirrorlineNode> node() {
        CompletableFuture<MirrorlineNode> node = ConsoleNode.get();
        try {
            return Optional.ofNullable(node.getNow(null));
        } catch (CompletionException e) {
            return Optional.empty();
        }
    }

    /** @return why there is no node to ask, in words */
    static String nodeProblem() {
        return ConsoleNode.get().isCompletedExceptionally() ? Messages.NewPair_engineFailed
                : Messages.NewPair_engineStarting;
    }

    /**
     * @param text a path as typed
     * @return the path, or null if the text is not a path on this system
     */
    static Path path(String text) {
        try {
            return Path.of(text.strip());
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** @return the settings as the pages hold them now (values that do not parse are left invalid) */
    PairSpec spec() {
        return new PairSpec(primaryPage.pairName(), primaryPage.primaryImage(), primaryPage.createBytes(),
                secondaryPage.secondary(), replicationPage.mode(), replicationPage.windowBytes(),
                replicationPage.chunkSize(), replicationPage.linkTimeout(), replicationPage.resyncBytesPerSecond());
    }

    /** @return the pair's name as typed */
    String pairName() {
        return primaryPage.pairName();
    }

    /** @return the primary's path as typed, or null */
    Path primaryImage() {
        return primaryPage.primaryImage();
    }

    /** Checks every page again after a change on one of them, and updates the buttons. */
    void changed() {
        if (getShell() == null || getShell().isDisposed()) {
            return; // the node finished starting after the wizard was closed
        }
        for (IWizardPage page : getPages()) {
            if (page instanceof PairSettingsPage settings) {
                settings.validate();
            }
        }
        if (getContainer() != null && getContainer().getCurrentPage() != null) {
            getContainer().updateButtons();
        }
    }

    @Override
    public boolean canFinish() {
        return super.canFinish() && node().map(node -> node.problemWith(spec()).isEmpty()).orElse(false);
    }

    @Override
    public boolean performFinish() {
        MirrorlineNode node = node().orElse(null);
        if (node == null) {
            return false;
        }
        PairSpec spec = spec();
        Job job = Job.create(NLS.bind(Messages.NewPair_job, spec.name()), (IProgressMonitor monitor) -> {
            monitor.beginTask(NLS.bind(Messages.NewPair_job, spec.name()), IProgressMonitor.UNKNOWN);
            try {
                node.createPair(spec);
                return Status.OK_STATUS;
            } catch (IOException | RuntimeException e) {
                ConsoleNode.log(IStatus.ERROR, "The pair " + spec.name() + " could not be created: " //$NON-NLS-1$ //$NON-NLS-2$
                        + e.getMessage(), e);
                Display.getDefault().asyncExec(() -> MessageDialog.openError(activeShell(), Messages.NewPair_title,
                        NLS.bind(Messages.NewPair_failed, spec.name(), e.getMessage())));
                // reported above, in the Error Log and a dialog that says what to do
                return Status.OK_STATUS;
            } finally {
                monitor.done();
            }
        });
        job.setUser(true);
        job.schedule();
        return true;
    }

    private static Shell activeShell() {
        Shell active = Display.getDefault().getActiveShell();
        if (active != null) {
            return active;
        }
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        return window != null ? window.getShell() : null;
    }
}
