package dev.mirrorline.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Checksums of whole files, for tests that compare a primary's and a secondary's images. */
public final class FileDigests {

    private FileDigests() {
    }

    /**
     * @param file a file, read from start to end
     * @return its SHA-256
     * @throws IOException if it cannot be read
     */
    public static byte[] sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int read; (read = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, read);
            }
        }
        return digest.digest();
    }
}
