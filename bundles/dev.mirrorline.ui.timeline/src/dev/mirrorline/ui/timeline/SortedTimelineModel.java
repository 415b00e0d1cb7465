package dev.mirrorline.ui.timeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link TimelineModel} that holds its items in memory, in a sorted index per lane and row, and
 * answers range queries from it without scanning. Items can be added and replaced from any thread;
 * listeners hear of each change with the time range it touched.
 *
 * <p>Useful for tests, demos and benchmarks, and as the cache of a model that loads ranges from a
 * store.
 */
public final class SortedTimelineModel implements TimelineModel {

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, TimelineLane> lanes = new LinkedHashMap<>();
    private final Map<String, Map<TimelineRow, RowIndex>> rows = new LinkedHashMap<>();
    private final List<TimelineModelListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * Adds a lane after the others, or renames the lane with its id.
     *
     * @param lane the lane
     */
    public void putLane(TimelineLane lane) {
        lock.writeLock().lock();
        try {
            lanes.put(lane.id(), lane);
            rows.computeIfAbsent(lane.id(), id -> new EnumMap<>(TimelineRow.class));
        } finally {
            lock.writeLock().unlock();
        }
        listeners.forEach(TimelineModelListener::lanesChanged);
    }

    /**
     * Adds an item to a lane, or replaces the lane's item with the same id.
     *
     * @param laneId the lane; added with its id as its label if it is new
     * @param item the item
     */
    public void put(String laneId, TimelineItem item) {
        putAll(laneId, List.of(item));
    }

    /**
     * Adds or replaces items of a lane, and tells the listeners once.
     *
     * @param laneId the lane; added with its id as its label if it is new
     * @param items the items
     */
    public void putAll(String laneId, Collection<? extends TimelineItem> items) {
        if (items.isEmpty()) {
            return;
        }
        boolean newLane;
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        lock.writeLock().lock();
        try {
            newLane = !lanes.containsKey(laneId);
            if (newLane) {
                lanes.put(laneId, new TimelineLane(laneId, laneId));
            }
            Map<TimelineRow, RowIndex> laneRows = rows.computeIfAbsent(laneId, id -> new EnumMap<>(TimelineRow.class));
            for (TimelineItem item : items) {
                TimelineItem old = laneRows.computeIfAbsent(item.row(), row -> new RowIndex()).put(item);
                from = Math.min(from, item.start());
                to = Math.max(to, item.end());
                if (old != null) {
                    from = Math.min(from, old.start());
                    to = Math.max(to, old.end());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        for (TimelineModelListener listener : listeners) {
            if (newLane) {
                listener.lanesChanged();
            }
            listener.itemsChanged(laneId, from, to);
        }
    }

    /**
     * @param laneId a lane
     * @param row one of its rows
     * @param id an item's id
     * @return the item with that id in that row of the lane, or null
     */
    public TimelineItem item(String laneId, TimelineRow row, String id) {
        lock.readLock().lock();
        try {
            Map<TimelineRow, RowIndex> laneRows = rows.get(laneId);
            RowIndex index = laneRows == null ? null : laneRows.get(row);
            return index == null ? null : index.get(id);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** @return how many items all lanes hold */
    public int size() {
        lock.readLock().lock();
        try {
            int size = 0;
            for (Map<TimelineRow, RowIndex> laneRows : rows.values()) {
                for (RowIndex index : laneRows.values()) {
                    size += index.size();
                }
            }
            return size;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<TimelineLane> lanes() {
        lock.readLock().lock();
        try {
            return List.copyOf(lanes.values());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<TimelineItem> itemsIn(String laneId, long from, long to, long resolution) {
        List<TimelineItem> items = new ArrayList<>();
        lock.readLock().lock();
        try {
            Map<TimelineRow, RowIndex> laneRows = rows.get(laneId);
            if (laneRows != null) {
                for (RowIndex index : laneRows.values()) {
                    index.collect(from, to, items);
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return items;
    }

    @Override
    public long[] extent() {
        long earliest = Long.MAX_VALUE;
        long latest = Long.MIN_VALUE;
        lock.readLock().lock();
        try {
            for (Map<TimelineRow, RowIndex> laneRows : rows.values()) {
                for (RowIndex index : laneRows.values()) {
                    earliest = Math.min(earliest, index.earliest());
                    latest = Math.max(latest, index.latest());
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return earliest == Long.MAX_VALUE ? null : new long[] { earliest, latest };
    }

    @Override
    public void addListener(TimelineModelListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(TimelineModelListener listener) {
        listeners.remove(listener);
    }
}
