/**
 * Replication between a primary and a secondary volume: what the two sides tell each other when
 * they connect, the writes that travel between them, and how the secondary applies them in order.
 * The network itself is behind the transport; nothing here imports gRPC.
 */
package dev.mirrorline.engine.replication;
