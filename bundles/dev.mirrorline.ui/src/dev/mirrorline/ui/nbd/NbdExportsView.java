package dev.mirrorline.ui.nbd;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.jface.action.GroupMarker;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IElementComparer;
import org.eclipse.jface.viewers.ITreeContentProvider;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.viewers.TreeViewerColumn;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.ui.IWorkbenchActionConstants;
import org.eclipse.ui.part.ViewPart;

import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.NbdClientStatus;
import dev.mirrorline.node.NbdExportServer;
import dev.mirrorline.node.NbdExportStatus;
import dev.mirrorline.ui.node.ConsoleNode;
import dev.mirrorline.ui.ViewerUpdates;

/**
 * The NBD exports of the console's node: each export's name, pair, volume, size, access and
 * address ({@code nbd://HOST:PORT/NAME}, copied by Copy Address or Ctrl+C), with its connected
 * clients as child rows (where from, since when, requests, bytes), and a line that says whether the
 * server runs and where. Its toolbar starts and stops the server.
 *
 * <p>It reads the node's state on the UI thread, which is cheap (the node never holds a lock over
 * a start or stop while it is read): when the node says something changed (a client came or went,
 * the server started or stopped) and once a second for the clients' counters. Starting and stopping
 * run as jobs ({@link StartExportServerHandler}, {@link StopExportServerHandler}).
 */
public final class NbdExportsView extends ViewPart {

    /** The view's id, as declared in plugin.xml. */
    public static final String ID = "dev.mirrorline.ui.views.nbdExports"; //$NON-NLS-1$

    /** Data key that names the view's controls for tests: see the {@code *_WIDGET} values. */
    public static final String WIDGET_KEY = "dev.mirrorline.nbdExports.widget"; //$NON-NLS-1$
    /** {@link #WIDGET_KEY} value of the line that says whether the server runs. */
    public static final String SERVER_STATUS_WIDGET = "serverStatus"; //$NON-NLS-1$
    /** {@link #WIDGET_KEY} value of the tree of exports and clients. */
    public static final String TREE_WIDGET = "exports"; //$NON-NLS-1$

    /** How often the clients' counters are read again when nothing else changed. */
    private static final int REFRESH_MILLIS = 1000;

    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss") //$NON-NLS-1$
            .withZone(ZoneId.systemDefault());

    /** The tree's columns, in display order. */
    public enum Column {
        /** The export's name; a client's remote address. */
        EXPORT(Messages.NbdExportsView_column_export, 145),
        /** The export's pair. */
        PAIR(Messages.NbdExportsView_column_pair, 50),
        /** Primary or secondary. */
        VOLUME(Messages.NbdExportsView_column_volume, 78),
        /** The volume's size. */
        SIZE(Messages.NbdExportsView_column_size, 70),
        /** Writable or read-only. */
        ACCESS(Messages.NbdExportsView_column_access, 72),
        /** The export's URL. */
        ADDRESS(Messages.NbdExportsView_column_address, 262),
        /** How many clients; a client's requests and bytes. */
        CLIENTS(Messages.NbdExportsView_column_clients, 262),
        /** When a client connected. */
        SINCE(Messages.NbdExportsView_column_since, 65);

        private final String header;
        private final int width;

        Column(String header, int width) {
            this.header = header;
            this.width = width;
        }

        /** @return the header text */
        public String header() {
            return header;
        }
    }

    private final AtomicBoolean refreshScheduled = new AtomicBoolean();
    private final Runnable nodeChanged = this::scheduleRefresh;
    private final Runnable periodicRefresh = this::periodicRefresh;
    private Display display;
    private Label serverStatus;
    private TreeViewer viewer;
    private List<NbdExportStatus> exports = List.of();
    /** The exports that had clients at the last refresh: one that gets its first is expanded. */
    private final java.util.Set<String> withClients = new java.util.HashSet<>();
    private NbdExportServer listenedTo;
    /** A pair whose first export is to be selected once the node is attached (Show NBD Exports). */
    private String pairToSelect;
    /** Whether the server ran and which exports were stopped at the last refresh: the commands' enablement depends on them. */
    private List<Object> lastEnablementFacts;

