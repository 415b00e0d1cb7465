package dev.mirrorline.ui.pairs.commands;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.services.IEvaluationService;

import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairState;

/**
 * Keeps the pair commands' enablement in step with the pairs' state, which changes without any
 * selection change (a link drops, a resync ends): given the pairs on every refresh, it asks the
 * workbench to evaluate the {@link PairPropertyTester} properties again whenever what they read
 * has changed, so that the toolbar, the context menu and the key bindings agree. Used on the UI
 * thread only.
 */
public final class PairCommandEnablement {

    /** What the commands' enablement depends on. */
    private record Facts(PairState state, boolean linkHeld, boolean loadRunning) {
        static Facts of(Pair pair) {
            return new Facts(pair.status().state(), pair.linkHeld(), pair.status().loadRunning());
        }
    }

    private final Map<Pair, Facts> seen = new HashMap<>();

    /**
     * Notes the pairs' state; asks for a new evaluation of the commands' enablement if it changed
     * since the last call.
     *
     * @param pairs every pair, as the Pairs view shows them
     */
    public void update(List<Pair> pairs) {
        boolean changed = seen.keySet().retainAll(pairs);
        for (Pair pair : pairs) {
            Facts now = Facts.of(pair);
            if (!now.equals(seen.put(pair, now))) {
                changed = true;
            }
        }
        if (changed) {
            requestEvaluation();
        }
    }

    /** Asks the workbench to evaluate the pair properties again now, e.g. after a command ran. */
    public static void requestEvaluation() {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        IEvaluationService evaluation = PlatformUI.getWorkbench().getService(IEvaluationService.class);
        for (String property : new String[] { PairPropertyTester.STATE, PairPropertyTester.LINK_HELD,
                PairPropertyTester.LOAD_RUNNING }) {
            evaluation.requestEvaluation(PairPropertyTester.NAMESPACE + '.' + property);
        }
    }
}
