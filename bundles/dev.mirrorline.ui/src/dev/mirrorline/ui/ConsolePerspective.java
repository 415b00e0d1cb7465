package dev.mirrorline.ui;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;

import dev.mirrorline.ui.history.EventLogView;
import dev.mirrorline.ui.history.TimelineView;
import dev.mirrorline.ui.pairs.PairsView;

/**
 * The replication console's layout: the Pairs view on top, the Timeline of every pair under it, a
 * folder below them with the Event Log,
 * where the Progress view and the Error Log open too, and the Properties view of the selected pair
 * beside that folder.
 */
public final class ConsolePerspective implements IPerspectiveFactory {

    /** The perspective's id, as declared in plugin.xml. */
    public static final String ID = "dev.mirrorline.ui.consolePerspective"; //$NON-NLS-1$

    /** The id of the workbench's Progress view. */
    public static final String PROGRESS_VIEW_ID = "org.eclipse.ui.views.ProgressView"; //$NON-NLS-1$

    /** The id of the Error Log view (bundle org.eclipse.ui.views.log). */
    public static final String ERROR_LOG_VIEW_ID = "org.eclipse.pde.runtime.LogView"; //$NON-NLS-1$

    /** The id of the Properties view (bundle org.eclipse.ui.views). */
    public static final String PROPERTIES_VIEW_ID = "org.eclipse.ui.views.PropertySheet"; //$NON-NLS-1$

    private static final String BOTTOM_FOLDER_ID = "dev.mirrorline.ui.bottomFolder"; //$NON-NLS-1$

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        layout.addView(PairsView.ID, IPageLayout.TOP, 0.65f, layout.getEditorArea());
        layout.getViewLayout(PairsView.ID).setCloseable(false);

        IFolderLayout bottom = layout.createFolder(BOTTOM_FOLDER_ID, IPageLayout.BOTTOM, 0.65f, PairsView.ID);
        bottom.addView(EventLogView.ID);
        bottom.addPlaceholder(PROGRESS_VIEW_ID);
        bottom.addPlaceholder(ERROR_LOG_VIEW_ID);
        layout.addView(PROPERTIES_VIEW_ID, IPageLayout.RIGHT, 0.6f, BOTTOM_FOLDER_ID);
        layout.addView(TimelineView.ID, IPageLayout.BOTTOM, 0.4f, PairsView.ID);

        layout.addShowViewShortcut(PairsView.ID);
        layout.addShowViewShortcut(EventLogView.ID);
        layout.addShowViewShortcut(TimelineView.ID);
        layout.addShowViewShortcut(PROGRESS_VIEW_ID);
        layout.addShowViewShortcut(ERROR_LOG_VIEW_ID);
        layout.addShowViewShortcut(PROPERTIES_VIEW_ID);
    }
}
