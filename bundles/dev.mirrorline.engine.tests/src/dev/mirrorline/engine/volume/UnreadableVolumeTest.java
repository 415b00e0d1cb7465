package dev.mirrorline.engine.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * A volume file the user may not read or write is refused with a message that says so. Root may
 * read anything, so when the tests run as root (as in CI) the volume is opened by a child JVM
 * running as the user nobody.
 */
class UnreadableVolumeTest {

    @TempDir
    Path directory;

    @Test
    void aFileTheUserMayNotReadIsRefusedWithThatReason() throws Exception {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path image = Files.write(directory.resolve("secret.img"), new byte[8192]);
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("---------"));

        assertEquals("java.nio.file.AccessDeniedException: " + image + ": not readable by this user",
                openAsUnprivilegedUser(image));
    }

    @Test
    void aFileTheUserMayReadButNotWriteIsRefusedWithThatReason() throws Exception {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path image = Files.write(directory.resolve("readonly.img"), new byte[8192]);
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("r--r--r--"));

        assertEquals("java.nio.file.AccessDeniedException: " + image + ": not writable by this user",
                openAsUnprivilegedUser(image));
    }

    /** Runs {@link OpenVolumeProbe} as the current user, or as nobody when that is root. */
    private String openAsUnprivilegedUser(Path image) throws Exception {
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.addAll(List.of(ProcessHandle.current().info().command().orElseThrow(), "-cp", readableClasspath(),
                OpenVolumeProbe.class.getName(), image.toString(), directory.resolve("state").toString()));
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(probe.waitFor(60, TimeUnit.SECONDS), "the probe should finish");
        return output;
    }

    /** The classes the probe needs, where the probe's user can read them: jars are copied next to the image. */
    private String readableClasspath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : List.of(Volume.class, OpenVolumeProbe.class, Roaring64Bitmap.class)) {
            Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location)) {
                Path copy = directory.resolve(location.getFileName());
                Files.copy(location, copy, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
                location = copy;
            }
            if (!entries.contains(location.toString())) {
                entries.add(location.toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
