package dev.mirrorline.ui.history;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.core.runtime.ILog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.part.ViewPart;

import dev.mirrorline.history.EventHistory;
import dev.mirrorline.history.EventQuery;
import dev.mirrorline.history.EventTypes;
import dev.mirrorline.history.RecordedEvent;
import dev.mirrorline.ui.Messages;
import dev.mirrorline.ui.ViewerUpdates;

/**
 * The events of the console's {@linkplain ConsoleEventHistory event history}, newest first, a page
 * at a time, filtered by pair and type. New events appear as they are recorded: the view refreshes
 * at most every {@value #REFRESH_DELAY_MILLIS} ms, and queries the history on a thread of its own,
 * never on the UI thread.
 */
public final class EventLogView extends ViewPart {

    /** The view's id, as declared in plugin.xml. */
    public static final String ID = "dev.mirrorline.ui.views.eventLog"; //$NON-NLS-1$

    /** Data key that names the view's controls for tests: see the {@code *_WIDGET} values. */
    public static final String WIDGET_KEY = "dev.mirrorline.eventLog.widget"; //$NON-NLS-1$
    /** {@link #WIDGET_KEY} value of the pair filter. */
    public static final String PAIR_FILTER_WIDGET = "pairFilter"; //$NON-NLS-1$
    /** {@link #WIDGET_KEY} value of the type filter. */
    public static final String TYPE_FILTER_WIDGET = "typeFilter"; //$NON-NLS-1$
    /** {@link #WIDGET_KEY} value of the table. */
    public static final String TABLE_WIDGET = "table"; //$NON-NLS-1$
    /** {@link #WIDGET_KEY} value of the label that says which events are shown. */
    public static final String STATUS_WIDGET = "status"; //$NON-NLS-1$
    /** {@link #WIDGET_KEY} value of the button to the newer page. */
    public static final String NEWER_WIDGET = "newer"; //$NON-NLS-1$
    /** {@link #WIDGET_KEY} value of the button to the older page. */
    public static final String OLDER_WIDGET = "older"; //$NON-NLS-1$

    /** How many events a page shows. */
    public static final int PAGE_SIZE = 500;

    /** The shortest time between two refreshes caused by new events. */
    public static final int REFRESH_DELAY_MILLIS = 250;

    private static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS") //$NON-NLS-1$
            .withZone(ZoneId.systemDefault());

