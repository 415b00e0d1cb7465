package dev.mirrorline.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;
import java.util.Objects;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A node's own key pair and self-signed certificate, kept in its state directory: made at the
 * node's first start, loaded at every later one, so that its {@linkplain #fingerprint()
 * fingerprint}, which its peers pin, stays the same.
 *
 * <p>The key is EC P-256 and the certificate is signed with SHA256withECDSA, with the subject
 * "CN=Mirrorline node &lt;name&gt;" and no expiry in practice: peers trust it by pinning its
 * fingerprint, not by dates or a CA. Both are kept in one file, {@value #FILE_NAME} (a PKCS#8
 * private key and the certificate, as PEM), owner-only (0600) and written atomically, so that a
 * crash at the first start leaves either no identity or a whole one. A damaged identity is
 * reported, never replaced silently: a new identity would unpair the node from all its peers.
 */
public final class NodeIdentity {

    /** The identity's file in the state directory. */
    public static final String FILE_NAME = "node-identity.pem";

    private static final String KEY_PEM = "PRIVATE KEY";
    private static final String CERTIFICATE_PEM = "CERTIFICATE";
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final String NAME_PREFIX = "Mirrorline node ";
    /** RFC 5280's "no well-defined expiration date". */
    private static final Instant NO_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final CertificateFingerprint fingerprint;

    private NodeIdentity(PrivateKey privateKey, X509Certificate certificate) {
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.fingerprint = CertificateFingerprint.of(certificate);
    }

    /**
     * Loads the node's identity from its state directory, or makes one there if the directory holds
     * none.
     *
     * @param stateDirectory where the identity is kept (created, owner-only, if missing)
     * @param nodeName the node's name, written into a new certificate's subject; an existing
     *        certificate keeps the name it was made with
     * @return the identity
     * @throws IOException if the file cannot be read or written, or does not hold a private key and
     *         the certificate that belongs to it (the message names the file and says what to do)
     */
    public static NodeIdentity loadOrCreate(Path stateDirectory, String nodeName) throws IOException {
        Objects.requireNonNull(nodeName, "nodeName");
        if (nodeName.isBlank()) {
            throw new IllegalArgumentException("A node needs a name for its certificate");
        }
        Path file = stateDirectory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return load(file);
        }
        AtomicFiles.createPrivateDirectory(stateDirectory);
        KeyPair keys = generateKeyPair();
        X509Certificate certificate = selfSign(keys, nodeName);
        try {
            byte[] key = pem(KEY_PEM, keys.getPrivate().getEncoded());
            byte[] cert = pem(CERTIFICATE_PEM, certificate.getEncoded());
            byte[] both = new byte[key.length + cert.length];
            System.arraycopy(key, 0, both, 0, key.length);
            System.arraycopy(cert, 0, both, key.length, cert.length);
            AtomicFiles.write(file, both, true);
        } catch (GeneralSecurityException e) {
            throw new IOException("The new certificate cannot be encoded: " + e.getMessage(), e);
        }
        return new NodeIdentity(keys.getPrivate(), certificate);
    }

    private static NodeIdentity load(Path file) throws IOException {
        String text = readText(file);
        PrivateKey key = readKey(file, text);
        X509Certificate certificate = readCertificate(file, text);
        if (!belongTogether(key, certificate)) {
            throw new IOException("The private key in " + file + " does not belong to the certificate beside it:"
                    + " restore the file from a backup");
        }
        return new NodeIdentity(key, certificate);
    }

    /** @return the node's certificate, which it shows to its peers */
    public X509Certificate certificate() {
        return certificate;
    }

    /** @return the SHA-256 fingerprint of the certificate: what a peer pins at pairing */
    public CertificateFingerprint fingerprint() {
        return fingerprint;
    }

    /** @return the certificate's subject, as "CN=Mirrorline node &lt;name&gt;" */
    public String subjectName() {
        return certificate.getSubjectX500Principal().getName();
    }

    /** @return the node name the certificate was made with */
    public String nodeName() {
        RDN[] names = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        String commonName = names.length > 0 ? IETFUtils.valueToString(names[0].getFirst().getValue()) : "";
        return commonName.startsWith(NAME_PREFIX) ? commonName.substring(NAME_PREFIX.length()) : commonName;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    private static KeyPair generateKeyPair() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("This Java runtime cannot make an EC P-256 key pair: " + e.getMessage(), e);
        }
    }

    private static X509Certificate selfSign(KeyPair keys, String nodeName) throws IOException {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, NAME_PREFIX + nodeName)
                .build();
        BigInteger serial = new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
        Instant notBefore = Instant.now().minus(1, ChronoUnit.DAYS); // tolerate peers whose clocks lag
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                    Date.from(notBefore), Date.from(NO_EXPIRY), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] { KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth }));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(keys.getPrivate())));
        } catch (CertIOException | OperatorCreationException | CertificateException e) {
            throw new IOException("The node's certificate cannot be made: " + e.getMessage(), e);
        }
    }

    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) throws IOException {
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(SIGNATURE_ALGORITHM);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(SIGNATURE_ALGORITHM);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String readText(Path file) throws IOException {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new IOException(file + " is missing", e);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IOException("The node identity " + file + " is damaged: it holds bytes that are not ASCII;"
                    + " restore it from a backup", e);
        }
    }

    private static PrivateKey readKey(Path file, String text) throws IOException {
        byte[] der = pemBlock(file, text, KEY_PEM);
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException("The private key in " + file + " is damaged (" + e.getMessage()
                    + "): restore the file from a backup", e);
        }
    }

    private static X509Certificate readCertificate(Path file, String text) throws IOException {
        byte[] der = pemBlock(file, text, CERTIFICATE_PEM);
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IOException("The certificate in " + file + " is damaged (" + e.getMessage()
                    + "): restore the file from a backup", e);
        }
    }

    private static byte[] pemBlock(Path file, String text, String type) throws IOException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from);
        if (to < 0) {
            throw new IOException("The node identity " + file + " is damaged: it holds no whole '" + begin
                    + "' block; restore it from a backup");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IOException("The node identity " + file + " is damaged: its " + type.toLowerCase(Locale.ROOT)
                    + " is not base64 (" + e.getMessage() + "); restore it from a backup", e);
        }
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
