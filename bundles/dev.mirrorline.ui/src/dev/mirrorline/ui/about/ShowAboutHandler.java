package dev.mirrorline.ui.about;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.ui.handlers.HandlerUtil;

/** Handles Help &gt; About: opens {@link AboutMirrorlineDialog} over the active window. */
public final class ShowAboutHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) {
        new AboutMirrorlineDialog(HandlerUtil.getActiveShell(event)).open();
        return null;
    }
}