    @Override
    public void createPartControl(Composite parent) {
        display = parent.getDisplay();
        GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
        serverStatus = new Label(parent, SWT.NONE);
        serverStatus.setData(WIDGET_KEY, SERVER_STATUS_WIDGET);
        serverStatus.setText(Messages.NbdExportsView_starting);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(serverStatus);

        viewer = new TreeViewer(parent, SWT.FULL_SELECTION | SWT.SINGLE | SWT.H_SCROLL | SWT.V_SCROLL | SWT.BORDER);
        Tree tree = viewer.getTree();
        tree.setData(WIDGET_KEY, TREE_WIDGET);
        tree.setHeaderVisible(true);
        tree.setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(tree);
        for (Column column : Column.values()) {
            TreeViewerColumn viewerColumn = new TreeViewerColumn(viewer, SWT.LEFT);
            viewerColumn.getColumn().setText(column.header());
            viewerColumn.getColumn().setWidth(column.width);
            viewerColumn.getColumn().setMoveable(true);
            viewerColumn.setLabelProvider(new ColumnLabelProvider() {
                @Override
                public String getText(Object element) {
                    return text(column, element);
                }

                @Override
                public org.eclipse.swt.graphics.Color getForeground(Object element) {
                    return element instanceof NbdExportStatus export && !export.served()
                            ? display.getSystemColor(SWT.COLOR_DARK_GRAY) : null;
                }
            });
        }
        viewer.setComparer(new ByIdentity());
        viewer.setContentProvider(new ExportsAndClients());
        viewer.setAutoExpandLevel(TreeViewer.ALL_LEVELS);
        viewer.setInput(this);
        getSite().setSelectionProvider(viewer);
        MenuManager contextMenu = new MenuManager();
        contextMenu.add(new GroupMarker(IWorkbenchActionConstants.MB_ADDITIONS));
        viewer.getControl().setMenu(contextMenu.createContextMenu(viewer.getControl()));
        getSite().registerContextMenu(contextMenu, viewer); // Copy Address is contributed in plugin.xml

        ConsoleNode.get().whenComplete((node, failure) -> onUiThread(() -> attach(node, failure)));
        display.timerExec(REFRESH_MILLIS, periodicRefresh);
    }

    private void attach(MirrorlineNode node, Throwable failure) {
        if (failure != null) {
            serverStatus.setText(Messages.NbdExportsView_engineFailed);
            return;
        }
        listenedTo = node.nbdExports();
        listenedTo.addChangeListener(nodeChanged);
        refresh();
    }

    /** Called on the node's threads: at most one refresh waits at any time. */
    private void scheduleRefresh() {
        if (refreshScheduled.compareAndSet(false, true)) {
            onUiThread(this::refresh);
        }
    }

    private void periodicRefresh() {
        if (viewer == null || viewer.getControl().isDisposed()) {
            return;
        }
        refresh();
        display.timerExec(REFRESH_MILLIS, periodicRefresh);
    }

    private void refresh() {
        refreshScheduled.set(false);
        if (listenedTo == null || viewer.getControl().isDisposed()) {
            return;
        }
        exports = listenedTo.exports();
        viewer.refresh(true);
        for (NbdExportStatus export : exports) {
            if (!export.clients().isEmpty() && withClients.add(export.name())) {
                viewer.expandToLevel(export, TreeViewer.ALL_LEVELS);
            } else if (export.clients().isEmpty()) {
                withClients.remove(export.name());
            }
        }
        selectPairWhenListed();
        serverStatus.setText(statusLine(listenedTo, exports));
        serverStatus.getParent().layout(new org.eclipse.swt.widgets.Control[] { serverStatus });
        List<Object> enablementFacts = List.of(listenedTo.isRunning(),
                exports.stream().filter(export -> !export.served()).map(NbdExportStatus::name).toList());
        if (!enablementFacts.equals(lastEnablementFacts)) {
            lastEnablementFacts = enablementFacts;
            ExportServerEnablement.requestEvaluation();
        }
    }

    private static String statusLine(NbdExportServer server, List<NbdExportStatus> exports) {
        if (server.isRunning()) {
            long clients = exports.stream().mapToLong(export -> export.clients().size()).sum();
            return NLS.bind(Messages.NbdExportsView_running, new Object[] {
                    NbdExportServer.format(server.listeningAddress().orElse(server.configuredAddress())),
                    Integer.toString(exports.size()), clients(clients) });
        }
        if (server.problem().isPresent()) {
            return NLS.bind(Messages.NbdExportsView_problem, server.problem().get());
        }
        return NLS.bind(Messages.NbdExportsView_stopped, NbdExportServer.format(server.configuredAddress()));
    }

    /**
     * @param count how many clients are connected
     * @return it in words: none, 1 client, 3 clients
     */
    static String clients(long count) {
        if (count == 0) {
            return Messages.NbdExportsView_noClients;
        }
        return count == 1 ? Messages.NbdExportsView_clientCount
                : NLS.bind(Messages.NbdExportsView_clientsCount, Long.toString(count));
    }

