package dev.mirrorline.ui.pairs.commands;

import dev.mirrorline.node.Pair;
import dev.mirrorline.ui.Messages;

/** Restore Link: lets a link held down (or refused) come back; the outage is resynchronised once it is up. */
public final class RestoreLinkHandler extends PairJobHandler {

    /** Creates the handler (declared in plugin.xml). */
    public RestoreLinkHandler() {
        super(Messages.PairsView_restore, Messages.PairCommands_advice_link);
    }

    @Override
    protected void act(Pair pair) throws Exception {
        pair.restoreLink();
    }
}
