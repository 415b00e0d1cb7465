package dev.mirrorline.ui.timeline;

import org.eclipse.osgi.util.NLS;

/** The widget's user-visible strings, from {@code messages.properties} beside this class. */
final class Messages extends NLS {

    private static final String BUNDLE_NAME = "dev.mirrorline.ui.timeline.messages"; //$NON-NLS-1$

    public static String Row_link;
    public static String Row_freeze;
    public static String Row_snapshot;
    public static String Row_resync;
    public static String Row_drill;

    public static String Legend_connected;
    public static String Legend_interrupted;
    public static String Legend_freeze;
    public static String Legend_snapshot;
    public static String Legend_resync;
    public static String Legend_drill;
    public static String Legend_now;

    public static String Label_interrupted;
    public static String Label_resync;
    public static String Label_resyncDone;

    public static String Tip_linkConnected;
    public static String Tip_linkInterrupted;
    public static String Tip_reason;
    public static String Tip_span;
    public static String Tip_openSpan;
    public static String Tip_at;
    public static String Tip_freeze;
    public static String Tip_snapshot;
    public static String Tip_resync;
    public static String Tip_resyncUnknownTotal;
    public static String Tip_rate;
    public static String Tip_drill;

    public static String Empty_noLanes;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
