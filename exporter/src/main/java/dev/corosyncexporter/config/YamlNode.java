package dev.corosyncexporter.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A YAML value together with its key path, so that every validation error can say where it is.
 * Accessors are strict about types: YAML silently turns unquoted {@code true} or {@code 010} into
 * non-strings, and a wrong type is reported rather than coerced.
 */
final class YamlNode {
  private final JsonNode node;
  private final String path;

  YamlNode(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  String path() {
    return path;
  }

  ConfigException error(String reason) {
    return new ConfigException(path, reason);
  }

  boolean isMapping() {
    return node.isObject();
  }

  boolean isString() {
    return node.isTextual();
  }

  /**
   * Fails on any key outside {@code allowed}, naming the first unknown key (typos are the usual
   * cause).
   */
  YamlNode requireMapping(Set<String> allowed) throws ConfigException {
    if (!node.isObject()) {
      throw error("must be a mapping, got " + describe());
    }
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new ConfigException(
            child(name),
            "unknown key (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
      }
    }
    return this;
  }

  /** A key that is absent or explicitly null is treated as not set. */
  Optional<YamlNode> get(String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    return Optional.of(new YamlNode(value, child(key)));
  }

  YamlNode require(String key) throws ConfigException {
    Optional<YamlNode> value = get(key);
    if (value.isEmpty()) {
      throw new ConfigException(child(key), "required key is missing");
    }
    return value.get();
  }

  String asString() throws ConfigException {
    if (!node.isTextual()) {
      throw error("must be a string, got " + describe() + " (quote it)");
    }
    return node.textValue();
  }

  String asNonEmptyString() throws ConfigException {
    String s = asString();
    if (s.isBlank()) {
      throw error("must not be empty");
    }
    return s;
  }

  int asInt() throws ConfigException {
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw error("must be an integer, got " + describe());
    }
    return node.intValue();
  }

  List<YamlNode> asList() throws ConfigException {
    if (!node.isArray()) {
      throw error("must be a list, got " + describe());
    }
    List<YamlNode> items = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      items.add(new YamlNode(node.get(i), path + "[" + i + "]"));
    }
    return items;
  }

  /**
   * The value as written for scalars (so `3` in a duration field can be quoted back), else its
   * kind.
   */
  String scalarText() {
    return node.isValueNode() ? node.asText() : describe();
  }

  String describe() {
    if (node.isTextual()) {
      return "string '" + node.textValue() + "'";
    }
    if (node.isBoolean()) {
      return "boolean " + node.booleanValue();
    }
    if (node.isNumber()) {
      return "number " + node.asText();
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
