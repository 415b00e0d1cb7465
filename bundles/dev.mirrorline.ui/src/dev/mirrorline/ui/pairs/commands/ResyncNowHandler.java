package dev.mirrorline.ui.pairs.commands;

import dev.mirrorline.node.Pair;
import dev.mirrorline.ui.Messages;

/** Resync Now: retries a dropped link at once, so that the outage is resynchronised without waiting for the backoff. */
public final class ResyncNowHandler extends PairJobHandler {

    /** Creates the handler (declared in plugin.xml). */
    public ResyncNowHandler() {
        super(Messages.PairCommands_resyncNow, Messages.PairCommands_advice_link);
    }

    @Override
    protected void act(Pair pair) throws Exception {
        pair.resyncNow();
    }
}
