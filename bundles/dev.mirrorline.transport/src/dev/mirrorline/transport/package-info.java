/**
 * The network side of Mirrorline: gRPC servers and clients that carry the replication protocol
 * between nodes. Depends on the engine's API, never on UI code.
 */
package dev.mirrorline.transport;
