package dev.mirrorline.history;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.event.EngineEventListener;

/**
 * The durable, queryable history of engine events, kept in an embedded H2 database in a
 * directory of its own. Several pairs share one history; each event is stored with the pair it
 * belongs to, its time to the nanosecond, its type, a readable summary and all its fields, so that
 * queries return events equal to those recorded.
 *
 * <h2>Recording</h2>
 * Register the history on an engine's {@link dev.mirrorline.engine.event.EventDispatcher} (it is an
 * {@link EngineEventListener}) or record explicitly with {@link #record(String, EngineEvent)}.
 * Recording only queues the event; a writer thread of the history stores queued events in
 * batches, one transaction per batch, and each commit is written to the database file before the
 * next batch starts, so a crash of the process loses at most the events not yet committed, and
 * never leaves a batch half stored: after an unclean close the history checks its table against its
 * indexes when it opens and repairs what H2's own recovery left (see the test that kills a
 * recording process). {@link #awaitRecorded(Duration)} waits until what was recorded so far is
 * committed. The queue is bounded: a caller waits only when the writer is that far behind.
 *
 * <h2>Which pair</h2>
 * Events name a volume or a snapshot, not a pair. Events recorded through {@link #forPair(String)}
 * or {@link #record(String, EngineEvent)} belong to the pair given. Events received through
 * {@link #onEvent(EngineEvent)} belong to the pair that the function given to
 * {@link #open(Path, Function)} maps their volume to (by default the volume's name); events that
 * name only a snapshot belong to the pair of an earlier event that named that snapshot and a volume
 * (the history remembers these across restarts), else to {@link #NO_PAIR}.
 *
 * <h2>Reading</h2>
 * {@link #find(EventQuery)}, {@link #count(EventQuery)} and {@link #pairs()} may be called from any
 * thread, also while events are being recorded. {@link #addRecordedListener(Consumer)} tells about
 * events as soon as they are committed.
 */
public final class EventHistory implements EngineEventListener, AutoCloseable {

    /** The pair of events whose pair cannot be told. */
    public static final String NO_PAIR = "(no pair)";

    /** The name of the database file in the history's directory (H2 adds {@code .mv.db}). */
    static final String DATABASE_NAME = "events";

    private static final System.Logger LOG = System.getLogger(EventHistory.class.getName());
    private static final int SCHEMA_VERSION = 1;
    private static final int QUEUE_CAPACITY = 65_536;
    /** Small, so that H2 has no reason to write a batch to the file before it commits it: see recoverFromAnUncleanClose. */
    private static final int MAX_BATCH = 512;
    private static final String CREATE_TIME_INDEX = "CREATE INDEX IF NOT EXISTS EVENTS_BY_TIME ON EVENTS (AT_NANOS, ID)";
    private static final String CREATE_PAIR_TIME_INDEX =
            "CREATE INDEX IF NOT EXISTS EVENTS_BY_PAIR_TIME ON EVENTS (PAIR, AT_NANOS, ID)";
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(20);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final Set<Path> OPEN_DIRECTORIES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final Function<String, String> pairOfVolume;
    private final Connection writerConnection;
    private final Connection readerConnection;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Object submitLock = new Object();
    private final Object progress = new Object();
    private final List<Consumer<List<RecordedEvent>>> recordedListeners = new CopyOnWriteArrayList<>();
    private final Thread writer;

    // guarded by submitLock
    private boolean closed;
    private long submitted;
    // guarded by progress
    private long committed;
    private boolean writerGaveUp;
    // writer thread only
    private long nextId;
    private final Set<String> knownPairs = new HashSet<>();
    private final Map<String, String> snapshotPairs = new HashMap<>();