    /** Queries of every Event Log, one at a time, off the UI thread. */
    private static final ExecutorService QUERIES = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mirrorline-event-log-queries"); //$NON-NLS-1$
        thread.setDaemon(true);
        return thread;
    });

    /** The table's columns, in display order. */
    public enum Column {
        TIME(Messages.EventLog_column_time, 170, event -> formatTime(event.at())),
        PAIR(Messages.EventLog_column_pair, 130, RecordedEvent::pair),
        TYPE(Messages.EventLog_column_type, 150, RecordedEvent::type),
        SUMMARY(Messages.EventLog_column_summary, 560, RecordedEvent::summary);

        private final String header;
        private final int width;
        private final Function<RecordedEvent, String> text;

        Column(String header, int width, Function<RecordedEvent, String> text) {
            this.header = header;
            this.width = width;
            this.text = text;
        }

        /** @return the header text */
        public String header() {
            return header;
        }

        /**
         * @param event an event
         * @return the column's text for it
         */
        public String textOf(RecordedEvent event) {
            return text.apply(event);
        }
    }

    private final AtomicBoolean refreshScheduled = new AtomicBoolean();
    private final Consumer<List<RecordedEvent>> recordedListener = batch -> scheduleRefresh();

    private Display display;
    private Combo pairFilter;
    private Combo typeFilter;
    private Label status;
    private Button newer;
    private Button older;
    private TableViewer viewer;
    private EventHistory history;
    private long offset;

    /**
     * @param time an instant
     * @return it as the Time column shows it: local date and time to the millisecond
     */
    public static String formatTime(Instant time) {
        return TIME_FORMAT.format(time);
    }

    @Override
    public void createPartControl(Composite parent) {
        display = parent.getDisplay();
        GridLayoutFactory.fillDefaults().numColumns(7).margins(4, 4).applyTo(parent);

        new Label(parent, SWT.NONE).setText(Messages.EventLog_pair);
        pairFilter = new Combo(parent, SWT.READ_ONLY | SWT.DROP_DOWN);
        pairFilter.setData(WIDGET_KEY, PAIR_FILTER_WIDGET);
        pairFilter.setItems(Messages.EventLog_allPairs);
        pairFilter.select(0);
        GridDataFactory.swtDefaults().hint(160, SWT.DEFAULT).applyTo(pairFilter);
        pairFilter.addListener(SWT.Selection, event -> firstPage());

        new Label(parent, SWT.NONE).setText(Messages.EventLog_type);
        typeFilter = new Combo(parent, SWT.READ_ONLY | SWT.DROP_DOWN);
        typeFilter.setData(WIDGET_KEY, TYPE_FILTER_WIDGET);
        List<String> types = new ArrayList<>();
        types.add(Messages.EventLog_allTypes);
        types.addAll(EventTypes.names());
        typeFilter.setItems(types.toArray(String[]::new));
        typeFilter.select(0);
        typeFilter.addListener(SWT.Selection, event -> firstPage());

        status = new Label(parent, SWT.NONE);
        status.setData(WIDGET_KEY, STATUS_WIDGET);
        status.setText(Messages.EventLog_opening);
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(status);

        newer = new Button(parent, SWT.PUSH);
        newer.setData(WIDGET_KEY, NEWER_WIDGET);
        newer.setText(Messages.EventLog_newer);
        newer.setEnabled(false);
        newer.addListener(SWT.Selection, event -> {
            offset = Math.max(0, offset - PAGE_SIZE);
            refresh();
        });
        older = new Button(parent, SWT.PUSH);
        older.setData(WIDGET_KEY, OLDER_WIDGET);
        older.setText(Messages.EventLog_older);
        older.setEnabled(false);
        older.addListener(SWT.Selection, event -> {
            offset += PAGE_SIZE;
            refresh();
        });

        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.MULTI | SWT.H_SCROLL | SWT.V_SCROLL | SWT.BORDER);
        Table table = viewer.getTable();
        table.setData(WIDGET_KEY, TABLE_WIDGET);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).span(7, 1).applyTo(table);
        for (Column column : Column.values()) {
            TableViewerColumn viewerColumn = new TableViewerColumn(viewer, SWT.LEFT);
            viewerColumn.getColumn().setText(column.header());
            viewerColumn.getColumn().setWidth(column.width);
            viewerColumn.getColumn().setMoveable(true);
            viewerColumn.setLabelProvider(new ColumnLabelProvider() {
                @Override
                public String getText(Object element) {
                    return column.textOf((RecordedEvent) element);
                }
            });
        }
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(List.of());
        getSite().setSelectionProvider(viewer);

        ConsoleEventHistory.get().whenComplete((opened, failure) -> onUiThread(() -> attach(opened, failure)));
    }

    private void attach(EventHistory opened, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            status.setText(NLS.bind(Messages.EventLog_openFailed, cause.getMessage()));
            ILog.of(EventLogView.class).error("The Event Log cannot open the event history", cause); //$NON-NLS-1$
            return;
        }
        history = opened;
        history.addRecordedListener(recordedListener);
        refresh();
    }

    /** Called on the history's writer thread: at most one refresh is waiting at any time. */
    private void scheduleRefresh() {
        if (refreshScheduled.compareAndSet(false, true)) {
            onUiThread(() -> display.timerExec(REFRESH_DELAY_MILLIS, this::refresh));
        }
    }

    private void firstPage() {
        offset = 0;
        refresh();
    }

    private void refresh() {
        refreshScheduled.set(false);
        if (history == null || viewer.getControl().isDisposed()) {
            return;
        }
        EventHistory source = history;
        String pair = pairFilter.getSelectionIndex() > 0 ? pairFilter.getText() : null;
        String type = typeFilter.getSelectionIndex() > 0 ? typeFilter.getText() : null;
        long pageOffset = offset;
        CompletableFuture.supplyAsync(() -> Page.read(source, pair, type, pageOffset), QUERIES)
                .whenComplete((page, failure) -> onUiThread(() -> show(page, failure)));
    }

    private void show(Page page, Throwable failure) {
        if (failure != null) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            status.setText(NLS.bind(Messages.EventLog_readFailed, cause.getMessage()));
            ILog.of(EventLogView.class).error("The Event Log cannot read the event history", cause); //$NON-NLS-1$
            return;
        }
        updatePairs(page.pairs());
        offset = page.offset();
        viewer.setInput(page.events());
        if (page.total() == 0) {
            status.setText(Messages.EventLog_none);
        } else {
            status.setText(NLS.bind(Messages.EventLog_range, new Object[] { String.format("%,d", page.offset() + 1), //$NON-NLS-1$
                    String.format("%,d", page.offset() + page.events().size()), String.format("%,d", page.total()) })); //$NON-NLS-1$ //$NON-NLS-2$
        }
        newer.setEnabled(page.offset() > 0);
        older.setEnabled(page.offset() + page.events().size() < page.total());
        status.getParent().layout(new org.eclipse.swt.widgets.Control[] { status });
    }

    private void updatePairs(List<String> pairs) {
        List<String> items = new ArrayList<>();
        items.add(Messages.EventLog_allPairs);
        items.addAll(pairs);
        if (Arrays.asList(pairFilter.getItems()).equals(items)) {
            return;
        }
        String selected = pairFilter.getSelectionIndex() > 0 ? pairFilter.getText() : null;
        pairFilter.setItems(items.toArray(String[]::new));
        pairFilter.select(selected == null ? 0 : Math.max(0, items.indexOf(selected)));
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
        if (history != null) {
            history.removeRecordedListener(recordedListener);
        }
        super.dispose();
    }

    /** One page of events as read off the UI thread, with what the controls around it show. */
    private record Page(List<RecordedEvent> events, long total, List<String> pairs, long offset) {

        static Page read(EventHistory history, String pair, String type, long offset) {
            EventQuery query = EventQuery.all().newestFirst().limit(PAGE_SIZE);
            if (pair != null) {
                query = query.pair(pair);
            }
            if (type != null) {
                query = query.types(type);
            }
            long total = history.count(query);
            long start = Math.min(offset, Math.max(0, (total - 1) / PAGE_SIZE * PAGE_SIZE));
            return new Page(history.find(query.offset(start)), total, history.pairs(), start);
        }
    }
}
