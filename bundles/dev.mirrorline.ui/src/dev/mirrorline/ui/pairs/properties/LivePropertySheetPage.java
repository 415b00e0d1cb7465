package dev.mirrorline.ui.pairs.properties;

import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.ui.views.properties.PropertySheetPage;

/**
 * The Properties view's page for the Pairs view: the standard page, refreshed every second so that
 * a pair's status (state, lag, resync progress) stays current while the pair stays selected.
 */
public final class LivePropertySheetPage extends PropertySheetPage {

    private static final int REFRESH_MILLIS = 1000;

    private final Runnable refresher = this::refreshPeriodically;

    @Override
    public void createControl(Composite parent) {
        super.createControl(parent);
        getControl().getDisplay().timerExec(REFRESH_MILLIS, refresher);
    }

    private void refreshPeriodically() {
        Control control = getControl();
        if (control == null || control.isDisposed()) {
            return;
        }
        refresh();
        control.getDisplay().timerExec(REFRESH_MILLIS, refresher);
    }

    @Override
    public void dispose() {
        Control control = getControl();
        if (control != null && !control.isDisposed()) {
            control.getDisplay().timerExec(-1, refresher);
        }
        super.dispose();
    }
}
