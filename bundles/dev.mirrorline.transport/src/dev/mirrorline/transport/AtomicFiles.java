package dev.mirrorline.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * Replaces small files whole: a reader finds the old content or the new one, never a mixture,
 * also after a crash.
 */
final class AtomicFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private AtomicFiles() {
    }

    /**
     * Creates a directory (and its parents) readable by its owner only, if it does not exist.
     *
     * @param directory the directory
     * @throws IOException if it cannot be created
     */
    static void createPrivateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Files.createDirectory(directory, posix(directory, OWNER_ONLY_DIRECTORY));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory)) {
                throw e;
            }
        }
    }

    /**
     * Writes a temporary file beside the target, forces it to disk, renames it over the target and
     * forces the directory.
     *
     * @param target the file to replace or create
     * @param content its new content
     * @param ownerOnly whether only the owner may read and write the file (0600), as for a private key
     * @throws IOException if it cannot be written; the target is then left as it was
     */
    static void write(Path target, byte[] content, boolean ownerOnly) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Path temporary = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        FileAttribute<?>[] attributes = ownerOnly ? posix(directory, OWNER_ONLY) : new FileAttribute<?>[0];
        try {
            try (FileChannel channel = FileChannel.open(temporary, Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE), attributes)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("The file system of " + directory + " cannot rename files atomically", e);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        forceDirectory(directory);
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some file systems cannot open a directory for reading; the rename is then as durable as they make it
        }
    }

    private static FileAttribute<?>[] posix(Path directory, Set<PosixFilePermission> permissions) {
        Path existing = directory.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        boolean posix = existing != null
                && existing.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(permissions) }
                : new FileAttribute<?>[0];
    }
}
