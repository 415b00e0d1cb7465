package dev.mirrorline.history;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes and reads the JSON text of a flat object: names mapped to strings, whole numbers,
 * decimal numbers, booleans or null. That is all an event's fields need, and it keeps the stored
 * text readable by any JSON tool (the command line's {@code --json} prints it as it is).
 */
final class FlatJson {

    private FlatJson() {
    }

    /**
     * @param fields names to values: {@link String}, {@link Long}, {@link Integer}, {@link Double},
     *        {@link Boolean} or null
     * @return the JSON object text
     */
    static String write(Map<String, Object> fields) {
        StringBuilder json = new StringBuilder(32 * fields.size() + 2).append('{');
        boolean first = true;
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            writeString(json, field.getKey());
            json.append(':');
            Object value = field.getValue();
            if (value == null) {
                json.append("null");
            } else if (value instanceof String text) {
                writeString(json, text);
            } else if (value instanceof Long || value instanceof Integer || value instanceof Boolean) {
                json.append(value);
            } else if (value instanceof Double number && Double.isFinite(number)) {
                json.append(number);
            } else {
                throw new IllegalArgumentException("Not a JSON value: " + value.getClass().getName());
            }
        }
        return json.append('}').toString();
    }

    /**
     * @param json the text of a flat JSON object
     * @return its names mapped to {@link String}, {@link Long}, {@link Double}, {@link Boolean} or
     *         null, in the order written
     * @throws IllegalArgumentException when the text is not such an object
     */
    static Map<String, Object> read(String json) {
        return new Reader(json).object();
    }

    private static void writeString(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    /** A recursive-descent reader of one flat object. */
    private static final class Reader {

        private final String text;
        private int position;

        Reader(String text) {
            this.text = text;
        }

        Map<String, Object> object() {
            Map<String, Object> fields = new LinkedHashMap<>();
            skipSpace();
            expect('{');
            skipSpace();
            if (peek() == '}') {
                position++;
                return end(fields);
            }
            while (true) {
                skipSpace();
                String name = string();
                skipSpace();
                expect(':');
                skipSpace();
                fields.put(name, value());
                skipSpace();
                char next = next();
                if (next == '}') {
                    return end(fields);
                }
                if (next != ',') {
                    throw error("',' or '}'");
                }
            }
        }

        private Map<String, Object> end(Map<String, Object> fields) {
            skipSpace();
            if (position != text.length()) {
                throw error("the end of the text");
            }
            return fields;
        }

        private Object value() {
            char c = peek();
            if (c == '"') {
                return string();
            }
            if (text.startsWith("null", position)) {
                position += 4;
                return null;
            }
            if (text.startsWith("true", position)) {
                position += 4;
                return Boolean.TRUE;
            }
            if (text.startsWith("false", position)) {
                position += 5;
                return Boolean.FALSE;
            }
            int start = position;
            while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
            String number = text.substring(start, position);
            if (number.isEmpty()) {
                throw error("a value");
            }
            try {
                return isWholeNumber(number) ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
            } catch (NumberFormatException e) {
                position = start;
                throw error("a number");
            }
        }

        private static boolean isWholeNumber(String number) {
            for (int i = number.charAt(0) == '-' ? 1 : 0; i < number.length(); i++) {
                if (number.charAt(i) < '0' || number.charAt(i) > '9') {
                    return false;
                }
            }
            return true;
        }

        private String string() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') {
                    return value.toString();
                }
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                char escaped = next();
                switch (escaped) {
                    case '"', '\\', '/' -> value.append(escaped);
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'u' -> {
                        if (position + 4 > text.length()) {
                            throw error("four hex digits");
                        }
                        value.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                        position += 4;
                    }
                    default -> throw error("an escape sequence");
                }
            }
        }

        private void skipSpace() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private void expect(char c) {
            if (next() != c) {
                position--;
                throw error("'" + c + "'");
            }
        }

        private char peek() {
            if (position >= text.length()) {
                throw error("more text");
            }
            return text.charAt(position);
        }

        private char next() {
            char c = peek();
            position++;
            return c;
        }

        private IllegalArgumentException error(String expected) {
            return new IllegalArgumentException("Bad event fields: expected " + expected + " at character "
                    + position + " of " + text);
        }
    }
}
