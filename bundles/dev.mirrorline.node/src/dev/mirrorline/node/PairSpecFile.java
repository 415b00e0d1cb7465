package dev.mirrorline.node;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.engine.storage.Storage;

/** A pair's settings on disk: {@code pair.properties} in the pair's state directory, replaced atomically. */
final class PairSpecFile {

    static final String FILE = "pair.properties";

    private PairSpecFile() {
    }

    static void write(Storage storage, Path pairDirectory, PairSpec spec) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("name", spec.name());
        properties.setProperty("primary.image", spec.primaryImage().toString());
        if (spec.secondary() instanceof PairSpec.LocalSecondary local) {
            properties.setProperty("secondary.kind", "local");
            properties.setProperty("secondary.image", local.image().toString());
        } else if (spec.secondary() instanceof PairSpec.RemoteSecondary remote) {
            properties.setProperty("secondary.kind", "remote");
            properties.setProperty("secondary.host", remote.host());
            properties.setProperty("secondary.port", Integer.toString(remote.port()));
            properties.setProperty("secondary.fingerprint", remote.peerFingerprint());
        }
        properties.setProperty("mode", spec.mode().name());
        properties.setProperty("window.bytes", Long.toString(spec.inFlightWindowBytes()));
        properties.setProperty("chunk.size", Integer.toString(spec.chunkSize()));
        properties.setProperty("link.timeout.millis", Long.toString(spec.linkTimeout().toMillis()));
        properties.setProperty("resync.rate.bytes", Long.toString(spec.resyncBytesPerSecond()));
        StringWriter text = new StringWriter();
        properties.store(text, "Mirrorline pair");
        storage.createDirectories(pairDirectory);
        storage.writeAtomically(pairDirectory.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    }

    static PairSpec read(Storage storage, Path pairDirectory) throws IOException {
        Path file = pairDirectory.resolve(FILE);
        Properties properties = new Properties();
        properties.load(new StringReader(new String(storage.readAll(file), StandardCharsets.UTF_8)));
        try {
            PairSpec.SecondaryLocation secondary = "remote".equals(properties.getProperty("secondary.kind"))
                    ? new PairSpec.RemoteSecondary(properties.getProperty("secondary.host"),
                            Integer.parseInt(properties.getProperty("secondary.port")),
                            properties.getProperty("secondary.fingerprint", ""))
                    : new PairSpec.LocalSecondary(Path.of(properties.getProperty("secondary.image")), false);
            return new PairSpec(properties.getProperty("name"), Path.of(properties.getProperty("primary.image")), 0,
                    secondary, ReplicationMode.valueOf(properties.getProperty("mode")),
                    Long.parseLong(properties.getProperty("window.bytes")),
                    Integer.parseInt(properties.getProperty("chunk.size")),
                    Duration.ofMillis(Long.parseLong(properties.getProperty("link.timeout.millis"))),
                    // pairs recorded before there was a limit have none
                    Long.parseLong(properties.getProperty("resync.rate.bytes", "0")));
        } catch (RuntimeException e) {
            throw new IOException(file + " is damaged: " + e.getMessage(), e);
        }
    }
}
