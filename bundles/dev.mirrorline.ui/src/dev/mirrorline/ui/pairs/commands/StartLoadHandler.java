package dev.mirrorline.ui.pairs.commands;

import dev.mirrorline.node.Pair;
import dev.mirrorline.ui.Messages;

/** Start Write Load: starts the pair's write-load generator. */
public final class StartLoadHandler extends PairJobHandler {

    /** Creates the handler (declared in plugin.xml). */
    public StartLoadHandler() {
        super(Messages.PairsView_startLoad, Messages.PairCommands_advice_load);
    }

    @Override
    protected void act(Pair pair) throws Exception {
        pair.startLoad();
    }
}
