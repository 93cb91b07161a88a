package dev.corosyncexporter.collector;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A setting of one collector, given as {@code --collector.COLLECTOR.NAME=VALUE}: one of the
 * constants of an enum, which the flag writes in lower case ({@code Source.CFGTOOL} is {@code
 * cfgtool}), so the collector switches over the enum and no string can fall through to a default.
 *
 * <p>The default may differ by {@link RunMode}: a source that only works on the node itself (a
 * connection kept open, a daemon's socket) is local mode's default and central mode's tool the
 * other's. Flags, help text and the fallback read both from here.
 */
public record CollectorOption<E extends Enum<E>>(
    String name, E localDefault, E centralDefault, String help) {

  /** An option whose default is the same in both modes. */
  public CollectorOption(String name, E defaultValue, String help) {
    this(name, defaultValue, defaultValue, help);
  }

  /** The values the flag accepts, in the enum's order. */
  public List<String> choices() {
    return Arrays.stream(localDefault.getDeclaringClass().getEnumConstants())
        .map(CollectorOption::choice)
        .toList();
  }

  public E defaultValue(RunMode mode) {
    return mode == RunMode.LOCAL ? localDefault : centralDefault;
  }

  /** The default in {@code mode}, as the flag writes it. */
  public String defaultChoice(RunMode mode) {
    return choice(defaultValue(mode));
  }

  /** For --help: "native in local mode, quorumtool in central mode", or the one default. */
  public String describeDefault() {
    if (localDefault == centralDefault) {
      return choice(localDefault);
    }
    return choice(localDefault) + " in local mode, " + choice(centralDefault) + " in central mode";
  }

  /**
   * The constant {@code choice} names.
   *
   * @throws IllegalArgumentException if it is not one of {@link #choices()}, with the reason alone
   *     for the caller to prefix with the flag
   */
  public E valueOf(String choice) {
    for (E e : localDefault.getDeclaringClass().getEnumConstants()) {
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

  /** How the flag writes {@code e}. */
  public static String choice(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
