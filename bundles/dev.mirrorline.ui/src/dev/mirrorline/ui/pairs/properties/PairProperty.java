package dev.mirrorline.ui.pairs.properties;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.eclipse.osgi.util.NLS;

import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairDirection;
import dev.mirrorline.node.PairSpec;
import dev.mirrorline.node.PairStatus;
import dev.mirrorline.ui.Messages;

/**
 * Every attribute of a pair that the Properties view shows: what it was created with (the pair's
 * spec) and where it stands (its status), each with its label, category and text.
 */
public enum PairProperty {
    /** The pair's name. */
    NAME(Messages.PairProperties_name, true),
    /** The primary volume's image. */
    PRIMARY(Messages.PairProperties_primary, true),
    /** The secondary: an image on this machine, or host:port. */
    SECONDARY(Messages.PairProperties_secondary, true),
    /** Asynchronous or synchronous. */
    MODE(Messages.PairProperties_mode, true),
    /** The outage snapshots' chunk size. */
    CHUNK_SIZE(Messages.PairProperties_chunkSize, true),
    /** At most this much data unacknowledged. */
    WINDOW(Messages.PairProperties_window, true),
    /** How long the secondary may be silent. */
    LINK_TIMEOUT(Messages.PairProperties_linkTimeout, true),
    /** At most this fast a resync sends the changed chunks. */
    RESYNC_RATE(Messages.PairProperties_resyncRate, true),
    /** The pair's state. */
    STATE(Messages.PairProperties_state, false),
    /** Whether the administrator holds the link down. */
    LINK_HELD(Messages.PairProperties_linkHeld, false),
    /** How long the oldest unacknowledged update has waited. */
    LAG(Messages.PairProperties_lag, false),
    /** The data the secondary has not acknowledged. */
    UNACKNOWLEDGED_BYTES(Messages.PairProperties_unacknowledgedBytes, false),
    /** How many updates that is. */
    UNACKNOWLEDGED_UPDATES(Messages.PairProperties_unacknowledgedUpdates, false),
    /** The data saved in the outage snapshots. */
    SNAPSHOT(Messages.PairProperties_snapshot, false),
    /** When the link went down. */
    OUTAGE_SINCE(Messages.PairProperties_outageSince, false),
    /** The running resync's progress. */
    RESYNC(Messages.PairProperties_resync, false),
    /** The last failure. */
    LAST_ERROR(Messages.PairProperties_lastError, false),
    /** Whether the write load runs. */
    LOAD(Messages.PairProperties_load, false),
    /** Which volume is the primary now (a switchover or failover reverses the pair), and a role change under way. */
    ROLES(Messages.PairProperties_roles, false);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT) //$NON-NLS-1$
            .withZone(ZoneId.systemDefault());

    private final String label;
    private final boolean ofSpec;

    PairProperty(String label, boolean ofSpec) {
        this.label = label;
        this.ofSpec = ofSpec;
    }

    /** @return the label the Properties view shows */
    public String label() {
        return label;
    }

    /** @return the category the Properties view groups it in: the pair's settings, or its status */
    public String category() {
        return ofSpec ? Messages.PairProperties_category_spec : Messages.PairProperties_category_status;
    }

    /**
     * @param pair the pair
     * @param status its status, read once for all properties
     * @return the property's text
     */
    public String text(Pair pair, PairStatus status) {
        PairSpec spec = pair.spec();
        return switch (this) {
            case NAME -> pair.name();
            case PRIMARY -> pair.primaryDescription();
            case SECONDARY -> pair.secondaryDescription();
            case MODE -> spec.mode().name().toLowerCase(Locale.ROOT);
            case CHUNK_SIZE -> bytes(spec.chunkSize());
            case WINDOW -> bytes(spec.inFlightWindowBytes());
            case LINK_TIMEOUT -> seconds(spec.linkTimeout().toMillis());
            case RESYNC_RATE -> spec.resyncBytesPerSecond() == 0 ? Messages.PairProperties_noLimit
                    : rate(spec.resyncBytesPerSecond());
            case STATE -> status.state().name();
            case LINK_HELD -> pair.linkHeld() ? Messages.PairProperties_yes : Messages.PairProperties_no;
            case LAG -> seconds(status.lag().toMillis());
            case UNACKNOWLEDGED_BYTES -> bytes(status.unacknowledgedBytes());
            case UNACKNOWLEDGED_UPDATES -> Long.toString(status.unacknowledgedUpdates());
            case SNAPSHOT -> status.outageSince() == null ? Messages.PairProperties_none : bytes(status.snapshotBytes());
            case OUTAGE_SINCE -> status.outageSince() == null ? Messages.PairProperties_none
                    : TIME.format(status.outageSince());
            case RESYNC -> status.resyncProgress() < 0 ? Messages.PairProperties_none
                    : NLS.bind(Messages.PairProperties_resyncProgress, new Object[] {
                            String.format(Locale.ROOT, "%.0f", status.resyncProgress() * 100), //$NON-NLS-1$
                            status.resyncChunksSent(), status.resyncChunksTotal() });
            case LAST_ERROR -> status.lastError() == null ? Messages.PairProperties_none : status.lastError();
            case LOAD -> status.loadRunning() ? Messages.PairProperties_loadRunning : Messages.PairProperties_loadStopped;
            case ROLES -> rolesText(pair);
        };
    }

    /**
     * @param pair a pair
     * @return which of its volumes is the primary now, e.g. "reversed: secondary.img primary", and
     *         whether its writes are refused or a failback is pending or running
     */
    public static String rolesText(Pair pair) {
        String roles = NLS.bind(pair.direction() == PairDirection.ORIGINAL ? Messages.PairRoles_original
                : Messages.PairRoles_reversed, pair.primaryVolumeName());
        if (pair.failbackRunning()) {
            return NLS.bind(Messages.PairRoles_failbackRunning, roles);
        }
        if (pair.failbackPending()) {
            return NLS.bind(Messages.PairRoles_failbackPending, roles);
        }
        return pair.acceptsWrites() ? roles : NLS.bind(Messages.PairRoles_writesRefused, roles);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0); //$NON-NLS-1$
    }

    /** @return e.g. "256.0 KiB/s (262144 B/s)" */
    private static String rate(long bytesPerSecond) {
        String unit = bytesPerSecond < (1L << 20) ? String.format(Locale.ROOT, "%.1f KiB/s", bytesPerSecond / 1024.0) //$NON-NLS-1$
                : String.format(Locale.ROOT, "%.1f MiB/s", bytesPerSecond / 1048576.0); //$NON-NLS-1$
        return unit + " (" + bytesPerSecond + " B/s)"; //$NON-NLS-1$ //$NON-NLS-2$
    }

    /** @return e.g. "4 KiB (4096 bytes)", exact for sizes a user sets and reads */
    private static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B"; //$NON-NLS-1$
        }
        String unit = bytes < (1L << 20) ? String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0) //$NON-NLS-1$
                : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0); //$NON-NLS-1$
        return unit + " (" + bytes + " B)"; //$NON-NLS-1$ //$NON-NLS-2$
    }
}
