package dev.mirrorline.ui.nbd;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.handlers.HandlerUtil;

/**
 * Stops the node's NBD server in a job (its clients are disconnected once their requests in
 * progress complete); enabled while the server runs (see plugin.xml). It stays stopped after a
 * restart of the console.
 */
public final class StopExportServerHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        ExportServerJob.schedule(Messages.NbdExports_stop_job, Messages.NbdExports_advice_stop,
                HandlerUtil.getActiveShellChecked(event), server -> server.stop());
        return null;
    }
}
