package dev.mirrorline.ui.nbd;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.osgi.util.NLS;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.mirrorline.node.NbdExportStatus;

/**
 * Starts or stops serving the export selected in the NBD Exports view, in a job (a stop
 * disconnects its clients after their requests in progress). Enabled by the export's state (see
 * plugin.xml); the node keeps it across restarts.
 */
public abstract class ExportHandler extends AbstractHandler {

    private final boolean start;

    /** @param start whether this handler starts the export (else it stops it) */
    protected ExportHandler(boolean start) {
        this.start = start;
    }

    @Override
    public final Object execute(ExecutionEvent event) throws ExecutionException {
        if (HandlerUtil.getCurrentSelection(event) instanceof IStructuredSelection selection && selection.size() == 1
                && selection.getFirstElement() instanceof NbdExportStatus export) {
            String name = export.name();
            ExportServerJob.schedule(NLS.bind(start ? Messages.NbdExports_startExport_job
                    : Messages.NbdExports_stopExport_job, name), Messages.NbdExports_advice_export,
                    HandlerUtil.getActiveShellChecked(event), server -> {
                        if (start) {
                            server.startExport(name);
                        } else {
                            server.stopExport(name);
                        }
                    });
        }
        return null;
    }

    /** Serves the selected export again. */
    public static final class Start extends ExportHandler {
        /** A handler that starts the export. */
        public Start() {
            super(true);
        }
    }

    /** Stops serving the selected export. */
    public static final class Stop extends ExportHandler {
        /** A handler that stops the export. */
        public Stop() {
            super(false);
        }
    }
}
