package dev.mirrorline.ui.pairs.commands;

import dev.mirrorline.node.Pair;
import dev.mirrorline.ui.Messages;

/** Stop Write Load: stops the pair's write-load generator once its last write is done. */
public final class StopLoadHandler extends PairJobHandler {

    /** Creates the handler (declared in plugin.xml). */
    public StopLoadHandler() {
        super(Messages.PairsView_stopLoad, Messages.PairCommands_advice_load);
    }

    @Override
    protected void act(Pair pair) throws Exception {
        pair.stopLoad();
    }
}
