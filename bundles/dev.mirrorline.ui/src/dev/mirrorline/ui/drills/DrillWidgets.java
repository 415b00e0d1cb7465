package dev.mirrorline.ui.drills;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;

/** The small widget helpers the drill wizard's pages share; widgets are named for tests by a data key. */
final class DrillWidgets {

    /** The width of the wizard's pages: step names, check messages and log lines are long. */
    static final int PAGE_WIDTH = 680;

    private DrillWidgets() {
    }

    static <T extends Control> T named(T control, String name) {
        control.setData(DrillWizard.WIDGET_KEY, name);
        return control;
    }

    static Label label(Composite parent, String text) {
        Label label = new Label(parent, SWT.NONE);
        label.setText(text);
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(label);
        return label;
    }

    /** A label that wraps its text at the page's width, over the given columns, indented. */
    static Label wrapped(Composite parent, String text, int span, int indent) {
        Label label = new Label(parent, SWT.WRAP);
        label.setText(text);
        GridDataFactory.fillDefaults().grab(true, false).span(span, 1).indent(indent, 0)
                .hint(PAGE_WIDTH - indent - 40, SWT.DEFAULT).applyTo(label);
        return label;
    }

    /**
     * A table with a header and columns.
     *
     * @param parent the parent (grid layout)
     * @param name its name for tests
     * @param rows how many rows it shows without scrolling
     * @param columns each column's title and width, in pairs
     * @return the table
     */
    static Table table(Composite parent, String name, int rows, Object... columns) {
        Table table = named(new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL), name);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        for (int i = 0; i < columns.length; i += 2) {
            TableColumn column = new TableColumn(table, SWT.LEFT);
            column.setText((String) columns[i]);
            column.setWidth((Integer) columns[i + 1]);
        }
        GridDataFactory.fillDefaults().grab(true, true).span(2, 1)
                .hint(PAGE_WIDTH, table.getItemHeight() * rows + table.getHeaderHeight()).applyTo(table);
        return table;
    }
}
