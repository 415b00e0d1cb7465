package dev.mirrorline.history;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import dev.mirrorline.engine.event.EngineEvent;

/**
 * Which recorded events to return, in which order, how many: an immutable value built from
 * {@link #all()} with the {@code with...}-style methods, e.g. the events of one pair in a time
 * window, oldest first, for a timeline lane:
 *
 * <pre>{@code EventQuery.all().pair("db-1").between(from, to)}</pre>
 *
 * or the newest page of an event log filtered by type:
 *
 * <pre>{@code EventQuery.all().types("LinkDown").newestFirst().limit(200).offset(400)}</pre>
 *
 * Time ranges are half open: {@code from} included, {@code to} excluded. Events at the same
 * instant are ordered by their id, so paging is stable.
 */
public final class EventQuery {

    /** How many events a query returns unless told otherwise. */
    public static final int DEFAULT_LIMIT = 1000;

    /** The order of the events returned. */
    public enum Order {
        /** By time, then id, ascending: what a timeline draws. */
        OLDEST_FIRST,
        /** By time, then id, descending: what an event log lists. */
        NEWEST_FIRST
    }

    private static final EventQuery ALL = new EventQuery(Set.of(), Set.of(), null, null, 0, Order.OLDEST_FIRST,
            DEFAULT_LIMIT, 0);

    private final Set<String> pairs;
    private final Set<String> types;
    private final Instant from;
    private final Instant to;
    private final long afterId;
    private final Order order;
    private final int limit;
    private final long offset;

    private EventQuery(Set<String> pairs, Set<String> types, Instant from, Instant to, long afterId, Order order,
            int limit, long offset) {
        this.pairs = pairs;
        this.types = types;
        this.from = from;
        this.to = to;
        this.afterId = afterId;
        this.order = order;
        this.limit = limit;
        this.offset = offset;
    }

    /** @return every pair, every type, all times, oldest first, the first {@value #DEFAULT_LIMIT} */
    public static EventQuery all() {
        return ALL;
    }

    /**
     * @param pair a pair name
     * @return this query restricted to that pair
     */
    public EventQuery pair(String pair) {
        return pairs(Set.of(Objects.requireNonNull(pair, "pair")));
    }

    /**
     * @param pairNames pair names; empty for every pair
     * @return this query restricted to those pairs
     */
    public EventQuery pairs(Collection<String> pairNames) {
        Set<String> copy = new LinkedHashSet<>();
        for (String pair : pairNames) {
            copy.add(Objects.requireNonNull(pair, "pair"));
        }
        return new EventQuery(Set.copyOf(copy), types, from, to, afterId, order, limit, offset);
    }

    /**
     * @param typeNames event type names (see {@link EventTypes#names()}); none for every type
     * @return this query restricted to those types
     * @throws IllegalArgumentException naming the known types, for a name that is none of them
     */
    public EventQuery types(String... typeNames) {
        return types(Arrays.asList(typeNames));
    }

    /**
     * @param typeNames event type names (see {@link EventTypes#names()}); empty for every type
     * @return this query restricted to those types
     * @throws IllegalArgumentException naming the known types, for a name that is none of them
     */
    public EventQuery types(Collection<String> typeNames) {
        Set<String> copy = new LinkedHashSet<>();
        for (String type : typeNames) {
            copy.add(EventTypes.checkedName(Objects.requireNonNull(type, "type")));
        }
        return new EventQuery(pairs, Set.copyOf(copy), from, to, afterId, order, limit, offset);
    }

    /**
     * @param eventTypes event record classes, e.g. {@code EngineEvent.LinkDown.class}
     * @return this query restricted to those types
     */
    @SafeVarargs
    public final EventQuery types(Class<? extends EngineEvent>... eventTypes) {
        return types(Arrays.stream(eventTypes).map(EventTypes::nameOf).toList());
    }

