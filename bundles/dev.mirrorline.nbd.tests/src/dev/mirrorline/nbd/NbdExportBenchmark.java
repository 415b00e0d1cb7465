package dev.mirrorline.nbd;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.mirrorline.engine.EngineContext;
import dev.mirrorline.engine.VolumeGeometry;
import dev.mirrorline.engine.event.EventDispatcher;
import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.engine.replication.ReplicationSettings;
import dev.mirrorline.engine.volume.Volume;

/**
 * fio through the NBD export, printed as figures (no assertions on speed): 4 KiB random writes
 * (IOPS, p99 completion latency) and 1 MiB sequential writes (MB/s), for the primary's export
 * with replication (asynchronous and synchronous), the same with replication paused (link
 * declared down: writes are local and tracked by the outage snapshot), a plain volume behind the
 * export (the NBD server's own cost, without the replication write path), and {@code nbdkit file}
 * serving the primary's image file (the native baseline). Run by {@code scripts/run-benchmarks}.
 */
class NbdExportBenchmark {

    private static final long SIZE = 256L << 20;
    private static final int RUNTIME_SECONDS = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path directory;

    /** One configuration's figures. */
    private record Figures(String name, double randomIops, double randomP99Millis, double sequentialMegabytes) {
    }

    @Test
    void fioThroughTheExportWithAndWithoutReplicationAndThroughNbdkit() throws Exception {
        ExternalTool.assumeInstalled("fio", "fio");
        ExternalTool.assumeInstalled("nbdkit", "nbdkit");
        List<Figures> figures = new ArrayList<>();
        try (ReplicatedPair pair = new ReplicatedPair(directory.resolve("async"), SIZE,
                ReplicationSettings.defaults())) {
            pair.connectLink();
            figures.add(measure("export, replicated (asynchronous)", pair.uri(ReplicatedPair.PRIMARY)));
            pair.primary.declareLinkDown("benchmark: replication paused");
            figures.add(measure("export, replication paused", pair.uri(ReplicatedPair.PRIMARY)));
        }
        EngineContext context = EngineContext.system(new EventDispatcher(Runnable::run, e -> {
        }));
        try (Volume plain = Volume.create(context, directory.resolve("plain.img"), VolumeGeometry.ofSize(SIZE),
                directory.resolve("plain-state"));
                NbdServer server = new NbdServer(NbdServerSettings.defaults().withLoopbackPort(0))) {
            server.addExport("plain", VolumeTarget.writable(plain));
            server.start();
            figures.add(measure("export, plain volume (no replication)",
                    "nbd://127.0.0.1:" + server.address().getPort() + "/plain"));
        }
        try (ReplicatedPair pair = new ReplicatedPair(directory.resolve("sync"), SIZE,
                ReplicationSettings.defaults().withMode(ReplicationMode.SYNCHRONOUS))) {
            pair.connectLink();
            figures.add(measure("export, replicated (synchronous)", pair.uri(ReplicatedPair.PRIMARY)));
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Process nbdkit = ExternalTool.start("nbdkit", "-f", "-p", String.valueOf(port), "-i", "127.0.0.1", "file",
                directory.resolve("async").resolve("primary.img").toString());
        try {
            awaitPort(port);
            figures.add(measure("nbdkit file, same image", "nbd://127.0.0.1:" + port + "/"));
        } finally {
            nbdkit.destroy();
            nbdkit.waitFor();
        }
        Figures baseline = figures.get(figures.size() - 1);
        Figures paused = figures.get(1);
        System.out.printf("BENCH nbd fio, %d s per run, 4 KiB random writes at iodepth 16, 1 MiB sequential writes"
                + " at iodepth 4, %d MiB image%n", RUNTIME_SECONDS, SIZE >> 20);
        for (Figures each : figures) {
            System.out.printf("BENCH nbd %-38s 4k randwrite %8.0f IOPS (%.2f x nbdkit, %.2f x paused)  p99 %7.2f ms"
                    + "   1M seqwrite %7.1f MB/s (%.2f x nbdkit)%n", each.name(), each.randomIops(),
                    each.randomIops() / baseline.randomIops(), each.randomIops() / paused.randomIops(),
                    each.randomP99Millis(), each.sequentialMegabytes(),
                    each.sequentialMegabytes() / baseline.sequentialMegabytes());
        }
    }

    private static Figures measure(String name, String uri) throws Exception {
        String random = ExternalTool.runOk(TIMEOUT, fio(uri, "randwrite", "4k", "16"));
        String sequential = ExternalTool.runOk(TIMEOUT, fio(uri, "write", "1M", "4"));
        return new Figures(name, number(random, "iops"), find(clatSection(random), "99.000000") / 1e6,
                number(sequential, "bw_bytes") / 1e6);
    }

    private static String[] fio(String uri, String pattern, String blockSize, String depth) {
        return new String[] {"fio", "--name=bench", "--ioengine=nbd", "--uri=" + uri, "--rw=" + pattern,
            "--bs=" + blockSize, "--iodepth=" + depth, "--size=" + (SIZE >> 20) + "M", "--time_based",
            "--runtime=" + RUNTIME_SECONDS, "--output-format=json"};
    }

    /** @return the first number named {@code key} in the "write" part of fio's JSON */
    private static double number(String json, String key) {
        return find(writePart(json), key);
    }

    /** @return the first number named {@code key} in {@code text} */
    private static double find(String text, String key) {
        String write = text;
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(key) + "\"\\s*:\\s*([0-9.eE+-]+)").matcher(write);
        if (!matcher.find()) {
            throw new AssertionError("no " + key + " in fio's output:\n" + text);
        }
        return Double.parseDouble(matcher.group(1));
    }

    private static String clatSection(String json) {
        String write = writePart(json);
        return write.substring(write.indexOf("\"clat_ns\""));
    }

    /** @return fio's JSON from the job's "write" statistics on ("rw" : "write" among the options is not it) */
    private static String writePart(String json) {
        Matcher start = Pattern.compile("\"write\"\\s*:\\s*\\{").matcher(json);
        if (!start.find()) {
            throw new AssertionError("no write statistics in fio's output:\n" + json);
        }
        return json.substring(start.start());
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nbdkit did not listen on port " + port);
    }
}
