package dev.mirrorline.drill;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of volume images read in 1 MiB pieces, cancellable between pieces. */
final class Digests {

    static final int PIECE = 1 << 20;

    private Digests() {
    }

    /** Reads a piece of an image: a snapshot view, a volume, a file. */
    @FunctionalInterface
    interface Reader {
        void read(long offset, ByteBuffer dst) throws IOException;
    }

    /** Told of each piece read. */
    @FunctionalInterface
    interface PieceListener {
        void piece(long offset, ByteBuffer piece) throws IOException;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * @return the SHA-256 of {@code size} bytes in hex
     * @throws DrillCancelledException if the context is cancelled meanwhile
     */
    static String sha256(Reader reader, long size, DrillContext context, PieceListener listener)
            throws IOException, DrillCancelledException {
        MessageDigest digest = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(PIECE);
        for (long offset = 0; offset < size; offset += PIECE) {
            context.checkCancelled();
            buffer.clear().limit((int) Math.min(PIECE, size - offset));
            reader.read(offset, buffer);
            buffer.flip();
            if (listener != null) {
                listener.piece(offset, buffer.duplicate());
            }
            digest.update(buffer);
            context.progress((double) (offset + buffer.limit()) / size);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * @return the SHA-256 of a whole file, read from the file system
     */
    static String sha256(Path file, long size, DrillContext context) throws IOException, DrillCancelledException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() != size) {
                throw new IOException(file + " has " + channel.size() + " bytes, not " + size);
            }
            return sha256((offset, dst) -> {
                while (dst.hasRemaining()) {
                    if (channel.read(dst, offset + dst.position()) < 0) {
                        throw new IOException(file + " ended early");
                    }
                }
            }, size, context, null);
        }
    }
}
