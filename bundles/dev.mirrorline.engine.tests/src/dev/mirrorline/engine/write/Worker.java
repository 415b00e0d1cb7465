package dev.mirrorline.engine.write;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A task on a thread of its own that a test can interrupt and whose outcome it can wait for. */
final class Worker<T> {

    private final Thread thread;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();

    Worker(String name, Callable<T> task) {
        thread = new Thread(() -> {
            try {
                outcome.complete(task.call());
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    void interrupt() {
        thread.interrupt();
    }

    /** @return whether the task is still running after {@code millis}: it is blocked */
    boolean stillRunningAfter(long millis) throws InterruptedException {
        thread.join(millis);
        return thread.isAlive();
    }

    T result() throws InterruptedException, ExecutionException, TimeoutException {
        return outcome.get(10, TimeUnit.SECONDS);
    }

    /** @return what the task threw, waiting up to 10 s for it to end */
    Throwable failure() throws InterruptedException, TimeoutException {
        try {
            T result = outcome.get(10, TimeUnit.SECONDS);
            throw new AssertionError("the task returned " + result + " instead of failing");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
