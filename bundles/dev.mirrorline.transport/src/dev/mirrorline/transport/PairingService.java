package dev.mirrorline.transport;

import java.io.IOException;

import dev.mirrorline.transport.proto.PairRequest;
import dev.mirrorline.transport.proto.PairResponse;
import dev.mirrorline.transport.proto.PairingServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * The secondary's end of pairing: a peer presents a pairing token over TLS, and its certificate is
 * pinned for the token's pair. Served by a {@link NodeServer} whose security has
 * {@linkplain TransportSecurity#withPairingTokens pairing tokens}.
 */
final class PairingService extends PairingServiceGrpc.PairingServiceImplBase {

    private final TransportSecurity security;
    private final PairingTokens tokens;

    PairingService(TransportSecurity security, PairingTokens tokens) {
        this.security = security;
        this.tokens = tokens;
    }

    @Override
    public void pair(PairRequest request, StreamObserver<PairResponse> responses) {
        AuthenticatedPeer peer = AuthenticatedPeer.current();
        if (peer == null) {
            responses.onError(Status.UNAUTHENTICATED.withDescription("Pairing needs TLS with a client certificate")
                    .asRuntimeException());
            return;
        }
        CertificateFingerprint stated;
        try {
            stated = CertificateFingerprint.parse(request.getFingerprint());
        } catch (IllegalArgumentException e) {
            responses.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        if (!stated.equals(peer.fingerprint())) {
            refuse(responses, peer, Status.PERMISSION_DENIED, "The peer at " + peer.address() + " asked to pin "
                    + stated + " but presented certificate " + peer.fingerprint() + ": refused");
            return;
        }
        String pairId;
        try {
            pairId = tokens.consume(request.getTokenSecret(), peer.fingerprint());
        } catch (IllegalArgumentException e) {
            refuse(responses, peer, Status.PERMISSION_DENIED, e.getMessage());
            return;
        }
        try {
            security.pinnedPeers().orElseThrow().pin(pairId, peer.fingerprint());
        } catch (IOException e) {
            responses.onError(Status.INTERNAL.withDescription("The secondary cannot record the pin: " + e.getMessage())
                    .asRuntimeException());
            return;
        }
        responses.onNext(PairResponse.newBuilder().setPairId(pairId)
                .setFingerprint(security.identity().orElseThrow().fingerprint().toString()).build());
        responses.onCompleted();
    }

    private void refuse(StreamObserver<PairResponse> responses, AuthenticatedPeer peer, Status status,
            String reason) {
        security.report(peer.address(), peer.fingerprint(), "Pairing refused: " + reason);
        responses.onError(status.withDescription(reason).asRuntimeException());
    }
}
