package dev.mirrorline.ui.pairs.commands;

/**
 * The ids of the commands that act on a pair, as declared in plugin.xml, and of the context in
 * which their key bindings apply (active while the Pairs view is).
 */
public final class PairCommands {

    /** The commands' category, "Mirrorline". */
    public static final String CATEGORY = "dev.mirrorline.ui.commands.category"; //$NON-NLS-1$
    /** The key-binding context active while the Pairs view is the active part. */
    public static final String PAIRS_VIEW_CONTEXT = "dev.mirrorline.ui.contexts.pairsView"; //$NON-NLS-1$

    /** Tries to bring up a link that is not connected. */
    public static final String CONNECT = "dev.mirrorline.ui.commands.connect"; //$NON-NLS-1$
    /** Takes the link down and holds it down. */
    public static final String INTERRUPT_LINK = "dev.mirrorline.ui.commands.interruptLink"; //$NON-NLS-1$
    /** Lets a held or refused link come back. */
    public static final String RESTORE_LINK = "dev.mirrorline.ui.commands.restoreLink"; //$NON-NLS-1$
    /** Retries the link at once to resynchronise an outage. */
    public static final String RESYNC_NOW = "dev.mirrorline.ui.commands.resyncNow"; //$NON-NLS-1$
    /** Compares the primary and a local secondary byte for byte. */
    public static final String VERIFY = "dev.mirrorline.ui.commands.verify"; //$NON-NLS-1$
    /** Starts the write-load generator. */
    public static final String START_LOAD = "dev.mirrorline.ui.commands.startLoad"; //$NON-NLS-1$
    /** Stops the write-load generator. */
    public static final String STOP_LOAD = "dev.mirrorline.ui.commands.stopLoad"; //$NON-NLS-1$
    /** Deletes the pair, and its volumes if asked. */
    public static final String DELETE_PAIR = "dev.mirrorline.ui.commands.deletePair"; //$NON-NLS-1$

    private PairCommands() {
    }
}
