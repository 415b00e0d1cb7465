package dev.mirrorline.drill;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairState;
import dev.mirrorline.node.SequencePoint;

/**
 * Test failover, without disruption: while replication goes on, both volumes are taken at one
 * sequence point (a brief freeze of the primary's writes until the secondary has acknowledged
 * everything, then a snapshot of each side); the secondary's snapshot is copied into a writable
 * test copy (a sparse file in the drill's directory: the real secondary is never written), which
 * is compared with the primary's snapshot at the same sequence point, handed to an optional check
 * command (a process given the test copy's path; its exit code decides), and discarded.
 */
public final class TestFailoverScenario implements DrillScenario {

    /** The scenario's id. */
    public static final String ID = "test-failover";

    static final String CHECK = "check";
    static final String CHECK_LIMIT = "checkLimit";
    static final String FREEZE_LIMIT = "freezeLimit";
    /** Lines of the check command's output kept in the drill's log. */
    static final int CHECK_OUTPUT_LINES = 200;
    static final String TEST_COPY = "test-copy.img";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Test failover (non-disruptive)";
    }

    @Override
    public String description() {
        return "While replication goes on, takes the secondary at a known sequence point as a writable test copy,"
                + " compares it with the primary at the same point, runs an optional check command on it and"
                + " discards it.";
    }

    @Override
    public List<DrillParameter> parameters() {
        return List.of(
                new DrillParameter(CHECK, "Check command", "",
                        "A shell command run with the test copy's path as $1 (also in MIRRORLINE_TEST_COPY); exit"
                                + " code 0 passes. Empty: no check"),
                new DrillParameter(CHECK_LIMIT, "Check time limit (seconds)", "300",
                        "The check command is stopped and the drill fails after this time"),
                new DrillParameter(FREEZE_LIMIT, "Longest write freeze (seconds)", "5",
                        "How long the primary's writes may be held while the secondary catches up to the sequence"
                                + " point"));
    }

    Duration checkLimit(DrillParameters parameters) {
        return parameters.seconds(this, CHECK_LIMIT, Duration.ofSeconds(1), Duration.ofHours(24));
    }

    Duration freezeLimit(DrillParameters parameters) {
        return parameters.seconds(this, FREEZE_LIMIT, Duration.ofMillis(10), Duration.ofMinutes(1));
    }

    @Override
    public Optional<String> problemWith(DrillParameters parameters) {
        try {
            checkLimit(parameters);
            freezeLimit(parameters);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public long requiredFreeBytes(Pair pair, DrillParameters parameters) {
        // the test copy (at most the volume, sparse), and the snapshots while they exist
        return pair.sizeBytes() + Math.min(pair.sizeBytes(), 256L << 20);
    }

    @Override
    public List<DrillStep> steps(DrillParameters parameters) {
        Run run = new Run(parameters.text(this, CHECK), checkLimit(parameters), freezeLimit(parameters));
        return List.of(new DrillStep("Take both volumes at one sequence point", run::takePoint),
                new DrillStep("Expose the secondary's snapshot as a writable test copy", run::copy),
                new DrillStep("Verify the test copy against the primary at that point", run::verify),
                new DrillStep("Run the check command on the test copy", run::check),
                new DrillStep("Discard the test copy", run::discard));
    }

    /** One run's state, shared by its steps. */
    private static final class Run {
        private final String check;
        private final Duration checkLimit;
        private final Duration freezeLimit;
        private SequencePoint point;
        private DrillContext.Rollback discardPoint;
        private Path testCopy;
        private DrillContext.Rollback discardCopy;
        private String secondarySha256;

        Run(String check, Duration checkLimit, Duration freezeLimit) {
            this.check = check;
            this.checkLimit = checkLimit;
            this.freezeLimit = freezeLimit;
        }

        void takePoint(DrillContext context) throws IOException, DrillCancelledException {
            Pair pair = context.pair();
            UUID primaryId = UUID.randomUUID();
            UUID secondaryId = UUID.randomUUID();
            context.noteSnapshots(List.of(primaryId.toString(), secondaryId.toString()));
            int mark = context.eventMark();
            point = pair.takeSequencePoint(primaryId, secondaryId, freezeLimit);
            discardPoint = context.onRollback("Delete the snapshots of the sequence point", point::discard);
            context.measure("point.sequence", "Sequence point N (acknowledged by the secondary)", point.sequence(),
                    "updates");
            // the pause the engine measured: from the freeze request to the resume
            EngineEvent.WritesResumed resumed = context.awaitEvent(EngineEvent.WritesResumed.class,
                    event -> event.volume().equals(pair.primaryVolumeName()), mark, Duration.ofSeconds(10),
                    "resume of the primary's writes");
            context.measure("point.freeze", "Primary writes held for the sequence point",
                    resumed.pause().toNanos() / 1e9, "s");
            context.measure("point.took", "Time to take the sequence point (snapshot files, catching up, freeze)",
                    point.freeze().toNanos() / 1e9, "s");
            context.log("Primary snapshot " + point.primary().id() + ", secondary snapshot " + point.secondary().id());
            context.detail("Sequence " + point.sequence() + ", writes held "
                    + String.format(java.util.Locale.ROOT, "%.3f ms", resumed.pause().toNanos() / 1e6));
        }

        void copy(DrillContext context) throws IOException, DrillCancelledException {
            long size = context.pair().sizeBytes();
            testCopy = context.workDirectory().resolve(TEST_COPY);
            discardCopy = context.onRollback("Delete the test copy", () -> Files.deleteIfExists(testCopy));
            long[] written = { 0 };
            try (RandomAccessFile file = new RandomAccessFile(testCopy.toFile(), "rw")) {
                file.setLength(0);
                file.setLength(size); // sparse: blocks of zeroes are not written
                FileChannel channel = file.getChannel();
                secondarySha256 = Digests.sha256(point.secondary()::read, size, context, (offset, piece) -> {
                    int blockSize = 4096;
                    for (int at = 0; at < piece.limit(); at += blockSize) {
                        ByteBuffer block = piece.duplicate().position(at).limit(Math.min(piece.limit(), at + blockSize));
                        if (!zero(block)) {
                            long position = offset + at;
                            while (block.hasRemaining()) {
                                position += channel.write(block, position);
                            }
                            written[0] += blockSize;
                        }
                    }
                });
                channel.force(true);
            }
            point.secondary().delete(); // copied: the secondary stops copying chunks for it
            context.measure("testCopy.bytesWritten", "Test copy: non-zero data copied from the secondary's snapshot",
                    written[0], "bytes");
            context.log("Test copy " + testCopy + " (" + Measurement.shortBytes(size) + ")");
            context.detail("Writable test copy at " + testCopy);
        }

        private static boolean zero(ByteBuffer block) {
            for (int i = block.position(); i < block.limit(); i++) {
                if (block.get(i) != 0) {
                    return false;
                }
            }
            return true;
        }

        void verify(DrillContext context) throws IOException, DrillCancelledException {
            long size = context.pair().sizeBytes();
            String primarySha256 = Digests.sha256(point.primary()::read, size, context, null);
            point.discard();
            discardPoint.done();
            String copySha256 = Digests.sha256(testCopy, size, context);
            context.verified(new Verification("Primary and secondary at sequence " + point.sequence(),
                    "primary at N", primarySha256, "secondary at N", secondarySha256, size));
            context.verified(new Verification("Secondary at sequence " + point.sequence() + " and its test copy",
                    "secondary at N", secondarySha256, "test copy", copySha256, size));
            context.detail(primarySha256.equals(copySha256) ? "The test copy equals the primary at sequence "
                    + point.sequence() : "The test copy differs from the primary at sequence " + point.sequence());
        }

        void check(DrillContext context) throws IOException, DrillCancelledException {
            if (check.isEmpty()) {
                context.skip("No check command given");
                return;
            }
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", check, "mirrorline-check",
                    testCopy.toString()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(
                            new java.io.File("/dev/null")));
            builder.environment().put("MIRRORLINE_TEST_COPY", testCopy.toString());
            builder.environment().put("MIRRORLINE_PAIR", context.pair().name());
            builder.environment().put("MIRRORLINE_SEQUENCE", Long.toString(point.sequence()));
            builder.directory(context.workDirectory().toFile());
            context.log("$ " + check + " " + testCopy);
            long start = System.nanoTime();
            Process process = builder.start();
            AtomicInteger lines = new AtomicInteger();
            Thread output = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        if (lines.incrementAndGet() <= CHECK_OUTPUT_LINES) {
                            context.log("| " + line);
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "mirrorline-drill-check-output");
            output.setDaemon(true);
            output.start();
            try {
                long deadline = start + checkLimit.toNanos();
                while (!process.waitFor(20, TimeUnit.MILLISECONDS)) {
                    if (context.cancelled()) {
                        stop(process);
                        throw new DrillCancelledException();
                    }
                    if (System.nanoTime() > deadline) {
                        stop(process);
                        throw new IOException("The check command did not end within " + checkLimit.toSeconds()
                                + " s and was stopped");
                    }
                    context.progress((double) (System.nanoTime() - start) / checkLimit.toNanos());
                }
                output.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop(process);
                throw new DrillCancelledException();
            }
            if (lines.get() > CHECK_OUTPUT_LINES) {
                context.log("(" + (lines.get() - CHECK_OUTPUT_LINES) + " more lines not kept)");
            }
            int exit = process.exitValue();
            context.measure("check.exitCode", "Check command's exit code", exit, "");
            context.measure("check.seconds", "Check command's run time", (System.nanoTime() - start) / 1e9, "s");
            if (exit != 0) {
                throw new IOException("The check command exited with " + exit);
            }
            context.detail("Exit code 0");
        }

        /**
         * Kills the check command's shell first (so that it starts nothing more, as it would when
         * only its running child died), then the processes it had started.
         */
        private static void stop(Process process) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }

        void discard(DrillContext context) throws IOException, DrillCancelledException {
            Files.deleteIfExists(testCopy);
            discardCopy.done();
            context.log("Test copy deleted");
            context.awaitState(PairState.CONSISTENT, Duration.ofSeconds(30));
            context.detail("Test copy deleted; replication went on throughout, the pair is consistent");
        }
    }
}
