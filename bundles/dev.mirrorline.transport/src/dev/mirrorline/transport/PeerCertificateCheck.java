package dev.mirrorline.transport;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import dev.mirrorline.transport.proto.PairingServiceGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Lets a call through to a TLS server's services only from a peer that presented a certificate
 * pinned for one of the node's pairs; a peer admitted while a pairing token was outstanding may
 * only ask to be paired. The peer is attached to the call as an {@link AuthenticatedPeer}, so that
 * a service can check that it is pinned for the pair it names. Refusals are reported and sent to
 * the peer with their reason.
 */
final class PeerCertificateCheck implements ServerInterceptor {

    private final TransportSecurity security;

    PeerCertificateCheck(TransportSecurity security) {
        this.security = security;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String address = describe(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        X509Certificate certificate = peerCertificate(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        if (certificate == null) {
            String reason = "The peer at " + address + " presented no certificate: only Mirrorline nodes paired with"
                    + " node '" + security.nodeName() + "' may connect";
            return refuse(call, Status.UNAUTHENTICATED, address, null, reason);
        }
        CertificateFingerprint fingerprint = CertificateFingerprint.of(certificate);
        boolean pairing = call.getMethodDescriptor().getFullMethodName()
                .equals(PairingServiceGrpc.getPairMethod().getFullMethodName());
        if (!pairing && !security.pinnedPeers().orElseThrow().isPinned(fingerprint)) {
            String reason = "Certificate " + fingerprint + " (" + TransportSecurity.subject(certificate)
                    + ") of the peer at " + address + " is pinned for no pair on node '" + security.nodeName()
                    + "': pair the nodes first";
            return refuse(call, Status.PERMISSION_DENIED, address, fingerprint, reason);
        }
        Context context = Context.current().withValue(AuthenticatedPeer.KEY,
                new AuthenticatedPeer(address, certificate, fingerprint, security));
        return Contexts.interceptCall(context, call, headers, next);
    }

    private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String address,
            CertificateFingerprint fingerprint, String reason) {
        security.report(address, fingerprint, reason);
        call.close(status.withDescription(reason), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    private static X509Certificate peerCertificate(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return address != null ? address.toString() : "unknown";
    }
}
