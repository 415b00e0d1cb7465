package dev.mirrorline.ui.history;

import org.eclipse.core.runtime.IStatus;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;

import dev.mirrorline.node.Pair;
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