    private EventHistory(Path directory, Function<String, String> pairOfVolume, Connection writerConnection,
            Connection readerConnection) throws SQLException {
        this.directory = directory;
        this.pairOfVolume = pairOfVolume;
        this.writerConnection = writerConnection;
        this.readerConnection = readerConnection;
        createSchema();
        recoverFromAnUncleanClose();
        loadState();
        setInfo("open", "true");
        writer = new Thread(this::writeQueuedEvents, "mirrorline-event-history-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Opens the history in a directory, creating both if missing. Events received as a listener
     * belong to the pair named like their volume.
     *
     * @param directory the history's own directory
     * @return the history
     * @throws IOException when the directory cannot be used, the database is damaged beyond what H2
     *         repairs, was written by a newer version, or is open in another process
     */
    public static EventHistory open(Path directory) throws IOException {
        return open(directory, volume -> volume);
    }

    /**
     * Opens the history in a directory, creating both if missing.
     *
     * @param directory the history's own directory
     * @param pairOfVolume maps a volume name to the name of its pair, for events received as a
     *        listener; returning null keeps the volume's name. Called on the history's writer thread.
     * @return the history
     * @throws IOException when the directory cannot be used, the database is damaged beyond what H2
     *         repairs, was written by a newer version, or is open in another process
     */
    public static EventHistory open(Path directory, Function<String, String> pairOfVolume) throws IOException {
        Objects.requireNonNull(pairOfVolume, "pairOfVolume");
        Path absolute = directory.toAbsolutePath().normalize();
        if (absolute.toString().contains(";")) {
            throw new IOException("The event history cannot live in a directory whose path contains ';': " + absolute);
        }
        Files.createDirectories(absolute);
        if (!Files.isWritable(absolute)) {
            throw new IOException("The event history's directory is not writable: " + absolute);
        }
        // H2 lets one process open a database twice; two writers would hand out the same ids
        if (!OPEN_DIRECTORIES.add(absolute)) {
            throw new IOException("The event history in " + absolute + " is already open in this process");
        }
        // WRITE_DELAY=0: every commit is written to the file before it returns.
        // DB_CLOSE_ON_EXIT=FALSE: the history closes the database itself, after its last batch.
        // COMPRESS=TRUE: pages are compressed; a fifth of the size for the same insert rate.
        String url = "jdbc:h2:file:" + absolute.resolve(DATABASE_NAME)
                + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;COMPRESS=TRUE";
        Connection writerConnection = null;
        Connection readerConnection = null;
        try {
            org.h2.Driver driver = org.h2.Driver.load();
            writerConnection = driver.connect(url, new Properties());
            readerConnection = driver.connect(url, new Properties());
            return new EventHistory(absolute, pairOfVolume, writerConnection, readerConnection);
        } catch (SQLException e) {
            closeQuietly(readerConnection);
            closeQuietly(writerConnection);
            OPEN_DIRECTORIES.remove(absolute);
            throw new IOException(openFailure(absolute, e), e);
        } catch (RuntimeException e) {
            closeQuietly(readerConnection);
            closeQuietly(writerConnection);
            OPEN_DIRECTORIES.remove(absolute);
            throw e;
        }
    }

    private static String openFailure(Path directory, SQLException e) {
        if (e.getErrorCode() == 90020) { // DATABASE_ALREADY_OPEN_1
            return "The event history in " + directory + " is open in another process";
        }
        return "Cannot open the event history in " + directory + ": " + e.getMessage();
    }

    /** @return the directory the history lives in */
    public Path directory() {
        return directory;
    }

    /**
     * Records an event under the pair its volume maps to (see the class comment). Returns once it is
     * queued.
     *
     * @param event the event
     * @throws IllegalStateException when the history is closed
     * @throws IllegalArgumentException when the event's time is outside the years 1678 to 2261
     */
    @Override
    public void onEvent(EngineEvent event) {
        submit(null, event);
    }

    /**
     * Records an event under a pair. Returns once it is queued.
     *
     * @param pair the pair the event belongs to
     * @param event the event
     * @throws IllegalStateException when the history is closed
     * @throws IllegalArgumentException when the event's time is outside the years 1678 to 2261
     */
    public void record(String pair, EngineEvent event) {
        submit(Objects.requireNonNull(pair, "pair"), event);
    }

    /**
     * @param pair a pair name
     * @return a listener that records every event it receives under that pair, for a dispatcher
     *         that serves one pair
     */
    public EngineEventListener forPair(String pair) {
        Objects.requireNonNull(pair, "pair");
        return event -> record(pair, event);
    }

    private void submit(String pair, EngineEvent event) {
        Objects.requireNonNull(event, "event");
        long atNanos = epochNanos(event.at());
        synchronized (submitLock) {
            if (closed) {
                throw new IllegalStateException("The event history in " + directory + " is closed");
            }
            try {
                queue.put(new Pending(pair, event, atNanos));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while the event history's queue was full; " + event
                        + " was not recorded", e);
            }
            submitted++;
        }
    }

    /**
     * Waits until every event recorded before this call is committed, and its
     * {@linkplain #addRecordedListener(Consumer) listeners} were told.
     *
     * @param timeout how long to wait at most
     * @return true when they are committed, false after the timeout
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitRecorded(Duration timeout) throws InterruptedException {
        long target;
        synchronized (submitLock) {
            target = submitted;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (committed < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || writerGaveUp) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    /**
     * @param listener told about each batch of events right after it is committed, on the
     *        history's writer thread, in the order of recording; must return quickly
     */
    public void addRecordedListener(Consumer<List<RecordedEvent>> listener) {
        recordedListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** @param listener no longer told */
    public void removeRecordedListener(Consumer<List<RecordedEvent>> listener) {
        recordedListeners.remove(listener);
    }

    /**
     * @param query which events, in which order, how many
     * @return the committed events that match
     * @throws EventHistoryException when the database cannot be read
     */
    public List<RecordedEvent> find(EventQuery query) {
        List<Object> parameters = new ArrayList<>();
        String where = where(query, parameters);
        String direction = query.order() == EventQuery.Order.NEWEST_FIRST ? " DESC" : "";
        // for one pair, H2 reads its index in order (rather than sorting all the pair's events) only
        // when the ORDER BY names the index's first column too
        String order = (query.pairs().size() == 1 ? "PAIR" + direction + ", " : "") + "AT_NANOS" + direction + ", ID"
                + direction;
        String sql = "SELECT ID, AT_NANOS, PAIR, TYPE, SUMMARY, FIELDS FROM EVENTS" + where + " ORDER BY " + order
                + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY";
        parameters.add(query.offset());
        parameters.add(query.limit());
        synchronized (readerConnection) {
            try (PreparedStatement statement = readerConnection.prepareStatement(sql)) {
                bind(statement, parameters);
                List<RecordedEvent> events = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        events.add(recordedEvent(rows.getLong(1), rows.getString(3), instant(rows.getLong(2)),
                                rows.getString(4), rows.getString(5), rows.getString(6)));
                    }
                }
                return events;
            } catch (SQLException e) {
                throw new EventHistoryException("Cannot read the event history in " + directory + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * @param query which events; its order, limit and offset are ignored
     * @return how many committed events match
     * @throws EventHistoryException when the database cannot be read
     */
    public long count(EventQuery query) {
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT COUNT(*) FROM EVENTS" + where(query, parameters);
        synchronized (readerConnection) {
            try (PreparedStatement statement = readerConnection.prepareStatement(sql)) {
                bind(statement, parameters);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            } catch (SQLException e) {
                throw new EventHistoryException("Cannot count events in the history in " + directory + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * @return the name of every pair that has had an event recorded, sorted; pairs stay known when
     *         their events are deleted
     * @throws EventHistoryException when the database cannot be read
     */
    public List<String> pairs() {
        synchronized (readerConnection) {
            try (Statement statement = readerConnection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT NAME FROM PAIRS ORDER BY NAME")) {
                List<String> pairs = new ArrayList<>();
                while (rows.next()) {
                    pairs.add(rows.getString(1));
                }
                return pairs;
            } catch (SQLException e) {
                throw new EventHistoryException("Cannot read the pairs of the event history in " + directory + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /**
     * Deletes the events that happened before a time, in transactions of a few thousand events.
     *
     * @param time events before it are deleted
     * @return how many were deleted
     * @throws EventHistoryException when the database cannot be written
     */
    public long deleteOlderThan(Instant time) {
        long before = clampedEpochNanos(time);
        long deleted = 0;
        synchronized (readerConnection) {
            try (PreparedStatement statement = readerConnection
                    .prepareStatement("DELETE FROM EVENTS WHERE AT_NANOS < ? FETCH FIRST 10000 ROWS ONLY")) {
                statement.setLong(1, before);
                int count;
                do {
                    count = statement.executeUpdate();
                    deleted += count;
                } while (count > 0);
                return deleted;
            } catch (SQLException e) {
                throw new EventHistoryException("Cannot delete old events from the history in " + directory
                        + " (" + deleted + " deleted): " + e.getMessage(), e);
            }
        }
    }

    /**
     * Stops taking events, commits those queued (waiting up to twenty seconds for a database that
     * fails), and closes the database.
     */
    @Override
    public void close() {
        synchronized (submitLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            // after the events queued before it; when the queue is full, once the writer made room
            while (!queue.offer(Pending.STOP, 100, TimeUnit.MILLISECONDS) && writer.isAlive()) {
                // waiting for room
            }
            writer.join(CLOSE_GRACE.toMillis() + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (readerConnection) {
            closeQuietly(readerConnection);
        }
        if (!writer.isAlive()) {
            try {
                setInfo("open", "false");
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "The event history in " + directory + " could not note that it was closed"
                        + " cleanly; it checks itself when opened next: " + e);
            }
        }
        closeQuietly(writerConnection);
        OPEN_DIRECTORIES.remove(directory);
    }

    // ---------------------------------------------------------------- the writer thread

    private void writeQueuedEvents() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // only close() ends the writer
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            if (batch.get(batch.size() - 1) == Pending.STOP) {
                batch.remove(batch.size() - 1);
                stop = true;
            }
            if (!batch.isEmpty() && !writeWithRetries(batch)) {
                synchronized (progress) {
                    writerGaveUp = true;
                    progress.notifyAll();
                }
                return;
            }
            batch.clear();
        }
    }

    private boolean writeWithRetries(List<Pending> batch) {
        long pause = 50;
        long giveUpAt = 0;
        while (true) {
            try {
                List<RecordedEvent> recorded = write(batch);
                // listeners first: once awaitRecorded returns, they have heard of what it waited for
                tellListeners(recorded);
                synchronized (progress) {
                    committed += batch.size();
                    progress.notifyAll();
                }
                return true;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                boolean closing;
                synchronized (submitLock) {
                    closing = closed;
                }
                if (closing && giveUpAt == 0) {
                    giveUpAt = System.nanoTime() + CLOSE_GRACE.toNanos();
                }
                if (closing && System.nanoTime() - giveUpAt > 0) {
                    LOG.log(Level.ERROR, "The event history in " + directory + " is closing and cannot store "
                            + (batch.size() + queue.size()) + " events: " + e, e);
                    return false;
                }
                LOG.log(Level.WARNING, "Cannot store " + batch.size() + " events in the history in " + directory
                        + "; retrying in " + pause + " ms: " + e, e);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    // retry at once
                }
                pause = Math.min(pause * 2, 5000);
            }
        }
    }

    private List<RecordedEvent> write(List<Pending> batch) throws SQLException {
        long firstId = nextId;
        Set<String> newPairs = new HashSet<>();
        Map<String, String> newSnapshots = new HashMap<>();
        List<RecordedEvent> recorded = new ArrayList<>(batch.size());
        try (PreparedStatement insert = writerConnection.prepareStatement(
                "INSERT INTO EVENTS (ID, AT_NANOS, PAIR, TYPE, SUMMARY, FIELDS) VALUES (?, ?, ?, ?, ?, ?)")) {
            long id = firstId;
            for (Pending pending : batch) {
                String pair = pairOf(pending, newSnapshots);
                if (!knownPairs.contains(pair)) {
                    newPairs.add(pair);
                }
                String type = EventTypes.nameOf(pending.event());
                String summary = summary(pending.event());
                String fields = fields(pending.event());
                insert.setLong(1, id);
                insert.setLong(2, pending.atNanos());
                insert.setString(3, pair);
                insert.setString(4, type);
                insert.setString(5, summary);
                insert.setString(6, fields);
                insert.addBatch();
                recorded.add(new RecordedEvent(id, pair, pending.event().at(), type, summary, fields,
                        pending.event()));
                id++;
            }
            insert.executeBatch();
            if (!newPairs.isEmpty()) {
                try (PreparedStatement merge = writerConnection.prepareStatement(
                        "MERGE INTO PAIRS (NAME) KEY (NAME) VALUES (?)")) {
                    for (String pair : newPairs) {
                        merge.setString(1, pair);
                        merge.addBatch();
                    }
                    merge.executeBatch();
                }
            }
            if (!newSnapshots.isEmpty()) {
                try (PreparedStatement merge = writerConnection.prepareStatement(
                        "MERGE INTO SNAPSHOTS (SNAPSHOT_ID, PAIR) KEY (SNAPSHOT_ID) VALUES (?, ?)")) {
                    for (Map.Entry<String, String> snapshot : newSnapshots.entrySet()) {
                        merge.setString(1, snapshot.getKey());
                        merge.setString(2, snapshot.getValue());
                        merge.addBatch();
                    }
                    merge.executeBatch();
                }
            }
            try (PreparedStatement nextIdUpdate = writerConnection.prepareStatement(
                    "UPDATE INFO SET VAL = ? WHERE NAME = 'next_id'")) {
                nextIdUpdate.setString(1, Long.toString(id));
                nextIdUpdate.executeUpdate();
            }
            writerConnection.commit();
            nextId = id;
        }
        knownPairs.addAll(newPairs);
        snapshotPairs.putAll(newSnapshots);
        return recorded;
    }

    private String pairOf(Pending pending, Map<String, String> newSnapshots) throws SQLException {
        EngineEvent event = pending.event();
        String snapshotId = EventCodec.stringComponent(event, "snapshotId");
        String pair = pending.pair();
        if (pair == null) {
            String volume = EventCodec.stringComponent(event, "volume");
            if (volume != null) {
                String mapped = pairOfVolume.apply(volume);
                pair = mapped != null ? mapped : volume;
            }
        }
        if (snapshotId == null) {
            return pair != null ? pair : NO_PAIR;
        }
        if (pair != null) {
            if (!pair.equals(snapshotPairs.get(snapshotId))) {
                newSnapshots.put(snapshotId, pair);
            }
            return pair;
        }
        String known = newSnapshots.containsKey(snapshotId) ? newSnapshots.get(snapshotId)
                : snapshotPairs.get(snapshotId);
        return known != null ? known : NO_PAIR;
    }

    private static String summary(EngineEvent event) {
        try {
            return EventSummaries.summaryOf(event);
        } catch (RuntimeException e) {
            return String.valueOf(event);
        }
    }

    private String fields(EngineEvent event) {
        try {
            return EventCodec.fieldsJson(event);
        } catch (RuntimeException e) {
            // stored all the same, with its summary; it cannot be rebuilt
            LOG.log(Level.WARNING, "The event history stores " + event + " without its fields: " + e);
            return "{}";
        }
    }

    private void tellListeners(List<RecordedEvent> recorded) {
        for (Consumer<List<RecordedEvent>> listener : recordedListeners) {
            try {
                listener.accept(recorded);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A listener of the event history failed: " + e, e);
            }
        }
    }

    private void rollbackQuietly() {
        try {
            writerConnection.rollback();
        } catch (SQLException e) {
            // the connection is broken; the next attempt reports it
        }
    }

    // ---------------------------------------------------------------- schema and state

    private void createSchema() throws SQLException {
        writerConnection.setAutoCommit(false);
        try (Statement statement = writerConnection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS INFO (NAME VARCHAR PRIMARY KEY, VAL VARCHAR NOT NULL)");
            statement.execute("MERGE INTO INFO (NAME, VAL) KEY (NAME) SELECT 'schema_version', '" + SCHEMA_VERSION
                    + "' WHERE NOT EXISTS (SELECT 1 FROM INFO WHERE NAME = 'schema_version')");
            statement.execute("MERGE INTO INFO (NAME, VAL) KEY (NAME) SELECT 'next_id', '1'"
                    + " WHERE NOT EXISTS (SELECT 1 FROM INFO WHERE NAME = 'next_id')");
            int version = Integer.parseInt(info(statement, "schema_version"));
            if (version > SCHEMA_VERSION) {
                throw new SQLException("the history was written by a newer version of Mirrorline (schema version "
                        + version + "; this version reads " + SCHEMA_VERSION + ")");
            }
            statement.execute("CREATE TABLE IF NOT EXISTS EVENTS (ID BIGINT PRIMARY KEY, AT_NANOS BIGINT NOT NULL,"
                    + " PAIR VARCHAR NOT NULL, TYPE VARCHAR NOT NULL, SUMMARY VARCHAR NOT NULL,"
                    + " FIELDS VARCHAR NOT NULL)");
            statement.execute(CREATE_TIME_INDEX);
            statement.execute(CREATE_PAIR_TIME_INDEX);
            statement.execute("CREATE TABLE IF NOT EXISTS PAIRS (NAME VARCHAR PRIMARY KEY)");
            statement.execute("CREATE TABLE IF NOT EXISTS SNAPSHOTS (SNAPSHOT_ID VARCHAR PRIMARY KEY,"
                    + " PAIR VARCHAR NOT NULL)");
        }
        writerConnection.commit();
    }

    /**
     * H2 is meant to roll back, when it opens, what a killed process had not committed; with
     * H2 2.3 and 2.5 it sometimes does not: the test that kills a recording process found rows of
     * the uncommitted batch in the table and entries of rows that do not exist in its indexes.
     * Batches are kept small so that H2 does not write uncommitted rows to the file in the first
     * place, and after an unclean close the history checks itself: rows at or past the next id
     * (which every batch's transaction advances) were never committed and are deleted, and
     * indexes that do not match the table are built again.
     */
    private void recoverFromAnUncleanClose() throws SQLException {
        if (!"true".equals(infoOrNull("open"))) {
            return;
        }
        List<String> problems = integrityProblems();
        if (problems.isEmpty()) {
            return;
        }
        LOG.log(Level.WARNING, "The event history in " + directory + " was not closed cleanly and H2 left it"
                + " inconsistent; repairing: " + String.join("; ", problems));
        try (Statement statement = writerConnection.createStatement()) {
            long next = Long.parseLong(info(statement, "next_id"));
            statement.execute("DROP INDEX IF EXISTS EVENTS_BY_TIME");
            statement.execute("DROP INDEX IF EXISTS EVENTS_BY_PAIR_TIME");
            statement.execute("DELETE FROM EVENTS WHERE ID >= " + next);
            writerConnection.commit();
            statement.execute(CREATE_TIME_INDEX);
            statement.execute(CREATE_PAIR_TIME_INDEX);
            writerConnection.commit();
        }
        problems = integrityProblems();
        if (!problems.isEmpty()) {
            throw new SQLException("the database is damaged and could not be repaired: "
                    + String.join("; ", problems));
        }
    }

    /**
     * Compares the table with its indexes: the same rows through each, none at or past the next id.
     *
     * @return what does not match; empty when all is well
     * @throws SQLException when the database cannot be read at all
     */
    List<String> integrityProblems() throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Statement statement = writerConnection.createStatement()) {
            long next = Long.parseLong(info(statement, "next_id"));
            String table = countAndMaxId(statement, "SELECT COUNT(ID), COALESCE(MAX(ID), 0) FROM EVENTS USE INDEX ()"
                    + " WHERE AT_NANOS >= " + Long.MIN_VALUE);
            String byTime = countAndMaxId(statement, "SELECT COUNT(ID), COALESCE(MAX(ID), 0) FROM EVENTS"
                    + " USE INDEX (EVENTS_BY_TIME) WHERE AT_NANOS >= " + Long.MIN_VALUE);
            String byPair = countAndMaxId(statement, "SELECT COUNT(ID), COALESCE(MAX(ID), 0) FROM EVENTS"
                    + " USE INDEX (EVENTS_BY_PAIR_TIME) WHERE PAIR >= ''");
            if (!table.equals(byTime)) {
                problems.add("the table holds " + table + ", the time index " + byTime);
            }
            if (!table.equals(byPair)) {
                problems.add("the table holds " + table + ", the pair index " + byPair);
            }
            if (table.startsWith("ERROR") || Long.parseLong(table.substring(table.indexOf("up to id ") + 9)) >= next) {
                problems.add("the table holds " + table + " but the last committed id is " + (next - 1));
            }
        }
        writerConnection.commit();
        return problems;
    }

    private static String countAndMaxId(Statement statement, String sql) {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1) + " rows up to id " + rows.getLong(2);
        } catch (SQLException e) {
            return "ERROR " + e.getMessage().lines().findFirst().orElse("");
        }
    }

    private String infoOrNull(String name) throws SQLException {
        try (PreparedStatement statement = writerConnection.prepareStatement("SELECT VAL FROM INFO WHERE NAME = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } finally {
            writerConnection.commit();
        }
    }

    private void setInfo(String name, String value) throws SQLException {
        try (PreparedStatement statement = writerConnection.prepareStatement(
                "MERGE INTO INFO (NAME, VAL) KEY (NAME) VALUES (?, ?)")) {
            statement.setString(1, name);
            statement.setString(2, value);
            statement.executeUpdate();
        }
        writerConnection.commit();
    }

    private void loadState() throws SQLException {
        try (Statement statement = writerConnection.createStatement()) {
            nextId = Long.parseLong(info(statement, "next_id"));
            try (ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(ID), 0) + 1 FROM EVENTS")) {
                rows.next();
                nextId = Math.max(nextId, rows.getLong(1));
            }
            try (ResultSet rows = statement.executeQuery("SELECT NAME FROM PAIRS")) {
                while (rows.next()) {
                    knownPairs.add(rows.getString(1));
                }
            }
            try (ResultSet rows = statement.executeQuery("SELECT SNAPSHOT_ID, PAIR FROM SNAPSHOTS")) {
                while (rows.next()) {
                    snapshotPairs.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        writerConnection.commit();
    }

    private static String info(Statement statement, String name) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT VAL FROM INFO WHERE NAME = '" + name + "'")) {
            if (!rows.next()) {
                throw new SQLException("the history's INFO table has no " + name);
            }
            return rows.getString(1);
        }
    }

    // ---------------------------------------------------------------- queries

    private static String where(EventQuery query, List<Object> parameters) {
        List<String> conditions = new ArrayList<>();
        if (!query.pairs().isEmpty()) {
            conditions.add("PAIR IN (" + placeholders(query.pairs().size()) + ")");
            parameters.addAll(query.pairs());
        }
        if (!query.types().isEmpty()) {
            conditions.add("TYPE IN (" + placeholders(query.types().size()) + ")");
            parameters.addAll(query.types());
        }
        if (query.from() != null) {
            conditions.add("AT_NANOS >= ?");
            parameters.add(clampedEpochNanos(query.from()));
        }
        if (query.to() != null) {
            conditions.add("AT_NANOS < ?");
            parameters.add(clampedEpochNanos(query.to()));
        }
        if (query.afterId() > 0) {
            conditions.add("ID > ?");
            parameters.add(query.afterId());
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object parameter = parameters.get(i);
            if (parameter instanceof Long number) {
                statement.setLong(i + 1, number);
            } else if (parameter instanceof Integer number) {
                statement.setInt(i + 1, number);
            } else {
                statement.setString(i + 1, (String) parameter);
            }
        }
    }

    private static RecordedEvent recordedEvent(long id, String pair, Instant at, String type, String summary,
            String fields) {
        EngineEvent event;
        try {
            event = EventCodec.rebuild(type, fields);
        } catch (IllegalArgumentException e) {
            event = null;
        }
        return new RecordedEvent(id, pair, at, type, summary, fields, event);
    }

    // ---------------------------------------------------------------- time

    /**
     * @param time an instant between the years 1678 and 2261
     * @return nanoseconds since the epoch
     * @throws IllegalArgumentException for instants outside that range
     */
    static long epochNanos(Instant time) {
        try {
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), NANOS_PER_SECOND), time.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("The event history stores times from " + instant(Long.MIN_VALUE)
                    + " to " + instant(Long.MAX_VALUE) + "; not " + time, e);
        }
    }

    private static long clampedEpochNanos(Instant time) {
        if (time.isBefore(instant(Long.MIN_VALUE))) {
            return Long.MIN_VALUE;
        }
        if (time.isAfter(instant(Long.MAX_VALUE))) {
            return Long.MAX_VALUE;
        }
        return epochNanos(time);
    }

    static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND),
                Math.floorMod(epochNanos, NANOS_PER_SECOND));
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Closing the event history's database failed: " + e, e);
        }
    }

    /** An event waiting for the writer; {@link #STOP} tells it to finish. */
    private record Pending(String pair, EngineEvent event, long atNanos) {
        static final Pending STOP = new Pending(null, null, 0);
    }
}
