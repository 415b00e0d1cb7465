package dev.mirrorline.nbd;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real NBD clients Debian packages (libnbd-bin, qemu-utils, fio, nbdkit) from tests. */
final class ExternalTool {

    private ExternalTool() {
    }

    /** What a finished program left behind. */
    record Result(int exitCode, String output) {
    }

    /**
     * Skips the calling test, saying why, if the program is not installed.
     *
     * @param program the program's name, looked up on the PATH
     * @param debianPackage the package that has it
     */
    static void assumeInstalled(String program, String debianPackage) {
        assumeTrue(find(program) != null, program + " is not installed: install the Debian package " + debianPackage
                + " (scripts/run-tests does)");
    }

    static Path find(String program) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String directory : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(directory, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Runs a program to its end, its output and errors merged.
     *
     * @param timeout killed after this long, and the test fails
     */
    static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        Process process = start(command);
        return finish(process, timeout, command);
    }

    /** Runs a program and fails the test unless it exits with 0. */
    static String runOk(Duration timeout, String... command) throws IOException, InterruptedException {
        Result result = run(timeout, command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + result.exitCode() + ":\n"
                    + result.output());
        }
        return result.output();
    }

    static Process start(String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return builder.start();
    }

    /** Waits for a started program, reading its output meanwhile. */
    static Result finish(Process process, Duration timeout, String... command) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (var output = process.inputReader(StandardCharsets.UTF_8)) {
                String line;
                while ((line = output.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException e) {
                // the process went away; what was read is kept
            }
        }, "tool-output");
        reader.setDaemon(true);
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                    + " s; output so far:\n" + String.join("\n", lines));
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (lines) {
            return new Result(process.exitValue(), String.join("\n", lines));
        }
    }
}
