package dev.mirrorline.ui.nbd;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.mirrorline.node.NbdClientStatus;
import dev.mirrorline.node.NbdExportStatus;

/**
 * Copies the selected export's address ({@code nbd://HOST:PORT/NAME}) to the clipboard, for a
 * client's command line; a client's row copies its export's. Enabled when one row of the NBD
 * Exports view is selected (see plugin.xml); also Ctrl+C there.
 */
public final class CopyExportAddressHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        String url = addressOf(HandlerUtil.getCurrentSelection(event), HandlerUtil.getActivePart(event));
        if (url != null) {
            Clipboard clipboard = new Clipboard(HandlerUtil.getActiveShellChecked(event).getDisplay());
            try {
                clipboard.setContents(new Object[] { url }, new Transfer[] { TextTransfer.getInstance() });
            } finally {
                clipboard.dispose();
            }
            if (HandlerUtil.getActivePart(event) instanceof IViewPart view) {
                view.getViewSite().getActionBars().getStatusLineManager()
                        .setMessage(NLS.bind(Messages.NbdExports_copied, url));
            }
        }
        return null;
    }

    /**
     * @param selection the selection in the NBD Exports view
     * @param part the active part
     * @return the address to copy, or null if nothing that has one is selected
     */
    static String addressOf(ISelection selection, Object part) {
        if (!(selection instanceof IStructuredSelection structured) || structured.size() != 1) {
            return null;
        }
        Object element = structured.getFirstElement();
        if (element instanceof NbdExportStatus export) {
            return export.url();
        }
        if (element instanceof NbdClientStatus client && part instanceof NbdExportsView view) {
            return view.urlOf(client.exportName());
        }
        return null;
    }
}
