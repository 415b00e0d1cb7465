package dev.mirrorline.drill;

/**
 * A byte-for-byte comparison a drill made: the SHA-256 of two images of a volume.
 *
 * @param label what was compared, e.g. "Primary and secondary after the resync"
 * @param leftName the first image, e.g. "primary"
 * @param leftSha256 its SHA-256, hex
 * @param rightName the second image, e.g. "secondary"
 * @param rightSha256 its SHA-256, hex
 * @param bytes how many bytes each side had
 */
public record Verification(String label, String leftName, String leftSha256, String rightName, String rightSha256,
        long bytes) {

    /** @return whether both checksums are equal */
    public boolean equal() {
        return leftSha256.equals(rightSha256);
    }
}
