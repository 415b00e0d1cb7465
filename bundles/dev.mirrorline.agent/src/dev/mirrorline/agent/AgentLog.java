package dev.mirrorline.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The agent's log: one line per message, with the time, to standard output and appended to a
 * file, flushed at every line so that nothing is lost when the agent is killed.
 */
final class AgentLog implements AutoCloseable {

    private final PrintStream out;
    private final Writer file;

    AgentLog(PrintStream out, Path file) throws IOException {
        this.out = out;
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        this.file = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Logs a line. */
    synchronized void info(String message) {
        String line = Instant.now() + " " + message;
        out.println(line);
        out.flush();
        try {
            file.write(line);
            file.write('\n');
            file.flush();
        } catch (IOException e) {
            out.println(Instant.now() + " the log file cannot be written: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() throws IOException {
        file.close();
    }
}
