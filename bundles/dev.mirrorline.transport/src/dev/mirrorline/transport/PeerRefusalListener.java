package dev.mirrorline.transport;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.event.EngineEvent;

/**
 * Told about every peer a node refuses for its certificate or pairing token; called on a network
 * thread, so it must return quickly.
 */
@FunctionalInterface
public interface PeerRefusalListener {

    /** @param refusal who was refused and why */
    void peerRefused(PeerRefusal refusal);

    /**
     * @param context the engine whose event log records the refusals
     * @return a listener that publishes each refusal as an {@link EngineEvent.PeerRefused}
     */
    static PeerRefusalListener publishingTo(EngineContext context) {
        return refusal -> context.events().publish(new EngineEvent.PeerRefused(context.clock().now(),
                refusal.peerAddress(), refusal.certificate() != null ? refusal.certificate().toString() : null,
                refusal.reason()));
    }
}
