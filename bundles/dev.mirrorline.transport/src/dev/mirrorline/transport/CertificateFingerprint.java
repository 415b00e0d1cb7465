package dev.mirrorline.transport;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The SHA-256 digest of a certificate's DER encoding: what pairing fixes about a peer.
 *
 * <p>Its text form is colon-separated upper-case hex ({@code 3F:9A:0C:...}, 32 bytes); the
 * {@linkplain #shortForm() short form} is the first eight bytes, for display only.
 */
public final class CertificateFingerprint {

    /** Bytes in a fingerprint. */
    public static final int LENGTH = 32;

    /** Bytes shown by {@link #shortForm()}. */
    public static final int SHORT_LENGTH = 8;

    private static final HexFormat COLON_HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private final byte[] digest;

    private CertificateFingerprint(byte[] digest) {
        this.digest = digest;
    }

    /**
     * @param certificate a certificate
     * @return its fingerprint
     */
    public static CertificateFingerprint of(X509Certificate certificate) {
        try {
            return new CertificateFingerprint(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("The certificate cannot be encoded: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime has no SHA-256", e);
        }
    }

    /**
     * Reads a fingerprint as a person may type or paste it: hex digits in either case, with or
     * without colons, spaces or dashes between them.
     *
     * @param text the fingerprint's text
     * @return the fingerprint
     * @throws IllegalArgumentException if the text is not 32 bytes of hex, with what is wrong
     */
    public static CertificateFingerprint parse(String text) {
        byte[] bytes = parseHex(text, "A certificate fingerprint");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("A certificate fingerprint has " + LENGTH + " bytes (" + 2 * LENGTH
                    + " hex digits), not " + bytes.length + ": '" + text + "'");
        }
        return new CertificateFingerprint(bytes);
    }

    static byte[] parseHex(String text, String what) {
        String digits = text.strip().replaceAll("[\\s:\\-]", "");
        if (digits.isEmpty() || digits.length() % 2 != 0 || !digits.matches("[0-9A-Fa-f]+")) {
            throw new IllegalArgumentException(what + " is hex digits, optionally separated by colons: '" + text
                    + "' is not");
        }
        return HexFormat.of().parseHex(digits.toLowerCase(Locale.ROOT));
    }

    /**
     * @param prefix some leading bytes
     * @return whether this fingerprint begins with them
     */
    boolean startsWith(byte[] prefix) {
        return prefix.length <= digest.length && Arrays.equals(digest, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** @return a copy of the first {@code count} bytes */
    byte[] prefix(int count) {
        return Arrays.copyOf(digest, count);
    }

    /** @return the first eight bytes, colon-separated, followed by an ellipsis: for display, not for pinning */
    public String shortForm() {
        return COLON_HEX.formatHex(digest, 0, SHORT_LENGTH) + "\u2026";
    }

    /** @return all 32 bytes as colon-separated upper-case hex */
    @Override
    public String toString() {
        return COLON_HEX.formatHex(digest);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateFingerprint that && MessageDigest.isEqual(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }
}
