package dev.mirrorline.ui.pairs;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.part.ViewPart;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairSpec;
import dev.mirrorline.node.PairState;
import dev.mirrorline.node.PairStatus;
import dev.mirrorline.ui.Messages;
import dev.mirrorline.ui.node.ConsoleNode;

/**
 * Every replication pair of the embedded engine with its roles, state, lag, snapshot size and
 * resync progress, refreshed twice a second on the UI thread from the pairs' status (cheap reads of
 * counters; nothing here waits for the engine). The toolbar and the context menu act on the
 * selected pair: interrupt and restore its link, verify it, start and stop the write load.
 */
public final class PairsView extends ViewPart {

    /** The view's id, as declared in plugin.xml. */
    public static final String ID = "dev.mirrorline.ui.pairsView"; //$NON-NLS-1$

    private static final int REFRESH_MILLIS = 500;

    /** The columns, in display order, with their header texts and initial widths. */
    public enum Column {
        NAME(Messages.PairsView_column_name, 110),
        PRIMARY(Messages.PairsView_column_primary, 200),
        SECONDARY(Messages.PairsView_column_secondary, 200),
        MODE(Messages.PairsView_column_mode, 70),
        STATE(Messages.PairsView_column_state, 110),
        LAG(Messages.PairsView_column_lag, 70),
        UNACKNOWLEDGED(Messages.PairsView_column_unacknowledged, 120),
        SNAPSHOT(Messages.PairsView_column_snapshot, 90),
        RESYNC(Messages.PairsView_column_resync, 80);

        private final String header;
        private final int width;

        Column(String header, int width) {
            this.header = header;
            this.width = width;
        }

        /** @return the column's header text */
        public String header() {
            return header;
        }
    }

    private TableViewer viewer;
    private final Map<Pair, PairStatus> statuses = new HashMap<>();
    private final Runnable refresher = this::refresh;
    private Action interrupt;
    private Action restore;
    private Action verify;
    private Action startLoad;
    private Action stopLoad;

