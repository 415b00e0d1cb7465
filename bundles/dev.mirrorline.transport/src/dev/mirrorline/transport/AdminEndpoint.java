package dev.mirrorline.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.mirrorline.transport.proto.AdminServiceGrpc;
import dev.mirrorline.transport.proto.RunCommandRequest;
import dev.mirrorline.transport.proto.RunCommandResponse;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * Where the command line reaches the node that runs in a state directory: a gRPC server on
 * 127.0.0.1 (never another address), whose port and a random secret are written to
 * {@code admin-endpoint} in the state directory, readable by its owner only. A call must carry
 * the secret: whoever can read the node's state directory may administer it, nobody else.
 * The file is removed when the endpoint closes.
 */
public final class AdminEndpoint implements AutoCloseable {

    /** The file, in the state directory, that says where the endpoint is and holds its secret. */
    public static final String FILE_NAME = "admin-endpoint";

    /**
     * What a command printed and how it ended.
     *
     * @param exitCode its exit code
     * @param output what goes to standard output
     * @param error what goes to standard error
     */
    public record CommandResult(int exitCode, String output, String error) {
    }

    private final Server server;
    private final Path file;

    private AdminEndpoint(Server server, Path file) {
        this.server = server;
        this.file = file;
    }

    /**
     * Starts the endpoint and writes its file.
     *
     * @param stateDirectory the node's state directory
     * @param commands carries out a command line
     * @return the running endpoint
     * @throws IOException if no port can be bound or the file cannot be written
     */
    public static AdminEndpoint start(Path stateDirectory, Function<List<String>, CommandResult> commands)
            throws IOException {
        GrpcRuntime.ensureInitialised();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String secretText = HexFormat.of().formatHex(secret);
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .addService(new Service(secretText.getBytes(StandardCharsets.UTF_8), commands)).build().start();
        Path file = stateDirectory.resolve(FILE_NAME);
        Path temporary = stateDirectory.resolve(FILE_NAME + ".new");
        try {
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, "# where the command line reaches this node; secret: keep it private\n"
                    + "port=" + server.getPort() + "\nsecret=" + secretText + "\npid=" + ProcessHandle.current().pid()
                    + "\n");
            Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            server.shutdownNow();
            throw new IOException("Cannot write " + file + " for the command line: " + e.getMessage(), e);
        }
        return new AdminEndpoint(server, file);
    }

    /** @return the port it listens on, on 127.0.0.1 */
    public int port() {
        return server.getPort();
    }

    /** Stops answering and removes the endpoint file. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale file only makes the command line say that it cannot reach the node
        }
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The admin call: checks the secret, then carries out the command on a call thread. */
    private static final class Service extends AdminServiceGrpc.AdminServiceImplBase {
        private final byte[] secret;
        private final Function<List<String>, CommandResult> commands;

        Service(byte[] secret, Function<List<String>, CommandResult> commands) {
            this.secret = secret;
            this.commands = commands;
        }

        @Override
        public void run(RunCommandRequest request, StreamObserver<RunCommandResponse> responses) {
            if (!MessageDigest.isEqual(secret, request.getSecret().getBytes(StandardCharsets.UTF_8))) {
                responses.onError(Status.PERMISSION_DENIED.withDescription("Wrong secret: read it from the node's "
                        + FILE_NAME + " file").asRuntimeException());
                return;
            }
            CommandResult result;
            try {
                result = commands.apply(List.copyOf(request.getArgumentsList()));
            } catch (RuntimeException e) {
                result = new CommandResult(1, "", "The node failed to carry out the command: " + e + "\n");
            }
            responses.onNext(RunCommandResponse.newBuilder().setExitCode(result.exitCode()).setOutput(result.output())
                    .setError(result.error()).build());
            responses.onCompleted();
        }
    }

    /**
     * Runs a command on the node that runs in a state directory (the command line's side).
     *
     * @param stateDirectory the node's state directory
     * @param arguments the command and its arguments
     * @param timeoutMillis how long to wait for the answer
     * @return what the command printed and its exit code
     * @throws NodeNotRunningException if no node runs there, or it does not answer
     * @throws IOException if the endpoint file cannot be read
     */
    public static CommandResult call(Path stateDirectory, List<String> arguments, long timeoutMillis)
            throws IOException {
        Path file = stateDirectory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            throw new NodeNotRunningException("No Mirrorline node runs in " + stateDirectory + " (no " + FILE_NAME
                    + " there): start mirrorline-agent --state-dir " + stateDirectory + ", or the console");
        }
        Properties endpoint = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            endpoint.load(in);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new IOException("Cannot read " + file + ": only the user that runs the node may administer it", e);
        }
        int port;
        try {
            port = Integer.parseInt(endpoint.getProperty("port", ""));
        } catch (NumberFormatException e) {
            throw new IOException(file + " is damaged: it names no port", e);
        }
        GrpcRuntime.ensureInitialised();
        var channel = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder
                .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).usePlaintext().build();
        try {
            RunCommandResponse response = AdminServiceGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
                    .run(RunCommandRequest.newBuilder().setSecret(endpoint.getProperty("secret", ""))
                            .addAllArguments(arguments).build());
            return new CommandResult(response.getExitCode(), response.getOutput(), response.getError());
        } catch (io.grpc.StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE) {
                throw new NodeNotRunningException("The Mirrorline node of " + stateDirectory + " does not answer on"
                        + " 127.0.0.1:" + port + " (it may have stopped without removing " + FILE_NAME + ")");
            }
            if (code == Status.Code.DEADLINE_EXCEEDED) {
                throw new NodeNotRunningException("The Mirrorline node of " + stateDirectory + " did not finish the"
                        + " command within " + timeoutMillis / 1000 + " s (it may still be carrying it out)");
            }
            throw new IOException("The node refused the command: " + code
                    + (e.getStatus().getDescription() != null ? " (" + e.getStatus().getDescription() + ")" : ""), e);
        } finally {
            channel.shutdownNow();
        }
    }

    /** No node runs in the state directory, or it does not answer. */
    public static final class NodeNotRunningException extends IOException {
        private static final long serialVersionUID = 1L;

        NodeNotRunningException(String message) {
            super(message);
        }
    }
}
