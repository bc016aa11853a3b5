package io.vigie.registry.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.events.device.PayloadMapping;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;

/** JSON text columns (portable across the reactive and JDBC drivers, unlike jsonb binds). */
final class JsonColumns {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private JsonColumns() {
    }

    static String write(Object value) {
        try {
            return value == null ? null : JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not serializable to JSON", e);
        }
    }

    static <T> T read(String text, TypeReference<T> type) {
        try {
            return text == null ? null : JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column", e);
        }
    }

    @Converter
    public static class StringList implements AttributeConverter<List<String>, String> {
        @Override
        public String convertToDatabaseColumn(List<String> attribute) {
            return write(attribute == null ? List.of() : attribute);
        }

        @Override
        public List<String> convertToEntityAttribute(String dbData) {
            return dbData == null ? List.of() : read(dbData, new TypeReference<List<String>>() {
            });
        }
    }

    @Converter
    public static class Mapping implements AttributeConverter<PayloadMapping, String> {
        @Override
        public String convertToDatabaseColumn(PayloadMapping attribute) {
            return write(attribute);
        }

        @Override
        public PayloadMapping convertToEntityAttribute(String dbData) {
            return read(dbData, new TypeReference<PayloadMapping>() {
            });
        }
    }
}
