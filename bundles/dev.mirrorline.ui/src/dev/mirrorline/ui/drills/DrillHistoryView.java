package dev.mirrorline.ui.drills;

import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.part.ViewPart;

import dev.mirrorline.drill.DrillListener;
import dev.mirrorline.drill.DrillOutcome;
import dev.mirrorline.drill.DrillResult;
import dev.mirrorline.drill.DrillRun;
import dev.mirrorline.drill.DrillService;
import dev.mirrorline.drill.DrillSummary;
import dev.mirrorline.drill.Measurement;
import dev.mirrorline.ui.node.ConsoleNode;

/**
 * The past drills of the console's node, newest first: when, on which pair, which scenario, how it
 * ended, how long it took and the RPO it measured. It reads the drill history in a job when it opens
 * and each time a drill ends (whoever ran it: the wizard, the command line). Double-click or Open
 * Report opens a drill's HTML report in the web browser; Save Report As… copies it.
 */
public final class DrillHistoryView extends ViewPart {

    /** The view's id, as declared in plugin.xml. */
    public static final String ID = "dev.mirrorline.ui.views.drillHistory"; //$NON-NLS-1$
    /** Data key that names the view's controls for tests. */
    public static final String WIDGET_KEY = "dev.mirrorline.drillHistory.widget"; //$NON-NLS-1$
    /** {@link #WIDGET_KEY} value of the table of drills. */
    public static final String TABLE_WIDGET = "drills"; //$NON-NLS-1$
    /** {@link #WIDGET_KEY} value of the line above it (how many drills, or why there are none). */
    public static final String STATUS_WIDGET = "status"; //$NON-NLS-1$

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss") //$NON-NLS-1$
            .withZone(ZoneId.systemDefault());

    /** The table's columns, in display order. */
    public enum Column {
        /** When the drill started. */
        TIME(Messages.History_column_time, 150),
        /** Its pair. */
        PAIR(Messages.History_column_pair, 90),
        /** Its scenario. */
        SCENARIO(Messages.History_column_scenario, 215),
        /** How it ended. */
        OUTCOME(Messages.History_column_outcome, 150),
        /** How long it ran. */
        DURATION(Messages.History_column_duration, 80),
        /** The bytes not on the secondary at the cut, and the age of the oldest of them. */
        RPO(Messages.History_column_rpo, 160);

        private final String title;
        private final int width;

        Column(String title, int width) {
            this.title = title;
            this.width = width;
        }

        /** @return its header */
        public String title() {
            return title;
        }
    }

    private final DrillListener refreshWhenADrillEnds = new DrillListener() {
        @Override
        public void finished(DrillRun run, DrillResult result) {
            refresh();
        }
    };
    private TableViewer viewer;
    private Label status;
    private DrillService service;
    private Display display;
    private Action open;
    private Action saveAs;

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().applyTo(parent);
        status = new Label(parent, SWT.NONE);
        status.setData(WIDGET_KEY, STATUS_WIDGET);
        status.setText(Messages.History_starting);
        GridDataFactory.fillDefaults().grab(true, false).indent(4, 2).applyTo(status);
        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
        viewer.getTable().setData(WIDGET_KEY, TABLE_WIDGET);
        viewer.getTable().setHeaderVisible(true);
        viewer.getTable().setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(viewer.getTable());
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        for (Column column : Column.values()) {
            TableViewerColumn viewerColumn = new TableViewerColumn(viewer, SWT.LEFT);
            viewerColumn.getColumn().setText(column.title());
            viewerColumn.getColumn().setWidth(column.width);
            viewerColumn.setLabelProvider(new ColumnLabelProvider() {
                @Override
                public String getText(Object element) {
                    return text((DrillSummary) element, column);
                }

                @Override
                public Color getForeground(Object element) {
                    if (column != Column.OUTCOME) {
                        return null;
                    }
                    DrillOutcome outcome = ((DrillSummary) element).outcome();
                    return Display.getCurrent().getSystemColor(outcome == DrillOutcome.PASSED ? SWT.COLOR_DARK_GREEN
                            : outcome == DrillOutcome.CANCELLED ? SWT.COLOR_DARK_YELLOW : SWT.COLOR_RED);
                }
            });
        }
        makeActions();
        viewer.addDoubleClickListener(event -> openSelected());
        viewer.addSelectionChangedListener(event -> updateActions());
        getSite().setSelectionProvider(viewer);
        updateActions();

