package dev.tandem.agent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * JSON for the admin API. Views are records and serialise as they are; {@link Instant} is written as an
 * ISO-8601 string (jackson-datatype-jsr310 is not a dependency, and one serializer is all it would add).
 */
final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .addModule(new SimpleModule("tandem-admin").addSerializer(Instant.class, ToStringSerializer.instance))
        .build();

    private Json() {
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A request body: a JSON object (an empty body reads as {}); anything else is a 400. */
    static Body parse(byte[] bytes) {
        if (bytes.length == 0) {
            return new Body(JsonNodeFactory.instance.objectNode());
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "Bad JSON in the request body: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(400, "Cannot read the request body: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            return new Body(JsonNodeFactory.instance.objectNode());
        }
        if (!node.isObject()) {
            throw new ApiException(400, "The request body must be a JSON object, got " + node.getNodeType());
        }
        return new Body((ObjectNode) node);
    }

    /** Typed, validated access to the fields of one request body; every problem is a 400 naming the field. */
    static final class Body {
        private final ObjectNode node;

        Body(ObjectNode node) {
            this.node = node;
        }

        /** Rejects fields outside {@code known}, so that a typo is not silently ignored. */
        Body only(String... known) {
            Set<String> allowed = Set.of(known);
            List<String> unknown = new ArrayList<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!allowed.contains(name)) {
                    unknown.add(name);
                }
            }
            if (!unknown.isEmpty()) {
                throw new ApiException(400, "Unknown field" + (unknown.size() > 1 ? "s " : " ") + unknown
                    + " in the request body; known fields: " + new TreeSet<>(allowed));
            }
            return this;
        }

        String text(String field, boolean required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    throw new ApiException(400, "Field '" + field + "' is required in the request body");
                }
                return null;
            }
            if (!v.isTextual() || v.asText().isBlank()) {
                throw new ApiException(400, "Field '" + field + "' must be a non-empty string, got " + v);
            }
            return v.asText();
        }

        boolean bool(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return false;
            }
            if (!v.isBoolean()) {
                throw new ApiException(400, "Field '" + field + "' must be true or false, got " + v);
            }
            return v.booleanValue();
        }

        /** A list of whole numbers (at most 100), or {@code null} when absent. */
        List<Integer> ints(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isArray() || v.size() > 100) {
                throw new ApiException(400, "Field '" + field + "' must be a list of whole numbers, got " + v);
            }
            List<Integer> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isIntegralNumber() || !e.canConvertToInt()) {
                    throw new ApiException(400, "Field '" + field + "' must be a list of whole numbers, got " + v);
                }
                out.add(e.intValue());
            }
            return out;
        }

        /** A whole number from {@code min} to {@code max}, or {@code null} when absent. */
        Long number(String field, long min, long max) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
                throw new ApiException(400, "Field '" + field + "' must be a whole number from " + min + " to " + max
                    + ", got " + v);
            }
            return v.longValue();
        }
    }
}
