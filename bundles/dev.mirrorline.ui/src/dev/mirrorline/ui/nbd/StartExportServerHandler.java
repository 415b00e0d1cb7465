package dev.mirrorline.ui.nbd;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * Starts the node's NBD server in a job; enabled while the node runs and the server does not (see
 * plugin.xml). The server runs again after a restart of the console.
 */
public final class StartExportServerHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        ExportServerJob.schedule(Messages.NbdExports_start_job, Messages.NbdExports_advice_start,
                HandlerUtil.getActiveShellChecked(event), server -> server.start());
        return null;
    }
}
