package dev.mirrorline.ui.history;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;

import dev.mirrorline.node.Pair;
import dev.mirrorline.ui.Messages;
import dev.mirrorline.ui.node.ConsoleNode;
import dev.mirrorline.ui.pairs.PairsView;
import dev.mirrorline.ui.timeline.TimelineSelection;
import dev.mirrorline.ui.timeline.TimelineWidget;
import dev.mirrorline.ui.timeline.history.HistoryTimelineModel;

/**
 * The history of every pair drawn over time (the {@link TimelineWidget}, one lane per pair: the
 * link's connected and interrupted spans, write freezes, snapshots, resyncs), read from the
 * console's event history by time range and following new events live. An item clicked feeds the
 * Properties view and selects its pair in the Pairs view; a pair selected in the Pairs view is the
 * lane selected here.
 */
public final class TimelineView extends ViewPart {

    /** The view's id, as declared in plugin.xml. */
    public static final String ID = "dev.mirrorline.ui.views.timeline"; //$NON-NLS-1$

    private TimelineWidget timeline;
    private HistoryTimelineModel model;
    private final SelectionProvider selection = new SelectionProvider();
    private final ISelectionListener pairsSelection = this::pairsViewSelected;

    @Override
    public void createPartControl(Composite parent) {
        timeline = new TimelineWidget(parent, SWT.NONE);
        timeline.setFollowLive(true);
        timeline.addSelectionListener(this::timelineSelected);
        getSite().setSelectionProvider(selection);
        getSite().getPage().addPostSelectionListener(PairsView.ID, pairsSelection);
        Action export = new Action(Messages.TimelineView_export) {
            @Override
            public void run() {
                exportAsked();
            }
        };
        export.setToolTipText(Messages.TimelineView_export_tooltip);
        getViewSite().getActionBars().getToolBarManager().add(export);
        Display display = parent.getDisplay();
        ConsoleEventHistory.get().whenComplete((history, failure) -> display.asyncExec(() -> {
            if (timeline.isDisposed()) {
                return;
            }
            if (failure != null) {
                ConsoleNode.log(IStatus.ERROR, "The Timeline cannot read the event history", failure); //$NON-NLS-1$
                return;
            }
            model = new HistoryTimelineModel(history);
            timeline.setModel(model);
            timeline.setFollowLive(true);
        }));
    }

    private void exportAsked() {
        FileDialog dialog = new FileDialog(getSite().getShell(), SWT.SAVE);
        dialog.setText(Messages.TimelineView_export_title);
        dialog.setFilterExtensions(new String[] { "*.png" }); //$NON-NLS-1$
        dialog.setFileName("mirrorline-timeline.png"); //$NON-NLS-1$
        dialog.setOverwrite(true);
        String chosen = dialog.open();
        if (chosen == null) {
            return;
        }
        try {
            exportVisibleRange(Path.of(chosen));
        } catch (IOException e) {
            ConsoleNode.log(IStatus.ERROR, "The timeline could not be exported to " + chosen, e); //$NON-NLS-1$
            MessageDialog.openError(getSite().getShell(), Messages.TimelineView_export_title,
                    NLS.bind(Messages.TimelineView_export_failed, chosen, e.getMessage()));
        }
    }

    /**
     * Writes the visible range, as the view shows it, to a PNG file (for reports).
     *
     * @param file where; replaced if it exists
     * @throws IOException if it cannot be written
     */
    public void exportVisibleRange(Path file) throws IOException {
        timeline.exportPng(file);
    }

    /** @return the widget, for tests */
    public TimelineWidget timeline() {
        return timeline;
    }

    private void timelineSelected(TimelineSelection selected) {
        selection.set(selected == null ? StructuredSelection.EMPTY
                : new StructuredSelection(new TimelineItemProperties(selected)));
        if (selected != null) {
            PairsView pairs = getSite().getPage().findView(PairsView.ID) instanceof PairsView view ? view : null;
            if (pairs != null) {
                pairs.select(selected.lane().id()); // the pair of the item follows in the Pairs view
            }
        }
    }

    private void pairsViewSelected(IWorkbenchPart part, ISelection selected) {
        if (timeline == null || timeline.isDisposed() || !(selected instanceof IStructuredSelection structured)) {
            return;
        }
        TimelineSelection current = timeline.getSelection();
        if (structured.getFirstElement() instanceof Pair pair
                && (current == null || !current.lane().id().equals(pair.name()))) {
            timeline.setSelectedLane(pair.name()); // an item selected in that lane stays selected
        }
    }

    @Override
    public void setFocus() {
        timeline.setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(PairsView.ID, pairsSelection);
        if (model != null) {
            model.close();
        }
        super.dispose();
    }

    /** The view's selection: the item selected in the timeline, as properties. */
    private static final class SelectionProvider implements org.eclipse.jface.viewers.ISelectionProvider {
        private final org.eclipse.core.runtime.ListenerList<org.eclipse.jface.viewers.ISelectionChangedListener>
                listeners = new org.eclipse.core.runtime.ListenerList<>();
        private ISelection current = StructuredSelection.EMPTY;

        void set(ISelection selection) {
            current = selection;
            org.eclipse.jface.viewers.SelectionChangedEvent event = new org.eclipse.jface.viewers.SelectionChangedEvent(
                    this, selection);
            listeners.forEach(listener -> listener.selectionChanged(event));
        }

        @Override
        public void addSelectionChangedListener(org.eclipse.jface.viewers.ISelectionChangedListener listener) {
            listeners.add(listener);
        }

        @Override
        public ISelection getSelection() {
            return current;
        }

        @Override
        public void removeSelectionChangedListener(org.eclipse.jface.viewers.ISelectionChangedListener listener) {
            listeners.remove(listener);
        }

        @Override
        public void setSelection(ISelection selection) {
            set(selection);
        }
    }
}
