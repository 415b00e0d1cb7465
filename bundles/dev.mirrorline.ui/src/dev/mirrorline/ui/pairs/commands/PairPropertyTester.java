package dev.mirrorline.ui.pairs.commands;

import org.eclipse.core.expressions.PropertyTester;

import dev.mirrorline.node.Pair;
import dev.mirrorline.node.PairSpec;

/**
 * What the commands' {@code enabledWhen} expressions ask of a {@link Pair}, read from the running
 * pair at each evaluation, in the namespace {@value #NAMESPACE}:
 * <ul>
 * <li>{@code state}: the {@link dev.mirrorline.node.PairState} name equals the expected value;</li>
 * <li>{@code linkHeld}: the administrator holds the link down ({@link Pair#linkHeld()});</li>
 * <li>{@code loadRunning}: the write load runs;</li>
 * <li>{@code localSecondary}: the secondary volume is on this machine.</li>
 * </ul>
 * The boolean properties compare with the expected value, {@code true} when none is given. The
 * pair's state changes without a selection change: {@link PairCommandEnablement} asks the workbench
 * to evaluate these properties again when it does.
 */
public final class PairPropertyTester extends PropertyTester {

    /** The properties' namespace, as declared in plugin.xml. */
    public static final String NAMESPACE = "dev.mirrorline.ui.pair"; //$NON-NLS-1$
    /** The pair's state name. */
    public static final String STATE = "state"; //$NON-NLS-1$
    /** Whether the link is held down. */
    public static final String LINK_HELD = "linkHeld"; //$NON-NLS-1$
    /** Whether the write load runs. */
    public static final String LOAD_RUNNING = "loadRunning"; //$NON-NLS-1$
    /** Whether the secondary is local. */
    public static final String LOCAL_SECONDARY = "localSecondary"; //$NON-NLS-1$

    @Override
    public boolean test(Object receiver, String property, Object[] args, Object expectedValue) {
        if (!(receiver instanceof Pair pair)) {
            return false;
        }
        return switch (property) {
            case STATE -> pair.status().state().name().equals(String.valueOf(expectedValue));
            case LINK_HELD -> pair.linkHeld() == expected(expectedValue);
            case LOAD_RUNNING -> pair.status().loadRunning() == expected(expectedValue);
            case LOCAL_SECONDARY -> (pair.spec().secondary() instanceof PairSpec.LocalSecondary) == expected(
                    expectedValue);
            default -> false;
        };
    }

    private static boolean expected(Object expectedValue) {
        return expectedValue == null || Boolean.TRUE.equals(expectedValue)
                || "true".equals(String.valueOf(expectedValue)); //$NON-NLS-1$
    }
}
