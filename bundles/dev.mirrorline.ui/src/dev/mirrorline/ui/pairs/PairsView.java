package dev.mirrorline.ui.pairs;

import java.util.List;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.part.ViewPart;

import dev.mirrorline.ui.Messages;

/**
 * Every replication pair with its roles, state, lag, snapshot size and resync progress.
 *
 * <p>The table has its columns but no rows yet: pairs come from the embedded engine once it runs
 * inside the console.
 */
public final class PairsView extends ViewPart {

    /** The view's id, as declared in plugin.xml. */
    public static final String ID = "dev.mirrorline.ui.pairsView"; //$NON-NLS-1$

    /** The columns, in display order, with their header texts and initial widths. */
    public enum Column {
        NAME(Messages.PairsView_column_name, 140),
        PRIMARY(Messages.PairsView_column_primary, 170),
        SECONDARY(Messages.PairsView_column_secondary, 170),
        MODE(Messages.PairsView_column_mode, 80),
        STATE(Messages.PairsView_column_state, 110),
        LAG(Messages.PairsView_column_lag, 70),
        UNACKNOWLEDGED(Messages.PairsView_column_unacknowledged, 140),
        SNAPSHOT(Messages.PairsView_column_snapshot, 90),
        RESYNC(Messages.PairsView_column_resync, 90);

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

    @Override
    public void createPartControl(Composite parent) {
        viewer = new TableViewer(parent, SWT.FULL_SELECTION | SWT.MULTI | SWT.H_SCROLL | SWT.V_SCROLL | SWT.BORDER);
        Table table = viewer.getTable();
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (Column column : Column.values()) {
            TableViewerColumn viewerColumn = new TableViewerColumn(viewer, SWT.LEFT);
            viewerColumn.getColumn().setText(column.header());
            viewerColumn.getColumn().setWidth(column.width);
            viewerColumn.getColumn().setMoveable(true);
        }
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(List.of());
        getSite().setSelectionProvider(viewer);
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }
}