    private static String text(Column column, Object element) {
        if (element instanceof NbdExportStatus export) {
            return switch (column) {
                case EXPORT -> export.name();
                case PAIR -> export.pairName();
                case VOLUME -> export.role() == NbdExportStatus.Role.PRIMARY ? Messages.NbdExportsView_role_primary
                        : Messages.NbdExportsView_role_secondary;
                case SIZE -> bytes(export.sizeBytes());
                case ACCESS -> export.writable() ? Messages.NbdExportsView_writable : Messages.NbdExportsView_readOnly;
                case ADDRESS -> export.url();
                case CLIENTS -> export.served() ? clients(export.clients().size()) : Messages.NbdExportsView_notServed;
                case SINCE -> ""; //$NON-NLS-1$
            };
        }
        if (element instanceof NbdClientStatus client) {
            return switch (column) {
                case EXPORT -> client.remote();
                case ACCESS -> client.readOnly() ? Messages.NbdExportsView_readOnly : Messages.NbdExportsView_writable;
                case CLIENTS -> java.text.MessageFormat.format(Messages.NbdExportsView_client, client.requests(),
                        bytes(client.bytesRead()), bytes(client.bytesWritten()));
                case SINCE -> TIME_OF_DAY.format(client.connectedAt());
                default -> ""; //$NON-NLS-1$
            };
        }
        return ""; //$NON-NLS-1$
    }

    /**
     * @param bytes a size
     * @return it in words: {@code 512 B}, {@code 4.0 KiB}, {@code 64.0 MiB}, {@code 2.0 GiB}
     */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B"; //$NON-NLS-1$
        }
        if (bytes < 1 << 20) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0); //$NON-NLS-1$
        }
        if (bytes < 1L << 30) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0); //$NON-NLS-1$
        }
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30)); //$NON-NLS-1$
    }

    /**
     * Selects the first export of a pair (as the Pairs view's Show NBD Exports does).
     *
     * @param pairName the pair
     */
    public void selectPair(String pairName) {
        pairToSelect = pairName;
        refresh();
    }

    /** Selects the first export of {@link #pairToSelect} once it is listed. */
    private void selectPairWhenListed() {
        if (pairToSelect == null) {
            return;
        }
        String pairName = pairToSelect;
        exports.stream().filter(export -> export.pairName().equals(pairName)).findFirst().ifPresent(export -> {
            pairToSelect = null;
            viewer.setSelection(new StructuredSelection(export), true);
        });
    }

    /**
     * @param exportName an export's name
     * @return its address as the view shows it, or null if there is no such export
     */
    String urlOf(String exportName) {
        return exports.stream().filter(export -> export.name().equals(exportName)).map(NbdExportStatus::url)
                .findFirst().orElse(null);
    }

    private void onUiThread(Runnable action) {
        ViewerUpdates.whileShown(display, () -> viewer, action);
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        if (listenedTo != null) {
            listenedTo.removeChangeListener(nodeChanged);
        }
        if (display != null && !display.isDisposed()) {
            display.timerExec(-1, periodicRefresh);
        }
        super.dispose();
    }

    /** The exports at the top, each export's clients below it. */
    private final class ExportsAndClients implements ITreeContentProvider {
        @Override
        public Object[] getElements(Object input) {
            return exports.toArray();
        }

        @Override
        public Object[] getChildren(Object parent) {
            return parent instanceof NbdExportStatus export ? export.clients().toArray() : new Object[0];
        }

        @Override
        public Object getParent(Object element) {
            if (element instanceof NbdClientStatus client) {
                return exports.stream().filter(export -> export.name().equals(client.exportName())).findFirst()
                        .orElse(null);
            }
            return null;
        }

        @Override
        public boolean hasChildren(Object element) {
            return element instanceof NbdExportStatus export && !export.clients().isEmpty();
        }
    }

    /**
     * An export is the same row while its name is, a client while its connection is, however their
     * counters change: the selection and the expanded rows stay across refreshes.
     */
    private static final class ByIdentity implements IElementComparer {
        @Override
        public boolean equals(Object a, Object b) {
            if (a instanceof NbdExportStatus x && b instanceof NbdExportStatus y) {
                return x.name().equals(y.name());
            }
            if (a instanceof NbdClientStatus x && b instanceof NbdClientStatus y) {
                return x.id() == y.id();
            }
            return a == b;
        }

        @Override
        public int hashCode(Object element) {
            if (element instanceof NbdExportStatus export) {
                return export.name().hashCode();
            }
            if (element instanceof NbdClientStatus client) {
                return Long.hashCode(client.id());
            }
            return System.identityHashCode(element);
        }
    }
}
