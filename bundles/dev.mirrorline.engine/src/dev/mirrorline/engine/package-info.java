/**
 * The Mirrorline replication engine: volumes, the write path, snapshots and resynchronisation.
 *
 * <p>This package is the engine's public API. It is plain Java: it never imports SWT, JFace,
 * Eclipse UI or gRPC classes, so the console, the transport, the command line and tests can all use
 * it from a plain {@code main()}.
 */
package dev.mirrorline.engine;
