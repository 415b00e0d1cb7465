package dev.mirrorline.node;

import java.util.Optional;

/**
 * What {@link MirrorlineNode#probeRemote} found about a remote agent.
 *
 * @param problem what is wrong, in words (unreachable, not a Mirrorline agent, another protocol
 *        version); empty if the agent can be paired
 * @param fingerprint the agent's certificate fingerprint, to be compared with the one the agent
 *        shows and confirmed; null if there is a problem
 * @param nodeName the name the agent gives itself; null if it did not admit this node yet
 * @param admitsThisNode whether the agent already trusts this node's certificate; if not, the agent
 *        must pin this node's fingerprint ({@link MirrorlineNode#fingerprint()}) for the pair
 */
public record RemoteProbe(Optional<String> problem, String fingerprint, String nodeName, boolean admitsThisNode) {

    static RemoteProbe failed(String problem) {
        return new RemoteProbe(Optional.of(problem), null, null, false);
    }
}
