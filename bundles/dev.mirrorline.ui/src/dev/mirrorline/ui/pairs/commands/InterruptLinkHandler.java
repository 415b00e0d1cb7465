package dev.mirrorline.ui.pairs.commands;

import dev.mirrorline.node.Pair;
import dev.mirrorline.ui.Messages;

/** Interrupt Link: takes the pair's link down and holds it down (a real disconnect, for drills); writes go on locally, tracked by the outage snapshot. */
public final class InterruptLinkHandler extends PairJobHandler {

    /** Creates the handler (declared in plugin.xml). */
    public InterruptLinkHandler() {
        super(Messages.PairsView_interrupt, Messages.PairCommands_advice_interrupt);
    }

    @Override
    protected void act(Pair pair) throws Exception {
        pair.interruptLink();
    }
}
