package dev.mirrorline.transport;

import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import dev.mirrorline.transport.proto.PrimaryMessage;
import dev.mirrorline.transport.proto.ReplicationServiceGrpc;
import dev.mirrorline.transport.proto.SecondaryMessage;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * The replication service of a node that serves several secondary volumes on one address (an
 * agent): each stream goes to the secondary of the pair its Hello names. Secondaries can be added
 * and removed while the server runs; a stream for a pair the node does not serve is refused with
 * NOT_FOUND, naming the pairs it does serve.
 */
public final class SecondaryRouter extends ReplicationServiceGrpc.ReplicationServiceImplBase {

    private final Map<String, SecondaryReplicationService> secondaries = new ConcurrentHashMap<>();

    /**
     * Serves a pair's secondary from now on.
     *
     * @param pairId the pair, as the primary's Hello names it
     * @param secondary the secondary's replication service
     * @throws IllegalStateException if the pair is served already
     */
    public void add(String pairId, SecondaryReplicationService secondary) {
        if (secondaries.putIfAbsent(pairId, secondary) != null) {
            throw new IllegalStateException("The secondary of " + pairId + " is served already");
        }
    }

    /**
     * Stops routing new streams to a pair's secondary; a stream already open goes on until it ends.
     *
     * @param pairId the pair
     * @return whether it was served
     */
    public boolean remove(String pairId) {
        return secondaries.remove(pairId) != null;
    }

    @Override
    public StreamObserver<PrimaryMessage> replicate(StreamObserver<SecondaryMessage> responses) {
        // what the secondary's stream needs must be set while the call starts, before its Hello
        ServerCallStreamObserver<SecondaryMessage> call = (ServerCallStreamObserver<SecondaryMessage>) responses;
        call.disableAutoRequest();
        RoutedStream routed = new RoutedStream(call);
        call.setOnCancelHandler(routed::cancelled);
        call.request(1); // the Hello
        return routed;
    }

    /** A stream that goes to its pair's secondary once the Hello says which. */
    private final class RoutedStream implements StreamObserver<PrimaryMessage> {
        private final ServerCallStreamObserver<SecondaryMessage> responses;
        private SecondaryReplicationService.Stream secondary;
        private boolean refused;

        RoutedStream(ServerCallStreamObserver<SecondaryMessage> responses) {
            this.responses = responses;
        }

        void cancelled() {
            if (secondary != null) {
                secondary.cancelled();
            }
        }

        @Override
        public void onNext(PrimaryMessage message) {
            if (refused) {
                return;
            }
            if (secondary == null) {
                if (!message.hasHello()) {
                    refuse(Status.INVALID_ARGUMENT.withDescription("The replication stream must start with a Hello"));
                    return;
                }
                String pairId = message.getHello().getPairId();
                SecondaryReplicationService service = secondaries.get(pairId);
                if (service == null) {
                    refuse(Status.NOT_FOUND.withDescription("This node serves no secondary for the pair '" + pairId
                            + "' (it serves " + (secondaries.isEmpty() ? "none" : new TreeSet<>(secondaries.keySet()))
                            + ")"));
                    return;
                }
                secondary = service.open(responses);
            }
            secondary.onNext(message);
        }

        private void refuse(Status status) {
            refused = true;
            responses.onError(status.asRuntimeException());
        }

        @Override
        public void onError(Throwable error) {
            if (secondary != null) {
                secondary.onError(error);
            }
        }

        @Override
        public void onCompleted() {
            if (secondary != null) {
                secondary.onCompleted();
            } else if (!refused) {
                responses.onCompleted();
            }
        }
    }
}
