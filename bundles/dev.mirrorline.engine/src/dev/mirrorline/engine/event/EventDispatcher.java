package dev.mirrorline.engine.event;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands events to listeners without making the publisher wait: {@link #publish} only enqueues,
 * and the executor delivers in publication order. A listener that throws is reported to the error
 * handler and does not stop the others.
 */
public final class EventDispatcher {

    private final Executor executor;
    private final Consumer<RuntimeException> errorHandler;
    private final List<EngineEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<EngineEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    /**
     * @param executor runs deliveries; one delivery runs at a time whatever the executor
     * @param errorHandler told about exceptions thrown by listeners
     */
    public EventDispatcher(Executor executor, Consumer<RuntimeException> errorHandler) {
        this.executor = executor;
        this.errorHandler = errorHandler;
    }

    /** @param listener receives every event published after this call */
    public void addListener(EngineEventListener listener) {
        listeners.add(listener);
    }

    /** @param listener no longer receives events */
    public void removeListener(EngineEventListener listener) {
        listeners.remove(listener);
    }

    /**
     * Queues an event for delivery and returns at once.
     *
     * @param event the event
     */
    public void publish(EngineEvent event) {
        pending.add(event);
        scheduleDrain();
    }

    private void scheduleDrain() {
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            EngineEvent event;
            while ((event = pending.poll()) != null) {
                for (EngineEventListener listener : listeners) {
                    try {
                        listener.onEvent(event);
                    } catch (RuntimeException e) {
                        errorHandler.accept(e);
                    }
                }
            }
        } finally {
            draining.set(false);
        }
        // an event published after the last poll but before the flag was cleared
        if (!pending.isEmpty()) {
            scheduleDrain();
        }
    }
}
