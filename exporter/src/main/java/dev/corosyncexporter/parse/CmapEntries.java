package dev.corosyncexporter.parse;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The keys printed by corosync-cmapctl ({@code key (type) = value}), in printed order. */
public record CmapEntries(Map<String, Entry> entries) {

  public record Entry(String type, String value) {}

  public CmapEntries {
    entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
  }

  public Optional<String> string(String key) {
    return Optional.ofNullable(entries.get(key)).map(Entry::value);
  }

  /** Integer value of a key of an integer type; empty when absent or not an integer. */
  public OptionalLong number(String key) {
    Entry e = entries.get(key);
    if (e == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseUnsignedLong(e.value().strip()));
    } catch (NumberFormatException ex) {
      try {
        return OptionalLong.of(Long.parseLong(e.value().strip()));
      } catch (NumberFormatException ex2) {
        return OptionalLong.empty();
      }
    }
  }
}
