package dev.mirrorline.ui.nbd;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.mirrorline.node.Pair;
import dev.mirrorline.ui.pairs.commands.PairHandler;

/**
 * Opens the NBD Exports view on the pair selected in the Pairs view (its context menu's Show NBD
 * Exports) and selects the pair's first export.
 */
public final class ShowPairExportsHandler extends AbstractHandler {

    @Override
    public Object execute(ExecutionEvent event) throws ExecutionException {
        Pair pair = PairHandler.selectedPair(HandlerUtil.getCurrentSelection(event));
        try {
            NbdExportsView view = (NbdExportsView) HandlerUtil.getActiveWorkbenchWindowChecked(event).getActivePage()
                    .showView(NbdExportsView.ID);
            if (pair != null) {
                view.selectPair(pair.name());
            }
        } catch (PartInitException e) {
            throw new ExecutionException("The NBD Exports view cannot open: " + e.getMessage(), e); //$NON-NLS-1$
        }
        return null;
    }
}
