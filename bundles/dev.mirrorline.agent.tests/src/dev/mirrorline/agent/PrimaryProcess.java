package dev.mirrorline.agent;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import dev.mirrorline.engine.replication.ReplicationMode;
import dev.mirrorline.node.MirrorlineNode;
import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairSpec;
import dev.mirrorline.node.PairStatus;

/**
 * A primary host for tests that need it in a process of its own (in another network namespace,
 * say): pairs with an agent by token, creates the pair, runs the write load, and prints its state
 * every 100 ms as {@code STATE <state> <unacknowledged updates>}. Standard input steers it:
 * {@code stop-load}, then {@code quit}, which closes the node and prints {@code CLOSED}.
 *
 * <p>Arguments: state directory, primary image, size in bytes, agent host, agent port, pairing
 * token, pair name.
 */
public final class PrimaryProcess {

    private PrimaryProcess() {
    }

    /**
     * Runs the primary until told to quit.
     *
     * @param arguments see the class comment
     * @throws Exception if anything fails (the process then ends with a stack trace)
     */
    public static void main(String[] arguments) throws Exception {
        Path state = Path.of(arguments[0]);
        Path image = Path.of(arguments[1]);
        long size = Long.parseLong(arguments[2]);
        String host = arguments[3];
        int port = Integer.parseInt(arguments[4]);
        String token = arguments[5];
        String name = arguments[6];
        try (MirrorlineNode node = MirrorlineNode.open(state, failure -> failure.printStackTrace())) {
            String agent = node.pairWithSecondary(host, port, token, Duration.ofSeconds(30)).secondary().toString();
            Pair pair = node.createPair(new PairSpec(name, image, size, new PairSpec.RemoteSecondary(host, port, agent),
                    ReplicationMode.ASYNCHRONOUS, MirrorlineNode.DEFAULT_WINDOW_BYTES, MirrorlineNode.DEFAULT_CHUNK_SIZE,
                    Duration.ofSeconds(2)));
            pair.startLoad();
            Thread reporter = new Thread(() -> {
                try {
                    while (true) {
                        PairStatus status = pair.status();
                        System.out.println("STATE " + status.state() + " " + status.unacknowledgedUpdates()
                                + (status.lastError() != null ? " " + status.lastError() : ""));
                        System.out.flush();
                        Thread.sleep(100);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "reporter");
            reporter.setDaemon(true);
            reporter.start();
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String command; (command = commands.readLine()) != null && !command.equals("quit");) {
                if (command.equals("stop-load")) {
                    pair.stopLoad();
                }
            }
            reporter.interrupt();
            reporter.join();
        }
        System.out.println("CLOSED");
        System.out.flush();
    }
}
