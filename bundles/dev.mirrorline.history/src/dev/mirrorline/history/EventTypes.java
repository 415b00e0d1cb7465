package dev.mirrorline.history;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.mirrorline.engine.event.EngineEvent;

/**
 * The names under which event types are stored and queried: the simple name of each record that
 * implements {@link EngineEvent}, e.g. {@code "LinkDown"}. The list follows the engine's sealed
 * interface, so an event type added to the engine is stored without a change here.
 */
public final class EventTypes {

    private static final Map<String, Class<? extends EngineEvent>> BY_NAME = byName();

    private EventTypes() {
    }

    /** @return every event type's name, sorted */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * @param type an event record class
     * @return its stored name
     */
    public static String nameOf(Class<? extends EngineEvent> type) {
        return type.getSimpleName();
    }

    /**
     * @param event an event
     * @return its type's stored name
     */
    public static String nameOf(EngineEvent event) {
        return nameOf(event.getClass());
    }

    /**
     * @param name a stored type name
     * @return the record class, or null when this version of the engine has no such event type
     */
    static Class<? extends EngineEvent> typeNamed(String name) {
        return BY_NAME.get(name);
    }

    /**
     * @param name a type name given by a caller
     * @return the name, checked
     * @throws IllegalArgumentException naming the known types when the name is none of them
     */
    static String checkedName(String name) {
        if (!BY_NAME.containsKey(name)) {
            throw new IllegalArgumentException("Unknown event type '" + name + "'; the event types are "
                    + String.join(", ", BY_NAME.keySet()));
        }
        return name;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Class<? extends EngineEvent>> byName() {
        Map<String, Class<? extends EngineEvent>> types = new java.util.TreeMap<>();
        Arrays.stream(EngineEvent.class.getPermittedSubclasses())
                .forEach(type -> types.put(type.getSimpleName(), (Class<? extends EngineEvent>) type));
        return Collections.unmodifiableMap(types);
    }
}
