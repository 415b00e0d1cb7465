package dev.mirrorline.nbd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.event.EngineEvent;
import dev.mirrorline.engine.replication.ReplicationSettings;

/**
 * fio's nbd engine writes a verified workload into the primary's export while the replication
 * link (real gRPC on 127.0.0.1, through a proxy) is cut and restored; after the resync, fio's
 * verify pass reading the secondary's read-only export succeeds and both volumes hash the same.
 */
class ReplicatedExportFioTest {

    private static final long SIZE = 64L << 20;
    private static final Duration FIO_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path directory;

    @Test
    void fioVerifiesOnTheSecondaryWhatItWroteToThePrimaryAcrossALinkOutage() throws Exception {
        ExternalTool.assumeInstalled("fio", "fio");
        String engines = ExternalTool.runOk(Duration.ofSeconds(30), "fio", "--enghelp");
        org.junit.jupiter.api.Assumptions.assumeTrue(engines.contains("nbd"),
                "this fio has no nbd ioengine (fio --enghelp does not list it)");
        ReplicationSettings settings = ReplicationSettings.defaults().withLinkTimeout(Duration.ofSeconds(3));
        try (ReplicatedPair pair = new ReplicatedPair(directory, SIZE, settings)) {
            pair.connectLink();
            assertTrue(!pair.nbd.export(ReplicatedPair.SECONDARY).orElseThrow().isWritable(),
                    "the secondary's export is read-only");

            // 4096 writes at 1500 IOPS at most: 2.7 seconds or more; the link is cut after one and restored after two
            String[] write = fio(pair.uri(ReplicatedPair.PRIMARY), "--rate_iops=1500", "--do_verify=0");
            Process fio = ExternalTool.start(write);
            Thread.sleep(1000);
            assertTrue(fio.isAlive(), "fio should still be writing when the link is cut");
            pair.cutLink(Duration.ofSeconds(20));
            Thread.sleep(1000);
            assertTrue(fio.isAlive(), "fio should still be writing when the link is restored");
            pair.restoreLink();
            ExternalTool.Result written = ExternalTool.finish(fio, FIO_TIMEOUT, write);
            assertEquals(0, written.exitCode(), written.output());
            System.out.println("fio write pass:\n" + written.output());
            long resyncWait = System.nanoTime();
            pair.awaitInSync(Duration.ofSeconds(120)); // the resync runs beside live writes: seconds, not milliseconds
            System.out.printf("in sync %d ms after fio finished%n", (System.nanoTime() - resyncWait) / 1_000_000);
            pair.events.stream().filter(event -> !(event instanceof EngineEvent.ResyncProgress)
                    && !(event instanceof EngineEvent.ChunksCopied)).forEach(System.out::println);

            ExternalTool.runOk(FIO_TIMEOUT, fio(pair.uri(ReplicatedPair.SECONDARY), "--verify_only"));
            ExternalTool.runOk(FIO_TIMEOUT, fio(pair.uri(ReplicatedPair.PRIMARY), "--verify_only"));
            assertArrayEquals(ReplicatedPair.sha256(pair.primaryVolume), ReplicatedPair.sha256(pair.secondaryVolume),
                    "the volumes are byte-for-byte equal");
            long changedDuringOutage = pair.events.stream().filter(EngineEvent.ResyncStarted.class::isInstance)
                    .map(EngineEvent.ResyncStarted.class::cast).mapToLong(EngineEvent.ResyncStarted::changedChunks)
                    .sum();
            assertTrue(changedDuringOutage > 0, "fio wrote while the link was down, so the resync had chunks to send");
            assertTrue(pair.events.stream().anyMatch(EngineEvent.ResyncFinished.class::isInstance));
        }
    }

    /** The same job each time, so that the verify pass knows what the write pass wrote where. */
    private static String[] fio(String uri, String... extra) {
        String[] job = {"fio", "--name=replicated", "--ioengine=nbd", "--uri=" + uri, "--rw=randwrite", "--bs=4k",
            "--size=16M", "--iodepth=8", "--verify=crc32c", "--randseed=20261125", "--verify_state_save=0",
            "--output-format=normal"};
        String[] command = java.util.Arrays.copyOf(job, job.length + extra.length);
        System.arraycopy(extra, 0, command, job.length, extra.length);
        return command;
    }
}
