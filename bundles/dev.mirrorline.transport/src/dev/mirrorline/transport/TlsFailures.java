package dev.mirrorline.transport;

import java.util.Locale;
import java.util.Optional;

import javax.net.ssl.SSLException;

import io.grpc.Status;

/**
 * Turns the way a call over TLS failed into the reason a person can act on: this node did not
 * trust the peer's certificate, the peer did not trust this node's, or the peer refused the call
 * and said why.
 */
final class TlsFailures {

    private static final String[] REFUSED_CERTIFICATE_ALERTS = { "certificate_unknown", "bad_certificate",
            "certificate_required", "unsupported_certificate", "access_denied" };

    private TlsFailures() {
    }

    /**
     * @param error how a call failed
     * @param peer the peer, in words ("Secondary 127.0.0.1:7000")
     * @param security this node's security
     * @return the exception that says why, if the failure is one of trust
     */
    static Optional<LinkDownException> explain(Throwable error, String peer, TransportSecurity security) {
        Status status = Status.fromThrowable(error);
        if (status.getCode() == Status.Code.PERMISSION_DENIED || status.getCode() == Status.Code.UNAUTHENTICATED) {
            return Optional.of(new PeerRefusedException(peer + " refused this node: " + status.getDescription(), error));
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof PinnedPeerTrustManager.PeerCertificateRejectedException rejected) {
                return Optional.of(new UntrustedPeerException(peer + " is not trusted: " + rejected.getMessage(), error));
            }
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException ssl) {
                String message = String.valueOf(ssl.getMessage());
                String lower = message.toLowerCase(Locale.ROOT);
                for (String alert : REFUSED_CERTIFICATE_ALERTS) {
                    if (lower.contains(alert)) {
                        return Optional.of(new PeerRefusedException(peer + " refused this node's certificate "
                                + security.identity().map(identity -> identity.fingerprint().toString()).orElse("")
                                + " in the TLS handshake (" + message + "): it is not pinned there for any pair;"
                                + " pair the nodes first (the peer's event log says why it refused)", error));
                    }
                }
                return Optional.of(new LinkDownException(peer + " did not complete a TLS handshake (" + message
                        + "): is it a Mirrorline node, set to mutual TLS?", error));
            }
        }
        return Optional.empty();
    }
}
