package dev.mirrorline.history;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.mirrorline.engine.event.EngineEvent;

/**
 * Turns an event record into the JSON text of its fields and back into an equal record. Every
 * component of the record is written under its own name: strings, whole numbers and booleans as
 * JSON values, {@link Instant} and {@link Duration} as their ISO-8601 text (exact to the
 * nanosecond), enums by constant name. It works on the record's components, so new event types
 * need nothing here as long as their fields are of those kinds.
 */
final class EventCodec {

    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Constructor<?>> CONSTRUCTORS = new ConcurrentHashMap<>();

    private EventCodec() {
    }

    /**
     * @param event an event
     * @return its fields as the JSON text of a flat object
     * @throws IllegalArgumentException when a field is of a kind the history cannot store
     */
    static String fieldsJson(EngineEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (RecordComponent component : components(event.getClass())) {
            fields.put(component.getName(), encode(component, valueOf(component, event)));
        }
        return FlatJson.write(fields);
    }

    /**
     * Rebuilds an event.
     *
     * @param typeName the stored type name
     * @param fieldsJson the stored fields
     * @return an event equal to the one stored
     * @throws IllegalArgumentException when this version has no such type or the fields do not fit it
     */
    static EngineEvent rebuild(String typeName, String fieldsJson) {
        Class<? extends EngineEvent> type = EventTypes.typeNamed(typeName);
        if (type == null) {
            throw new IllegalArgumentException("No event type '" + typeName + "' in this version");
        }
        Map<String, Object> fields = FlatJson.read(fieldsJson);
        RecordComponent[] components = components(type);
        Object[] arguments = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            if (!fields.containsKey(component.getName())) {
                throw new IllegalArgumentException(typeName + " has no field '" + component.getName() + "': "
                        + fieldsJson);
            }
            arguments[i] = decode(typeName, component, fields.get(component.getName()));
        }
        try {
            return (EngineEvent) CONSTRUCTORS.computeIfAbsent(type, EventCodec::canonicalConstructor)
                    .newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("Cannot rebuild " + typeName + " from " + fieldsJson + ": "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot rebuild " + typeName + ": " + e, e);
        }
    }

    /**
     * @param event an event
     * @param name a component name
     * @return the value of the event's String component of that name, or null when it has none
     */
    static String stringComponent(EngineEvent event, String name) {
        for (RecordComponent component : components(event.getClass())) {
            if (component.getName().equals(name) && component.getType() == String.class) {
                return (String) valueOf(component, event);
            }
        }
        return null;
    }

    /**
     * @param event an event
     * @return its components as {@code name=value} pairs, for summaries of types without their own
     */
    static String componentsText(EngineEvent event) {
        StringBuilder text = new StringBuilder();
        for (RecordComponent component : components(event.getClass())) {
            if (component.getName().equals("at")) {
                continue;
            }
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(component.getName()).append('=').append(valueOf(component, event));
        }
        return text.toString();
    }

    private static Constructor<?> canonicalConstructor(Class<?> type) {
        RecordComponent[] components = components(type);
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            parameterTypes[i] = components[i].getType();
        }
        try {
            return type.getDeclaredConstructor(parameterTypes);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
        }
    }

    private static RecordComponent[] components(Class<?> type) {
        return COMPONENTS.computeIfAbsent(type, recordType -> {
            RecordComponent[] components = recordType.getRecordComponents();
            if (components == null) {
                throw new IllegalArgumentException(recordType.getName() + " is not a record");
            }
            return components;
        });
    }

    private static Object valueOf(RecordComponent component, EngineEvent event) {
        try {
            return component.getAccessor().invoke(event);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + component + " of " + event.getClass().getName(), e);
        }
    }

    private static Object encode(RecordComponent component, Object value) {
        Class<?> type = component.getType();
        if (value == null) {
            return null;
        }
        if (type == String.class || type == long.class || type == Long.class || type == int.class
                || type == Integer.class || type == boolean.class || type == Boolean.class) {
            return value;
        }
        if (type == double.class || type == Double.class) {
            double number = (Double) value;
            return Double.isFinite(number) ? (Object) number : (Object) Double.toString(number);
        }
        if (type == Instant.class || type == Duration.class) {
            return value.toString();
        }
        if (type.isEnum()) {
            return ((Enum<?>) value).name();
        }
        throw new IllegalArgumentException("The event history cannot store " + component.getDeclaringRecord()
                .getSimpleName() + "." + component.getName() + " of type " + type.getName());
    }

    private static Object decode(String typeName, RecordComponent component, Object value) {
        Class<?> type = component.getType();
        if (value == null) {
            if (type.isPrimitive()) {
                throw new IllegalArgumentException(typeName + "." + component.getName() + " is null");
            }
            return null;
        }
        try {
            if (type == String.class) {
                return (String) value;
            }
            if (type == long.class || type == Long.class) {
                return (Long) value;
            }
            if (type == int.class || type == Integer.class) {
                return Math.toIntExact((Long) value);
            }
            if (type == boolean.class || type == Boolean.class) {
                return (Boolean) value;
            }
            if (type == double.class || type == Double.class) {
                return value instanceof String text ? Double.parseDouble(text) : ((Number) value).doubleValue();
            }
            if (type == Instant.class) {
                return Instant.parse((String) value);
            }
            if (type == Duration.class) {
                return Duration.parse((String) value);
            }
            if (type.isEnum()) {
                return enumConstant(type, (String) value);
            }
        } catch (ClassCastException | ArithmeticException | DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(typeName + "." + component.getName() + " cannot be " + value, e);
        }
        throw new IllegalArgumentException("The event history cannot rebuild " + typeName + "."
                + component.getName() + " of type " + type.getName());
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static Object enumConstant(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }
}
