package dev.corosyncexporter.collector;

import dev.corosyncexporter.parse.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Everything the rest of the exporter needs to know about a collector, declared in the collector's
 * own file: flags and help text, host detection, central mode and the tests all read it from here.
 *
 * @param role which kind of host it runs against
 * @param presentOn whether this host runs what the collector watches; decides the default (flags
 *     override)
 * @param needsConfig whether it reads the running corosync configuration (read once per scrape if
 *     any does)
 * @param tools the programs it runs, each with a --path flag
 * @param options its settings, each a --collector.NAME.OPTION flag
 * @param parsers the parsers that read its tools' output, with the fixture names they are tested on
 * @param metrics the metric families it emits (docs/metrics.md documents each)
 */
public record CollectorSpec(
    String name,
    String help,
    Role role,
    Predicate<HostFacts> presentOn,
    boolean needsConfig,
    List<Tool> tools,
    List<CollectorOption<?>> options,
    List<OutputParser> parsers,
    List<MetricDef> metrics) {

  /** The kinds of host the exporter can watch. */
  public enum Role {
    /** A corosync cluster node. */
    NODE,
    /** A host running corosync-qnetd for other clusters. */
    QNETD
  }

  /** Reads one tool's output; anything unexpected must be a ParseException. */
  @FunctionalInterface
  public interface TextParser<T> {
    T parse(String text) throws ParseException;
  }

  /**
   * A parser of one tool's output, with the fixtures it is tested on.
   *
   * @param name for test reports
   * @param fixturePrefixes names of the recorded (and hand-written older) outputs this parser reads
   */
  public record OutputParser(String name, TextParser<?> parser, List<String> fixturePrefixes) {
    public OutputParser {
      fixturePrefixes = List.copyOf(fixturePrefixes);
    }
  }

  public CollectorSpec {
    tools = List.copyOf(tools);
    options = List.copyOf(options);
    parsers = List.copyOf(parsers);
    metrics = List.copyOf(metrics);
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "collector name '" + name + "': lower case letters, digits and _ only");
    }
  }

  public String flag() {
    return "--collector." + name;
  }

  public static Builder builder(String name, Role role) {
    return new Builder(name, role);
  }

  public static final class Builder {
    private final String name;
    private final Role role;
    private String help = "";
    private Predicate<HostFacts> presentOn = h -> false;
    private boolean needsConfig;
    private final List<Tool> tools = new ArrayList<>();
    private final List<CollectorOption<?>> options = new ArrayList<>();
    private final List<OutputParser> parsers = new ArrayList<>();
    private final List<MetricDef> metrics = new ArrayList<>();

    private Builder(String name, Role role) {
      this.name = name;
      this.role = role;
    }

    public Builder help(String help) {
      this.help = help;
      return this;
    }

    /**
     * Enabled by default where {@code test} holds; without it the collector is off unless asked
     * for.
     */
    public Builder presentOn(Predicate<HostFacts> test) {
      this.presentOn = test;
      return this;
    }

    /** Reads the running configuration, and so runs corosync-cmapctl. */
    public Builder needsConfig() {
      this.needsConfig = true;
      if (!tools.contains(CorosyncTools.CMAPCTL)) {
        tools.add(CorosyncTools.CMAPCTL);
      }
      return this;
    }

    public Builder tools(Tool... t) {
      for (Tool tool : t) {
        if (!tools.contains(tool)) {
          tools.add(tool);
        }
      }
      return this;
    }

    public Builder option(CollectorOption<?> o) {
      options.add(o);
      return this;
    }

    public Builder parser(String parserName, TextParser<?> parser, String... fixturePrefixes) {
      parsers.add(new OutputParser(parserName, parser, List.of(fixturePrefixes)));
      return this;
    }

    public Builder metrics(MetricDef... m) {
      metrics.addAll(List.of(m));
      return this;
    }

    public CollectorSpec build() {
      return new CollectorSpec(
          name, help, role, presentOn, needsConfig, tools, options, parsers, metrics);
    }
  }
}
