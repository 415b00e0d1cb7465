package dev.mirrorline.ui.timeline;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.osgi.util.NLS;

/** Describes an item in words, for its tooltip: what it is, when, and its figures. */
public final class ItemDescriptions {

    private ItemDescriptions() {
    }

    /**
     * @param lane the item's lane
     * @param item the item
     * @param now the present, for items still going on
     * @param zone the zone to show times in
     * @return lines of text: the lane, what the item is, when, and its details
     */
    public static String describe(TimelineLane lane, TimelineItem item, long now, ZoneId zone) {
        List<String> lines = new ArrayList<>();
        lines.add(lane.label());
        if (item instanceof LinkSpan link) {
            lines.add(link.state() == LinkSpan.State.CONNECTED ? Messages.Tip_linkConnected
                    : Messages.Tip_linkInterrupted);
            lines.add(when(item, now, zone));
            if (!link.reason().isEmpty()) {
                lines.add(NLS.bind(Messages.Tip_reason, link.reason()));
            }
        } else if (item instanceof WriteFreeze freeze) {
            lines.add(NLS.bind(Messages.Tip_freeze, Formats.pause(freeze.pauseNanos())));
            lines.add(when(item, now, zone));
        } else if (item instanceof SnapshotSpan snapshot) {
            lines.add(NLS.bind(Messages.Tip_snapshot, snapshot.name(), Formats.bytes(snapshot.sizeBytes())));
            lines.add(when(item, now, zone));
        } else if (item instanceof ResyncSpan resync) {
            lines.add(resync.bytesTotal() == 0 ? NLS.bind(Messages.Tip_resyncUnknownTotal,
                    Formats.bytes(resync.bytesSent()))
                    : NLS.bind(Messages.Tip_resync, new Object[] { Formats.bytes(resync.bytesSent()),
                            Formats.bytes(resync.bytesTotal()), Math.round(resync.progress() * 100) }));
            lines.add(when(item, now, zone));
            if (resync.bytesPerSecond() > 0) {
                lines.add(NLS.bind(Messages.Tip_rate, Formats.rate(resync.bytesPerSecond())));
            }
        } else if (item instanceof DrillStep step) {
            lines.add(NLS.bind(Messages.Tip_drill, step.step()));
            lines.add(when(item, now, zone));
            if (!step.detail().isEmpty()) {
                lines.add(step.detail());
            }
        }
        return String.join("\n", lines);
    }

    private static String when(TimelineItem item, long now, ZoneId zone) {
        String start = Formats.time(item.start(), zone);
        if (item.isMarker()) {
            return NLS.bind(Messages.Tip_at, start);
        }
        if (item.isOpen()) {
            return NLS.bind(Messages.Tip_openSpan, start, Formats.duration(item.endAt(now) - item.start()));
        }
        return NLS.bind(Messages.Tip_span,
                new Object[] { start, Formats.time(item.end(), zone), Formats.duration(item.end() - item.start()) });
    }
}
