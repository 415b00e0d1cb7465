package dev.mirrorline.ui.pairs.commands;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.commands.ExecutionException;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.handlers.HandlerUtil;

import dev.mirrorline.node.Pair;

/**
 * A handler of a command that acts on the selected pair. Its enablement is declared in plugin.xml
 * ({@code enabledWhen} over the selection, with {@link PairPropertyTester}); the handler itself
 * only finds the pair and acts.
 */
public abstract class PairHandler extends AbstractHandler {

    @Override
    public final Object execute(ExecutionEvent event) throws ExecutionException {
        Pair pair = selectedPair(HandlerUtil.getCurrentSelection(event));
        if (pair != null) {
            execute(pair, HandlerUtil.getActiveShellChecked(event));
        }
        return null;
    }

    /**
     * Acts on the pair, on the UI thread: anything that waits for the engine goes to a job.
     *
     * @param pair the selected pair
     * @param shell the shell to open dialogs on
     */
    protected abstract void execute(Pair pair, Shell shell);

    /**
     * @param selection a selection, or null
     * @return the pair when exactly one pair is selected, else null
     */
    public static Pair selectedPair(ISelection selection) {
        if (selection instanceof IStructuredSelection structured && structured.size() == 1
                && structured.getFirstElement() instanceof Pair pair) {
            return pair;
        }
        return null;
    }
}
