/**
 * The Mirrorline replication engine: volumes, the write path, snapshots and resynchronisation.
 *
 * <p>This package is the engine's public API. It is plain Java: it never imports SWT, JFace,
 * Eclipse UI or gRPC classes, so the console, the transport, the command line and tests can all use
 * it from a plain {@code main()}.
 *
 * <p>The engine meets the outside world only through seams, so that the same code runs for real
 * and inside a seeded, deterministic simulation ({@code dev.mirrorline.engine.simulation}, see its
 * {@code SIMULATION.md}):
 * <ul>
 * <li>{@link dev.mirrorline.engine.time.Clock}: time, and every wait, wake-up, park and join of an
 * engine thread (the simulation runs the threads one at a time on simulated time);</li>
 * <li>{@link dev.mirrorline.engine.storage.Storage}: every file (the simulation keeps them in memory
 * and loses what was not forced at a crash);</li>
 * <li>{@link dev.mirrorline.engine.replication.ReplicationLink} and
 * {@link dev.mirrorline.engine.replication.LinkSupervisor.Connector}: the peer (the simulation's
 * link delays, drops, corrupts and cuts);</li>
 * <li>threads come from the {@link java.util.concurrent.ThreadFactory} each component is given,
 * events are delivered by the executor of their {@link dev.mirrorline.engine.event.EventDispatcher},
 * and identifiers come from {@link dev.mirrorline.engine.EngineContext#newId()}.</li>
 * </ul>
 * Engine code waits only through its clock and re-checks its condition after every wait.
 */
package dev.mirrorline.engine;
