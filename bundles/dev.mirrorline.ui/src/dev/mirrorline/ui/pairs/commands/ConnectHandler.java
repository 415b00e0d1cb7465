package dev.mirrorline.ui.pairs.commands;

import dev.mirrorline.node.Pair;
import dev.mirrorline.ui.Messages;

/** Connect: tries the link of a pair that is not connected (still connecting, or refused) at once, instead of waiting for the next attempt. */
public final class ConnectHandler extends PairJobHandler {

    /** Creates the handler (declared in plugin.xml). */
    public ConnectHandler() {
        super(Messages.PairCommands_connect, Messages.PairCommands_advice_link);
    }

    @Override
    protected void act(Pair pair) throws Exception {
        pair.resyncNow();
    }
}
