package dev.mirrorline.engine.write;

/**
 * Work done while writes to a volume are frozen, such as creating a snapshot and capturing the
 * unacknowledged updates, so that both describe the same instant.
 *
 * @param <T> what the action returns
 * @param <X> the checked exception it may throw ({@link RuntimeException} if none)
 * @see WriteBarrier#runFrozen(FrozenAction)
 */
@FunctionalInterface
public interface FrozenAction<T, X extends Exception> {

    /**
     * Runs while no write is in progress and none can start. It must be short (it is the pause
     * every writer sees) and must not write through the same barrier, which would wait forever.
     *
     * @return the result
     * @throws X if the action fails; writes resume all the same
     */
    T run() throws X;
}