        display = parent.getDisplay();
        ConsoleDrills.get().whenComplete((drills, failure) -> display.asyncExec(() -> {
            if (viewer.getTable().isDisposed()) {
                return;
            }
            if (failure != null) {
                status.setText(Messages.DrillWizard_engineFailed);
                return;
            }
            service = drills;
            drills.addDrillListener(refreshWhenADrillEnds);
            refresh();
        }));
    }

    private void makeActions() {
        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        open = new Action(Messages.History_open) {
            @Override
            public void run() {
                openSelected();
            }
        };
        open.setToolTipText(Messages.History_open_tooltip);
        open.setImageDescriptor(images.getImageDescriptor(ISharedImages.IMG_OBJ_FILE));
        saveAs = new Action(Messages.History_saveAs) {
            @Override
            public void run() {
                DrillSummary drill = selected();
                if (drill != null) {
                    DrillReports.saveAs(getSite().getShell(), drill.id(), drill.report());
                }
            }
        };
        saveAs.setToolTipText(Messages.History_saveAs_tooltip);
        saveAs.setImageDescriptor(images.getImageDescriptor(ISharedImages.IMG_ETOOL_SAVEAS_EDIT));
        Action reload = new Action(Messages.History_refresh) {
            @Override
            public void run() {
                refresh();
            }
        };
        reload.setToolTipText(Messages.History_refresh_tooltip);
        reload.setImageDescriptor(images.getImageDescriptor(ISharedImages.IMG_ELCL_SYNCED));
        IToolBarManager toolbar = getViewSite().getActionBars().getToolBarManager();
        toolbar.add(open);
        toolbar.add(saveAs);
        toolbar.add(reload);
        MenuManager menu = new MenuManager();
        menu.add(open);
        menu.add(saveAs);
        menu.add(reload);
        viewer.getTable().setMenu(menu.createContextMenu(viewer.getTable()));
    }

    private void updateActions() {
        boolean one = selected() != null;
        open.setEnabled(one);
        saveAs.setEnabled(one);
    }

    private DrillSummary selected() {
        IStructuredSelection selection = viewer.getStructuredSelection();
        return selection.size() == 1 && selection.getFirstElement() instanceof DrillSummary drill ? drill : null;
    }

    private void openSelected() {
        DrillSummary drill = selected();
        if (drill != null) {
            DrillReports.open(getSite().getShell(), drill.id(), drill.report());
        }
    }

    /** Reads the drill history again, in a job, and shows it. Callable from any thread. */
    public void refresh() {
        DrillService drills = service;
        if (drills == null || display.isDisposed()) {
            return;
        }
        Job job = Job.create(Messages.History_job, monitor -> {
            try {
                List<DrillSummary> past = drills.history().list();
                display.asyncExec(() -> show(past));
            } catch (IOException e) {
                ConsoleNode.log(IStatus.ERROR, "The drill history cannot be read: " + e.getMessage(), e); //$NON-NLS-1$
                display.asyncExec(() -> {
                    if (!status.isDisposed()) {
                        status.setText(NLS.bind(Messages.History_readFailed, e.getMessage()));
                    }
                });
            }
            return Status.OK_STATUS; // a failure is reported above, in the Error Log and in the view
        });
        job.setSystem(true);
        job.schedule();
    }

    private void show(List<DrillSummary> past) {
        if (viewer.getTable().isDisposed()) {
            return;
        }
        DrillSummary selected = selected();
        viewer.setInput(past);
        if (selected != null) {
            past.stream().filter(drill -> drill.id().equals(selected.id())).findFirst()
                    .ifPresent(drill -> viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(drill)));
        }
        status.setText(past.isEmpty() ? Messages.History_empty
                : past.size() == 1 ? Messages.History_count_one : NLS.bind(Messages.History_count, past.size()));
        updateActions();
    }

    /**
     * @param drill a past drill
     * @param column a column
     * @return what the column shows of it
     */
    static String text(DrillSummary drill, Column column) {
        return switch (column) {
            case TIME -> TIME.format(drill.started());
            case PAIR -> drill.pair();
            case SCENARIO -> drill.scenarioTitle();
            case OUTCOME -> RunPage.outcomeText(drill.outcome());
            case DURATION -> ResultPage.seconds(Duration.between(drill.started(), drill.finished()));
            case RPO -> rpo(drill.measurements());
        };
    }

    private static String rpo(Map<String, Double> measurements) {
        Double bytes = measurements.get("rpo.bytes"); //$NON-NLS-1$
        if (bytes == null) {
            return Messages.History_noRpo;
        }
        String size = new Measurement("rpo.bytes", "", bytes, "bytes").formatted(); //$NON-NLS-1$ //$NON-NLS-2$ //$NON-NLS-3$
        int exact = size.indexOf(" ("); //$NON-NLS-1$
        size = exact > 0 ? size.substring(0, exact) : size;
        Double seconds = measurements.get("rpo.seconds"); //$NON-NLS-1$
        return seconds == null ? size : size + String.format(Locale.ROOT, ", %.3f s", seconds); //$NON-NLS-1$
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        if (service != null) {
            service.removeDrillListener(refreshWhenADrillEnds);
        }
        super.dispose();
    }
}
