package dev.mirrorline.history;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.mirrorline.engine.event.EngineEvent;

/** Events for tests: one of every type the engine declares, with awkward values. */
final class SampleEvents {

    /** A time with every nanosecond digit set. */
    static final Instant T0 = Instant.parse("2026-03-01T10:15:30.123456789Z");

    private SampleEvents() {
    }

    /**
     * One event of every type, built from the record components so that types added to the engine
     * are covered too; times one millisecond and one nanosecond apart, starting at {@link #T0}.
     *
     * @param volume the volume name the events carry
     * @param snapshotId the snapshot id they carry
     * @return the events, in the order of the engine's class file (alphabetical with ECJ)
     */
    static List<EngineEvent> oneOfEachType(String volume, String snapshotId) {
        List<EngineEvent> events = new ArrayList<>();
        int index = 0;
        for (Class<?> type : EngineEvent.class.getPermittedSubclasses()) {
            RecordComponent[] components = type.getRecordComponents();
            Class<?>[] parameterTypes = new Class<?>[components.length];
            Object[] arguments = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                parameterTypes[i] = components[i].getType();
                arguments[i] = sampleValue(components[i], index, volume, snapshotId);
            }
            try {
                events.add((EngineEvent) type.getDeclaredConstructor(parameterTypes).newInstance(arguments));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot build a sample " + type.getSimpleName(), e);
            }
            index++;
        }
        return events;
    }

    private static Object sampleValue(RecordComponent component, int index, String volume, String snapshotId) {
        Class<?> type = component.getType();
        String name = component.getName();
        if (type == Instant.class) {
            return T0.plusMillis(index).plusNanos(index);
        }
        if (type == String.class) {
            return switch (name) {
                case "volume" -> volume;
                case "snapshotId" -> snapshotId;
                default -> "a \"quoted\" text\\ with\ta tab, a newline\nand ünïcödé " + index;
            };
        }
        if (type == long.class) {
            return 9_007_199_254_740_993L + index; // beyond a double's exact integers
        }
        if (type == int.class) {
            return 4096 + index;
        }
        if (type == Duration.class) {
            return Duration.ofSeconds(3, 123_456_789 + index);
        }
        if (type == boolean.class) {
            return index % 2 == 0;
        }
        if (type == double.class) {
            return 0.1 + index;
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[index % type.getEnumConstants().length];
        }
        throw new AssertionError("no sample value for " + component + " of type " + type
                + ": teach SampleEvents (and EventCodec) this type");
    }
}
