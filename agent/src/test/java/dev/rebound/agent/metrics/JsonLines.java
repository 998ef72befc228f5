package dev.rebound.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a metrics log back into maps and lists with jackson's streaming parser, checking that it is
 * strict UTF-8 JSON Lines: one object per line, every line ended by a newline.
 */
final class JsonLines {

  private static final JsonFactory JSON = new JsonFactory();

  private JsonLines() {}

  static List<Map<String, Object>> parse(byte[] log) throws IOException {
    String text = new String(log, StandardCharsets.UTF_8);
    assertThat(text.getBytes(StandardCharsets.UTF_8)).as("valid UTF-8").isEqualTo(log);
    List<Map<String, Object>> records = new ArrayList<>();
    if (text.isEmpty()) {
      return records;
    }
    assertThat(text).endsWith("\n");
    for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
      records.add(parseLine(line));
    }
    return records;
  }

  /** The records of one type, in order. */
  static List<Map<String, Object>> ofType(List<Map<String, Object>> records, String type) {
    List<Map<String, Object>> result = new ArrayList<>();
    for (Map<String, Object> record : records) {
      if (type.equals(record.get("type"))) {
        result.add(record);
      }
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> array(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<Object>) value;
  }

  private static Map<String, Object> parseLine(String line) throws IOException {
    try (JsonParser parser = JSON.createParser(line)) {
      assertThat(parser.nextToken()).as(line).isEqualTo(JsonToken.START_OBJECT);
      Map<String, Object> record = object(value(parser));
      assertThat(parser.nextToken()).as("one value per line: " + line).isNull();
      return record;
    }
  }

  private static Object value(JsonParser parser) throws IOException {
    switch (parser.currentToken()) {
      case START_OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          assertThat(map).as("duplicate field " + name).doesNotContainKey(name);
          map.put(name, value(parser));
        }
        return map;
      case START_ARRAY:
        List<Object> list = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          list.add(value(parser));
        }
        return list;
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getLongValue();
      case VALUE_NUMBER_FLOAT:
        return parser.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IllegalStateException("unexpected token " + parser.currentToken());
    }
  }
}
