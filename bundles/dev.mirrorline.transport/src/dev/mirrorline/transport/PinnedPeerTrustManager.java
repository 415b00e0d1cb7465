package dev.mirrorline.transport;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts a peer by the fingerprint of the certificate it presents, as a check decides: no
 * certificate authority, no host names, no dates. It is an {@link X509ExtendedTrustManager} so
 * that the JDK does not add host name checks of its own (the peers' certificates name nodes, not
 * hosts).
 */
final class PinnedPeerTrustManager extends X509ExtendedTrustManager {

    /** Decides about one presented certificate. */
    @FunctionalInterface
    interface Check {
        /**
         * @param certificate the peer's certificate
         * @param fingerprint its fingerprint
         * @throws PeerCertificateRejectedException if it is not trusted, with the reason
         */
        void check(X509Certificate certificate, CertificateFingerprint fingerprint)
                throws PeerCertificateRejectedException;
    }

    /** The reason a presented certificate was not trusted; the handshake fails with it. */
    static final class PeerCertificateRejectedException extends CertificateException {
        private static final long serialVersionUID = 1L;

        PeerCertificateRejectedException(String reason) {
            super(reason);
        }
    }

    private final Check check;

    PinnedPeerTrustManager(Check check) {
        this.check = check;
    }

    private void verify(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new PeerCertificateRejectedException("The peer presented no certificate");
        }
        check.check(chain[0], CertificateFingerprint.of(chain[0]));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        verify(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0]; // no authority: any self-signed certificate may be presented, and is checked
    }
}