    @Override
    public void createPartControl(Composite parent) {
        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.SINGLE | SWT.H_SCROLL | SWT.V_SCROLL | SWT.BORDER);
        Table table = viewer.getTable();
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (Column column : Column.values()) {
            TableViewerColumn viewerColumn = new TableViewerColumn(viewer, SWT.LEFT);
            viewerColumn.getColumn().setText(column.header());
            viewerColumn.getColumn().setWidth(column.width);
            viewerColumn.getColumn().setMoveable(true);
            viewerColumn.setLabelProvider(new ColumnLabelProvider() {
                @Override
                public String getText(Object element) {
                    return text(column, (Pair) element);
                }

                @Override
                public Color getForeground(Object element) {
                    return column == Column.STATE ? stateColour((Pair) element) : null;
                }
            });
        }
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(List.of());
        viewer.addSelectionChangedListener(event -> updateActions());
        getSite().setSelectionProvider(viewer);
        createActions();
        Display.getCurrent().timerExec(REFRESH_MILLIS, refresher);
    }

    private void createActions() {
        interrupt = new Action(Messages.PairsView_interrupt) {
            @Override
            public void run() {
                act(pair -> pair.interruptLink());
            }
        };
        interrupt.setToolTipText(Messages.PairsView_interrupt_tooltip);
        restore = new Action(Messages.PairsView_restore) {
            @Override
            public void run() {
                act(Pair::restoreLink);
            }
        };
        restore.setToolTipText(Messages.PairsView_restore_tooltip);
        verify = new Action(Messages.PairsView_verify) {
            @Override
            public void run() {
                Pair pair = selected();
                if (pair != null) {
                    verify(pair);
                }
            }
        };
        verify.setToolTipText(Messages.PairsView_verify_tooltip);
        startLoad = new Action(Messages.PairsView_startLoad) {
            @Override
            public void run() {
                act(Pair::startLoad);
            }
        };
        stopLoad = new Action(Messages.PairsView_stopLoad) {
            @Override
            public void run() {
                act(Pair::stopLoad);
            }
        };
        IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
        MenuManager context = new MenuManager();
        for (Action action : new Action[] { interrupt, restore, verify, startLoad, stopLoad }) {
            toolbar.add(action);
            context.add(action);
        }
        IMenuManager menu = getViewSite().getActionBars().getMenuManager();
        menu.add(startLoad);
        menu.add(stopLoad);
        viewer.getControl().setMenu(context.createContextMenu(viewer.getControl()));
        updateActions();
    }

    /** Something to do to a pair, which may fail. */
    @FunctionalInterface
    private interface PairAction {
        void run(Pair pair) throws Exception;
    }

    private void act(PairAction action) {
        Pair pair = selected();
        if (pair == null) {
            return;
        }
        try {
            action.run(pair);
        } catch (Exception e) {
            ConsoleNode.log(IStatus.ERROR, pair.name() + ": " + e.getMessage(), e); //$NON-NLS-1$
            MessageDialog.openError(getSite().getShell(), Messages.PairsView_failed_title,
                    pair.name() + ": " + e.getMessage()); //$NON-NLS-1$
        }
        refresh();
    }

    private void verify(Pair pair) {
        Job job = Job.create(Messages.PairsView_verify_job + " " + pair.name(), monitor -> { //$NON-NLS-1$
            long total = 2 * pair.sizeBytes();
            monitor.beginTask(Messages.PairsView_verify_job + " " + pair.name(), 1000); //$NON-NLS-1$
            long[] worked = { 0 };
            try {
                Pair.VerifyResult result = pair.verify(bytes -> {
                    int now = (int) (bytes * 1000 / Math.max(1, total));
                    if (now > worked[0]) {
                        monitor.worked((int) (now - worked[0]));
                        worked[0] = now;
                    }
                }, monitor::isCanceled);
                if (result == null) {
                    return Status.CANCEL_STATUS;
                }
                report(pair, result);
                return Status.OK_STATUS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Status.CANCEL_STATUS;
            } catch (IOException e) {
                return new Status(IStatus.ERROR, "dev.mirrorline.ui", //$NON-NLS-1$
                        Messages.PairsView_verify_failed + " " + e.getMessage(), e); //$NON-NLS-1$
            } finally {
                monitor.done();
            }
        });
        job.setUser(true);
        job.schedule();
    }

    private void report(Pair pair, Pair.VerifyResult result) {
        Display display = viewer.getControl().getDisplay();
        display.asyncExec(() -> {
            if (viewer.getControl().isDisposed()) {
                return;
            }
            String text = String.format(Locale.ROOT, result.equal() ? Messages.PairsView_verify_equal
                    : Messages.PairsView_verify_different, pair.name(), result.primarySha256(),
                    result.secondarySha256());
            if (result.equal()) {
                MessageDialog.openInformation(getSite().getShell(), Messages.PairsView_verify_title, text);
            } else {
                MessageDialog.openWarning(getSite().getShell(), Messages.PairsView_verify_title, text);
            }
        });
    }

    private Pair selected() {
        Object element = ((IStructuredSelection) viewer.getSelection()).getFirstElement();
        return element instanceof Pair pair ? pair : null;
    }

    private void updateActions() {
        Pair pair = selected();
        PairStatus status = pair == null ? null : statuses.get(pair);
        boolean held = status != null && status.state() == PairState.INTERRUPTED;
        interrupt.setEnabled(status != null && !held);
        restore.setEnabled(status != null && (held || status.state() == PairState.REFUSED));
        verify.setEnabled(status != null && pair.spec().secondary() instanceof PairSpec.LocalSecondary);
        startLoad.setEnabled(status != null && !status.loadRunning());
        stopLoad.setEnabled(status != null && status.loadRunning());
    }

    private void refresh() {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        CompletableFuture<MirrorlineNode> node = ConsoleNode.get();
        if (node.isDone() && !node.isCompletedExceptionally()) {
            List<Pair> pairs = node.join().pairs();
            statuses.keySet().retainAll(pairs);
            for (Pair pair : pairs) {
                statuses.put(pair, pair.status());
            }
            if (!pairs.equals(viewer.getInput())) {
                viewer.setInput(pairs);
            } else {
                viewer.refresh(true);
            }
            updateActions();
        }
        viewer.getControl().getDisplay().timerExec(REFRESH_MILLIS, refresher);
    }

    private String text(Column column, Pair pair) {
        PairStatus status = statuses.get(pair);
        return switch (column) {
            case NAME -> pair.name();
            case PRIMARY -> pair.spec().primaryImage().toString();
            case SECONDARY -> pair.secondaryDescription();
            case MODE -> pair.spec().mode().name().toLowerCase(Locale.ROOT);
            case STATE -> status == null ? "" : status.state().name(); //$NON-NLS-1$
            case LAG -> status == null ? "" : String.format(Locale.ROOT, "%.1f s", //$NON-NLS-1$ //$NON-NLS-2$
                    status.lag().toMillis() / 1000.0);
            case UNACKNOWLEDGED -> status == null ? "" : bytes(status.unacknowledgedBytes()) //$NON-NLS-1$
                    + " (" + status.unacknowledgedUpdates() + ")"; //$NON-NLS-1$ //$NON-NLS-2$
            case SNAPSHOT -> status == null || status.outageSince() == null ? "" //$NON-NLS-1$
                    : bytes(status.snapshotBytes());
            case RESYNC -> status == null || status.resyncProgress() < 0 ? "" //$NON-NLS-1$
                    : String.format(Locale.ROOT, "%.0f%%", status.resyncProgress() * 100); //$NON-NLS-1$
        };
    }

    private Color stateColour(Pair pair) {
        PairStatus status = statuses.get(pair);
        if (status == null) {
            return null;
        }
        Display display = viewer.getControl().getDisplay();
        return switch (status.state()) {
            case CONSISTENT -> display.getSystemColor(SWT.COLOR_DARK_GREEN);
            case INTERRUPTED, REFUSED -> display.getSystemColor(SWT.COLOR_RED);
            case RESYNCING, CONNECTING -> display.getSystemColor(SWT.COLOR_DARK_YELLOW);
            case STOPPED -> display.getSystemColor(SWT.COLOR_DARK_GRAY);
        };
    }

    private static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B"; //$NON-NLS-1$
        }
        if (bytes < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0); //$NON-NLS-1$
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0); //$NON-NLS-1$
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        if (viewer != null && !viewer.getControl().isDisposed()) {
            viewer.getControl().getDisplay().timerExec(-1, refresher);
        }
        super.dispose();
    }
}
