package dev.mirrorline.transport;

import java.time.Instant;

/**
 * What a node reports about itself through the status call.
 *
 * @param nodeName the node's name
 * @param softwareVersion the Mirrorline version the node runs
 * @param protocolVersion the wire protocol version it speaks
 * @param startedAt when the node started
 */
public record NodeStatus(String nodeName, String softwareVersion, int protocolVersion, Instant startedAt) {

    /** The Mirrorline version of this build, as nodes report it. */
    public static final String SOFTWARE_VERSION = "0.1.0";

    /** The wire protocol version this build speaks. */
    public static final int PROTOCOL_VERSION = 1;
}
