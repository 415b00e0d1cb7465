package dev.mirrorline.engine.storage;

import java.io.IOException;
import java.nio.file.Path;

/** Opens, creates and deletes the files the engine keeps its data in. */
public interface Storage {

    /** How a file is opened. */
    enum Access {
        /** Reads only. */
        READ_ONLY,
        /** Reads and writes. */
        READ_WRITE
    }

    /**
     * Creates a new, empty (sparse) file of the given size and opens it for reading and writing.
     *
     * @param path where to create it; its directory must exist
     * @param sizeBytes the initial size; unwritten ranges read as zeros
     * @return the open file
     * @throws java.nio.file.FileAlreadyExistsException if something exists at {@code path}
     * @throws IOException if the file cannot be created
     */
    StorageFile create(Path path, long sizeBytes) throws IOException;

    /**
     * Opens an existing regular file or block device.
     *
     * @param path the file
     * @param access how to open it
     * @return the open file
     * @throws java.nio.file.NoSuchFileException if nothing exists at {@code path}
     * @throws IOException if it is a directory, cannot be read (or written), or cannot be opened
     */
    StorageFile open(Path path, Access access) throws IOException;

    /**
     * @param path a path
     * @return whether a file or directory exists there
     */
    boolean exists(Path path);

    /**
     * Deletes a file if it exists.
     *
     * @param path the file
     * @throws IOException if it exists and cannot be deleted
     */
    void deleteIfExists(Path path) throws IOException;

    /**
     * Lists a directory.
     *
     * @param directory the directory
     * @return its entries, sorted by name; empty if the directory does not exist
     * @throws IOException if it cannot be read
     */
    java.util.List<Path> list(Path directory) throws IOException;

    /**
     * Renames a file or directory atomically; the new name is durable only after
     * {@link #forceDirectory} on its parent.
     *
     * @param source what to rename
     * @param target its new path, which must not exist
     * @throws IOException if it cannot be renamed
     */
    void move(Path source, Path target) throws IOException;

    /**
     * Makes the directory's entries (files created, renamed or deleted in it) durable.
     *
     * @param directory the directory
     * @throws IOException if the device reports an error
     */
    void forceDirectory(Path directory) throws IOException;

    /**
     * Creates a directory and its missing parents.
     *
     * @param directory the directory
     * @throws IOException if it cannot be created
     */
    void createDirectories(Path directory) throws IOException;

    /**
     * Writes a small file so that readers see either its old content or all of the new one, even
     * after a crash: the data goes to a temporary file that is forced and then renamed over
     * {@code path}, and the directory is forced.
     *
     * @param path the file to replace
     * @param content its new content
     * @throws IOException if it cannot be written
     */
    void writeAtomically(Path path, byte[] content) throws IOException;

    /**
     * Reads a whole small file.
     *
     * @param path the file
     * @return its content
     * @throws IOException if it cannot be read
     */
    byte[] readAll(Path path) throws IOException;
}
