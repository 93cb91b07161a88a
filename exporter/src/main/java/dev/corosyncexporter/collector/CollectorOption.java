package dev.corosyncexporter.collector;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A setting of one collector, given as {@code --collector.COLLECTOR.NAME=VALUE}: one of the
 * constants of an enum, which the flag writes in lower case ({@code Source.CFGTOOL} is {@code
 * cfgtool}), so the collector switches over the enum and no string can fall through to a default.
 */
public record CollectorOption<E extends Enum<E>>(String name, E defaultValue, String help) {

  /** The values the flag accepts, in the enum's order. */
  public List<String> choices() {
    return Arrays.stream(defaultValue.getDeclaringClass().getEnumConstants())
        .map(CollectorOption::choice)
        .toList();
  }

  /** The default, as the flag writes it. */
  public String defaultChoice() {
    return choice(defaultValue);
  }

  /**
   * The constant {@code choice} names.
   *
   * @throws IllegalArgumentException if it is not one of {@link #choices()}, with the reason alone
   *     for the caller to prefix with the flag
   */
  public E valueOf(String choice) {
    for (E e : defaultValue.getDeclaringClass().getEnumConstants()) {
      if (choice(e).equals(choice)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "expected " + String.join(" or ", choices()) + ", got '" + choice + "'");
  }

  public String flag(String collector) {
    return "--collector." + collector + "." + name;
  }

  private static String choice(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