    /**
     * @param fromInclusive the earliest time returned
     * @param toExclusive the time before which events are returned
     * @return this query restricted to the window
     * @throws IllegalArgumentException when the window ends before it starts
     */
    public EventQuery between(Instant fromInclusive, Instant toExclusive) {
        Objects.requireNonNull(fromInclusive, "from");
        Objects.requireNonNull(toExclusive, "to");
        if (toExclusive.isBefore(fromInclusive)) {
            throw new IllegalArgumentException("The time window ends (" + toExclusive + ") before it starts ("
                    + fromInclusive + ")");
        }
        return new EventQuery(pairs, types, fromInclusive, toExclusive, afterId, order, limit, offset);
    }

    /**
     * @param fromInclusive the earliest time returned
     * @return this query restricted to events at or after that time
     */
    public EventQuery from(Instant fromInclusive) {
        Objects.requireNonNull(fromInclusive, "from");
        if (to != null && to.isBefore(fromInclusive)) {
            throw new IllegalArgumentException("The time window ends (" + to + ") before it starts ("
                    + fromInclusive + ")");
        }
        return new EventQuery(pairs, types, fromInclusive, to, afterId, order, limit, offset);
    }

    /**
     * @param toExclusive the time before which events are returned
     * @return this query restricted to events before that time
     */
    public EventQuery to(Instant toExclusive) {
        Objects.requireNonNull(toExclusive, "to");
        if (from != null && toExclusive.isBefore(from)) {
            throw new IllegalArgumentException("The time window ends (" + toExclusive + ") before it starts ("
                    + from + ")");
        }
        return new EventQuery(pairs, types, from, toExclusive, afterId, order, limit, offset);
    }

    /**
     * Restricts the query to events recorded after a known one, e.g. to fetch only what is new
     * since the last look.
     *
     * @param id an event id; 0 for all
     * @return this query restricted to events with a greater id
     */
    public EventQuery afterId(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("An event id is not negative: " + id);
        }
        return new EventQuery(pairs, types, from, to, id, order, limit, offset);
    }

    /** @return this query, oldest events first */
    public EventQuery oldestFirst() {
        return new EventQuery(pairs, types, from, to, afterId, Order.OLDEST_FIRST, limit, offset);
    }

    /** @return this query, newest events first */
    public EventQuery newestFirst() {
        return new EventQuery(pairs, types, from, to, afterId, Order.NEWEST_FIRST, limit, offset);
    }

    /**
     * @param maximum how many events to return at most; positive
     * @return this query with that limit
     */
    public EventQuery limit(int maximum) {
        if (maximum <= 0) {
            throw new IllegalArgumentException("The limit must be positive: " + maximum);
        }
        return new EventQuery(pairs, types, from, to, afterId, order, maximum, offset);
    }

    /**
     * @param skipped how many matching events to skip, in the query's order, before returning any
     * @return this query with that offset
     */
    public EventQuery offset(long skipped) {
        if (skipped < 0) {
            throw new IllegalArgumentException("The offset must not be negative: " + skipped);
        }
        return new EventQuery(pairs, types, from, to, afterId, order, limit, skipped);
    }

    /** @return the pairs asked for; empty for all */
    public Set<String> pairs() {
        return pairs;
    }

    /** @return the type names asked for; empty for all */
    public Set<String> types() {
        return types;
    }

    /** @return the start of the window (included), or null for no start */
    public Instant from() {
        return from;
    }

    /** @return the end of the window (excluded), or null for no end */
    public Instant to() {
        return to;
    }

    /** @return only events with a greater id are returned; 0 for all */
    public long afterId() {
        return afterId;
    }

    /** @return the order */
    public Order order() {
        return order;
    }

    /** @return the most events returned */
    public int limit() {
        return limit;
    }

    /** @return how many matching events are skipped */
    public long offset() {
        return offset;
    }

    @Override
    public String toString() {
        return "EventQuery[pairs=" + pairs + ", types=" + types + ", from=" + from + ", to=" + to + ", afterId="
                + afterId + ", order=" + order + ", limit=" + limit + ", offset=" + offset + "]";
    }
}
