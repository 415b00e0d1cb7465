package dev.mirrorline.ui.pairs;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.contexts.IContextService;
import org.eclipse.ui.part.ViewPart;
import org.eclipse.ui.views.properties.IPropertySheetPage;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairStatus;
import dev.mirrorline.ui.Messages;
import dev.mirrorline.ui.node.ConsoleNode;
import dev.mirrorline.ui.pairs.commands.PairCommandEnablement;
import dev.mirrorline.ui.pairs.commands.PairCommands;
import dev.mirrorline.ui.pairs.properties.LivePropertySheetPage;
import dev.mirrorline.ui.pairs.properties.PairProperty;

/**
 * Every replication pair of the embedded engine with its roles, state, lag, snapshot size and
 * resync progress, refreshed twice a second on the UI thread from the pairs' status (cheap reads of
 * counters; nothing here waits for the engine). The view provides the table, its selection (which
 * also feeds the Properties view) and a context menu; the commands of
 * {@link dev.mirrorline.ui.pairs.commands} act on the selected pair from the toolbar, the context
 * menu and their key bindings, which apply while this view is active.
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
        RESYNC(Messages.PairsView_column_resync, 80),
        /** Which volume is the primary now, and whether a role change is under way. */
        ROLES(Messages.PairsView_column_roles, 220);

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
    private PairStateIcons stateIcons;
    private final Map<Pair, PairStatus> statuses = new HashMap<>();
    private final Runnable refresher = this::refresh;
    private final PairCommandEnablement commandEnablement = new PairCommandEnablement();

    @Override
    public void createPartControl(Composite parent) {
        stateIcons = new PairStateIcons(parent.getDisplay());
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

                @Override
                public Image getImage(Object element) {
                    PairStatus status = statuses.get(element);
                    return column == Column.STATE && status != null ? stateIcons.of(status.state()) : null;
                }
            });
        }
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(List.of());
        getSite().setSelectionProvider(viewer);
        MenuManager contextMenu = new MenuManager();
        contextMenu.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        viewer.getControl().setMenu(contextMenu.createContextMenu(viewer.getControl()));
        getSite().registerContextMenu(contextMenu, viewer); // the commands are contributed in plugin.xml
        getSite().getService(IContextService.class).activateContext(PairCommands.PAIRS_VIEW_CONTEXT);
        Display.getCurrent().timerExec(REFRESH_MILLIS, refresher);
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
            commandEnablement.update(pairs);
        }
        viewer.getControl().getDisplay().timerExec(REFRESH_MILLIS, refresher);
    }

    private String text(Column column, Pair pair) {
        PairStatus status = statuses.get(pair);
        return switch (column) {
            case NAME -> pair.name();
            case PRIMARY -> pair.primaryDescription(); // the primary now: a switchover reverses the pair
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
            case ROLES -> PairProperty.rolesText(pair);
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
    public <T> T getAdapter(Class<T> adapter) {
        if (adapter == IPropertySheetPage.class) {
            return adapter.cast(new LivePropertySheetPage());
        }
        return super.getAdapter(adapter);
    }

    /**
     * Selects a pair's row (as the Timeline does for the pair of the item clicked there), unless
     * it is selected already.
     *
     * @param pairName the pair
     */
    public void select(String pairName) {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        Object selected = viewer.getStructuredSelection().getFirstElement();
        if (selected instanceof Pair pair && pair.name().equals(pairName)) {
            return;
        }
        for (Object element : (List<?>) viewer.getInput()) {
            if (element instanceof Pair pair && pair.name().equals(pairName)) {
                viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(pair), true);
                return;
            }
        }
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
        if (stateIcons != null) {
            stateIcons.dispose();
        }
        super.dispose();
    }
}
