package dev.mirrorline.ui.preferences;

import java.time.Duration;
import java.util.Locale;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;
import org.eclipse.core.runtime.preferences.DefaultScope;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.node.MirrorlineNode;

/**
 * The engine defaults a new pair starts with, kept in the console's instance-scope preferences
 * (the workspace's {@code .metadata}) and edited on the Mirrorline preference page. Their
 * defaults are the node's.
 */
public final class EnginePreferences {

    /** The preference node: the console bundle's. */
    public static final String QUALIFIER = "dev.mirrorline.ui"; //$NON-NLS-1$
    /** The outage snapshots' chunk size, in KiB (a power of two from 4 to 1024). */
    public static final String CHUNK_SIZE_KIB = "engine.chunkSizeKiB"; //$NON-NLS-1$
    /** How long the secondary may stay silent before the link is declared down, in seconds. */
    public static final String LINK_TIMEOUT_SECONDS = "engine.linkTimeoutSeconds"; //$NON-NLS-1$
    /** At most this much data unacknowledged in asynchronous mode, in MiB. */
    public static final String IN_FLIGHT_WINDOW_MIB = "engine.inFlightWindowMiB"; //$NON-NLS-1$
    /** At most this fast a resync sends changed chunks, in MiB/s; 0 for no limit. */
    public static final String RESYNC_RATE_MIB = "engine.resyncRateMiB"; //$NON-NLS-1$
    /** The largest resync rate limit the page accepts, in MiB/s. */
    public static final int MAXIMUM_RESYNC_RATE_MIB = 100_000;
    /** {@code ASYNCHRONOUS} or {@code SYNCHRONOUS}. */
    public static final String REPLICATION_MODE = "engine.replicationMode"; //$NON-NLS-1$

    /** The range the page accepts for the link timeout, as the node does. */
    public static final int MINIMUM_LINK_TIMEOUT_SECONDS = 1;
    /** The range the page accepts for the link timeout, as the node does. */
    public static final int MAXIMUM_LINK_TIMEOUT_SECONDS = 600;
    /** The range the page accepts for the in-flight window. */
    public static final int MINIMUM_IN_FLIGHT_WINDOW_MIB = 1;
    /** The range the page accepts for the in-flight window. */
    public static final int MAXIMUM_IN_FLIGHT_WINDOW_MIB = 4096;

    private EnginePreferences() {
    }

    /**
     * The values a new pair starts with.
     *
     * @param mode asynchronous or synchronous replication
     * @param inFlightWindowBytes the in-flight window
     * @param chunkSize the chunk size in bytes
     * @param linkTimeout the link timeout
     * @param resyncBytesPerSecond the resync rate limit, 0 for none
     */
    public record EngineDefaults(ReplicationMode mode, long inFlightWindowBytes, int chunkSize, Duration linkTimeout,
            long resyncBytesPerSecond) {
    }

    /** @return the store the preference page edits */
    public static IPreferenceStore store() {
        return new ScopedPreferenceStore(InstanceScope.INSTANCE, QUALIFIER);
    }

    /** @return the values stored now (the defaults where nothing is stored or a value is unusable) */
    public static EngineDefaults current() {
        IPreferenceStore store = store();
        ReplicationMode mode;
        try {
            mode = ReplicationMode.valueOf(store.getString(REPLICATION_MODE).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            mode = ReplicationMode.ASYNCHRONOUS;
        }
        return new EngineDefaults(mode, store.getInt(IN_FLIGHT_WINDOW_MIB) * (1L << 20),
                store.getInt(CHUNK_SIZE_KIB) * 1024, Duration.ofSeconds(store.getInt(LINK_TIMEOUT_SECONDS)),
                Math.max(0, store.getInt(RESYNC_RATE_MIB)) * (1L << 20));
    }

    /** Gives every engine preference its default: the node's own defaults. */
    public static final class Initializer extends AbstractPreferenceInitializer {
        @Override
        public void initializeDefaultPreferences() {
            IEclipsePreferences defaults = DefaultScope.INSTANCE.getNode(QUALIFIER);
            defaults.putInt(CHUNK_SIZE_KIB, MirrorlineNode.DEFAULT_CHUNK_SIZE / 1024);
            defaults.putInt(LINK_TIMEOUT_SECONDS, (int) MirrorlineNode.DEFAULT_LINK_TIMEOUT.toSeconds());
            defaults.putInt(IN_FLIGHT_WINDOW_MIB, (int) (MirrorlineNode.DEFAULT_WINDOW_BYTES >> 20));
            defaults.put(REPLICATION_MODE, ReplicationMode.ASYNCHRONOUS.name());
            defaults.putInt(RESYNC_RATE_MIB, 0);
        }
    }
}
