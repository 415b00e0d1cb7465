package dev.mirrorline.transport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * One-time pairing tokens a node (the secondary) issues, so that a primary can have its
 * certificate pinned without anyone comparing fingerprints: the primary presents the token once,
 * over TLS, and the secondary pins the certificate the primary presented for the token's pair.
 *
 * <p>A token's text is a random secret (120 bits, in groups of four letters and digits) and, after
 * a dot, the first eight bytes of the issuing node's certificate fingerprint: the primary checks
 * that prefix in the TLS handshake before it sends the secret, so that a machine in the middle can
 * neither take the token nor pose as the secondary. The secret is only kept as its SHA-256 digest.
 * Tokens live in memory: a restart of the node voids those not yet used.
 */
public final class PairingTokens {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford's base 32
    private static final int SECRET_BYTES = 15;

    private final CertificateFingerprint issuer;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Issued> outstanding = new HashMap<>();
    private final Map<String, Used> used = new HashMap<>();

    private record Issued(String pairId, Instant expires) {
    }

    private record Used(String pairId, Instant at, CertificateFingerprint by) {
    }

    /**
     * @param issuer the identity of the node that issues the tokens
     */
    public PairingTokens(NodeIdentity issuer) {
        this(issuer.fingerprint(), Clock.systemUTC());
    }

    PairingTokens(CertificateFingerprint issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    /**
     * Issues a token that pins one peer for a pair.
     *
     * @param pairId the pair the peer is to be pinned for
     * @param validity how long the token may be used
     * @return the token's text, to show to the administrator of the other node
     */
    public synchronized String issue(String pairId, Duration validity) {
        PinnedPeers.pairIdProblem(pairId).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("A pairing token must be valid for some time, not " + validity);
        }
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        String secretText = encode(secret);
        outstanding.put(digest(secretText), new Issued(pairId, clock.instant().plus(validity)));
        return group(secretText) + "." + HexFormat.of().withUpperCase().formatHex(
                issuer.prefix(CertificateFingerprint.SHORT_LENGTH));
    }

    /** @return whether a token is waiting to be used (the node then admits unknown certificates to pairing) */
    public synchronized boolean anyOutstanding() {
        Instant now = clock.instant();
        return outstanding.values().stream().anyMatch(issued -> !issued.expires().isBefore(now));
    }

    /**
     * Uses a token up.
     *
     * @param secret the token's secret as the peer presented it
     * @param by the certificate of the peer that presents it
     * @return the pair the token was issued for
     * @throws IllegalArgumentException if the token is unknown, used or expired: the message says which
     */
    synchronized String consume(String secret, CertificateFingerprint by) {
        String normalised = normaliseSecret(secret);
        String key = digest(normalised);
        Used earlier = used.get(key);
        if (earlier != null) {
            throw new IllegalArgumentException("This pairing token was already used at " + earlier.at()
                    + " (by certificate " + earlier.by().shortForm() + "): a token pins one peer only; issue a new"
                    + " one");
        }
        Issued issued = outstanding.remove(key);
        if (issued == null) {
            throw new IllegalArgumentException("Unknown pairing token: check the token, or issue a new one");
        }
        Instant now = clock.instant();
        if (issued.expires().isBefore(now)) {
            throw new IllegalArgumentException("This pairing token expired at " + issued.expires()
                    + ": issue a new one");
        }
        used.put(key, new Used(issued.pairId(), now, by));
        return issued.pairId();
    }

    /**
     * Splits a token's text into its secret and the issuer's fingerprint prefix.
     *
     * @param token the token as the administrator typed or pasted it
     * @return the secret, normalised, and the prefix
     * @throws IllegalArgumentException if it is not a pairing token
     */
    static Parsed parse(String token) {
        String text = token.strip();
        int dot = text.lastIndexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("A pairing token is groups of letters and digits, a dot and 16 hex"
                    + " digits (XXXX-XXXX-XXXX-XXXX-XXXX-XXXX.0123456789ABCDEF): '" + token + "' is not");
        }
        String secret = normaliseSecret(text.substring(0, dot));
        if (secret.length() != encodedLength() || secret.chars().anyMatch(c -> ALPHABET.indexOf(c) < 0)) {
            throw new IllegalArgumentException("The secret of a pairing token is " + encodedLength()
                    + " letters and digits: '" + text.substring(0, dot) + "' is not");
        }
        byte[] prefix = CertificateFingerprint.parseHex(text.substring(dot + 1), "The end of a pairing token");
        if (prefix.length != CertificateFingerprint.SHORT_LENGTH) {
            throw new IllegalArgumentException("A pairing token ends with " + 2 * CertificateFingerprint.SHORT_LENGTH
                    + " hex digits of the issuer's fingerprint, not " + 2 * prefix.length);
        }
        return new Parsed(secret, prefix);
    }

    /** A token's parts: its secret, and the first bytes of the issuing node's certificate fingerprint. */
    record Parsed(String secret, byte[] issuerPrefix) {
    }

    private static int encodedLength() {
        return (SECRET_BYTES * 8 + 4) / 5;
    }

    private static String normaliseSecret(String secret) {
        return secret.replaceAll("[\\s\\-]", "").toUpperCase(Locale.ROOT).replace('O', '0').replace('I', '1')
                .replace('L', '1');
    }

    private static String encode(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                text.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            text.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
        }
        return text.toString();
    }

    private static String group(String text) {
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < text.length(); i += 4) {
            if (i > 0) {
                grouped.append('-');
            }
            grouped.append(text, i, Math.min(text.length(), i + 4));
        }
        return grouped.toString();
    }

    private static String digest(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime has no SHA-256", e);
        }
    }
}
