package dev.corosyncexporter.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.corosyncexporter.collector.CollectorDefinition;
import dev.corosyncexporter.collector.CollectorRegistry;
import dev.corosyncexporter.collector.CollectorSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style checks: whatever text a parser gets (mutated fixtures, another tool's output,
 * junk, huge input), it returns a record or throws ParseException, never anything else.
 */
class ParserRobustnessTest {

  private static final int ITERATIONS = 300;

  /**
   * Every parser of every registered collector, by name, with the fixtures of the output it reads.
   */
  private static final Map<String, CollectorSpec.OutputParser> PARSERS = new LinkedHashMap<>();

  static {
    for (CollectorDefinition d : CollectorRegistry.get().all()) {
      d.spec().parsers().forEach(p -> PARSERS.put(p.name(), p));
    }
  }

  /**
   * The fixtures written by (or for) the tool each parser reads: recorded ones, and hand-written
   * older formats.
   */
  private static List<String> fixturesOf(String parser) {
    List<String> out = new ArrayList<>();
    for (String prefix : PARSERS.get(parser).fixturePrefixes()) {
      out.addAll(Fixtures.recordedOrHand(prefix));
    }
    if (out.isEmpty()) {
      throw new IllegalStateException(
          parser + ": no fixture matches " + PARSERS.get(parser).fixturePrefixes());
    }
    return out;
  }

  private static List<String> allFixtures() {
    List<String> all = new ArrayList<>(Fixtures.recorded(""));
    Fixtures.hand("").forEach(n -> all.add("older/" + n));
    return all;
  }

  private static String load(String fixture) {
    return fixture.startsWith("older/")
        ? Fixtures.older(fixture.substring(6))
        : Fixtures.out(fixture);
  }

  static Stream<Arguments> parserAndOwnFixture() {
    return PARSERS.keySet().stream()
        .flatMap(p -> fixturesOf(p).stream().map(f -> Arguments.of(p, f)));
  }

  private static String largest(String parser) {
    return fixturesOf(parser).stream()
        .map(ParserRobustnessTest::load)
        .max((a, b) -> a.length() - b.length())
        .orElseThrow();
  }

  static Stream<Arguments> parsers() {
    return PARSERS.keySet().stream().map(Arguments::of);
  }

  private static void check(String parser, String text, String what) {
    check(parser, PARSERS.get(parser).parser(), text, what);
  }

  /**
   * Calls the parser; anything but a result or a deliberate ParseException fails the test with the
   * input shown. The parsers' last line of defence (LineParser.guard) turns any RuntimeException
   * into a ParseException in production; here that is seen through: a ParseException caused by a
   * runtime exception or an error is a parser bug, not a clear parse error.
   */
  static void check(String parser, CollectorSpec.TextParser<?> p, String text, String what) {
    Object result;
    try {
      result = p.parse(text);
    } catch (ParseException e) {
      if (e.getCause() != null) {
        String shown =
            text == null ? "null" : text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
        fail(
            parser
                + " has a bug: "
                + e.getCause()
                + " (hidden as '"
                + e.getMessage()
                + "') on "
                + what
                + ":\n"
                + shown,
            e);
      }
      assertThat(e.getMessage()).isNotBlank();
      assertThat(e.tool()).isNotBlank();
      return;
    } catch (Throwable t) {
      String shown =
          text == null ? "null" : text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
      fail(parser + " threw " + t + " on " + what + ":\n" + shown, t);
      return;
    }
    assertThat(result).as(parser + " on " + what).isNotNull();
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("parserAndOwnFixture")
  void mutatedFixtures(String parser, String fixture) {
    String text = load(fixture);
    List<String> siblings = fixturesOf(parser);
    Random random = new Random((parser + "/" + fixture).hashCode());
    for (int i = 0; i < ITERATIONS; i++) {
      int kind = i % 7;
      String mutated =
          switch (kind) {
            case 0 -> text.substring(0, random.nextInt(text.length() + 1));
            case 1 -> insertJunkLines(text, random);
            case 2 -> shuffleLines(text, random);
            case 3 -> replaceChars(text, random);
            case 4 -> randomText(random, random.nextInt(600));
            case 5 -> dropAndDuplicateLines(text, random);
            default -> splice(text, load(siblings.get(random.nextInt(siblings.size()))), random);
          };
      check(parser, mutated, fixture + " mutation " + kind + " #" + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void everyFixtureOfEveryTool(String parser) {
    for (String fixture : allFixtures()) {
      check(parser, load(fixture), fixture);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void emptyAndNullInput(String parser) {
    check(parser, "", "empty");
    check(parser, "\n\n\r\n", "blank lines");
    check(parser, null, "null");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void hugeRepeatedFixture(String parser) {
    // The largest fixture of the tool: some recordings (tool not running) are empty.
    String text = largest(parser);
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 4_000_000) {
      sb.append(text);
    }
    check(parser, sb.toString(), "fixture repeated to 4 MB");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void millionJunkLines(String parser) {
    Random random = new Random(42);
    StringBuilder sb = new StringBuilder(largest(parser));
    for (int i = 0; i < 1_000_000; i++) {
      sb.append(junkLine(random)).append('\n');
    }
    check(parser, sb.toString(), "a fixture followed by 10^6 junk lines");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void hugeSingleLines(String parser) {
    String big = "x".repeat(4_000_000);
    String spaces = " ".repeat(4_000_000);
    String digits = "1".repeat(4_000_000);
    check(parser, big, "one 4 MB line");
    check(parser, spaces + "1", "4 MB of spaces");
    check(parser, digits, "4 MB of digits");
    check(parser, "         1          1         NR " + big + " (local)", "4 MB member name");
    check(
        parser,
        "\n    Nodeid      Votes    Qdevice Name\n         1          1         NR " + big,
        "4 MB row");
    check(
        parser,
        "\nMembership information\n    Nodeid      Votes Name\n"
            + spaces
            + "1 "
            + spaces
            + "1"
            + spaces,
        "spaced row");
    check(parser, "k (str) = " + big + "\nk2 (u32) = " + digits + "\n", "4 MB cmap values");
    check(
        parser,
        "Local node ID 1, transport knet\nLINK ID 0 udp\n\t\tnodeid:  " + spaces + "2:\t" + big,
        "4 MB cfgtool line");
    check(
        parser,
        "Local node ID 1\nnodeid: 2 reachable\n   LINK: 0 udp ("
            + big
            + ")"
            + " enabled".repeat(100_000)
            + " mtu: 1",
        "4 MB link line");
    check(
        parser,
        "Cluster \""
            + big
            + "\":\n    Node ID 1:\n        Membership node list:\t"
            + "1, ".repeat(500_000),
        "huge node list");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsers")
  void manyDistinctRows(String parser) {
    StringBuilder sb = new StringBuilder(largest(parser));
    sb.append("\nMembership information\n    Nodeid      Votes Name\n");
    for (int i = 1; i <= 200_000; i++) {
      sb.append(String.format("%10d %10d node%d%n", i, 1, i));
      sb.append("stats.knet.node").append(i).append(".link0.enabled (u8) = 1\n");
      sb.append("nodelist.node.").append(i).append(".nodeid (u32) = ").append(i).append('\n');
      sb.append("nodeid: ").append(i).append(" reachable\n   LINK: 0 udp (a->b) enabled mtu: 1\n");
      sb.append("    Node ID ").append(i).append(":\n");
    }
    check(parser, sb.toString(), "200k distinct rows");
  }

  /** CmapEntries built directly, with values cmapctl would never print. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomCmapEntries(long seed) {
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      Map<String, CmapEntries.Entry> map = new LinkedHashMap<>();
      int keys = random.nextInt(30);
      for (int k = 0; k < keys; k++) {
        map.put(
            cmapKey(random),
            new CmapEntries.Entry(
                pick(random, "u8", "u32", "u64", "str", "bin"), cmapValue(random)));
      }
      CmapEntries entries = new CmapEntries(map);
      try {
        assertThat(CorosyncConfigParser.parse(entries)).isNotNull();
      } catch (ParseException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
      try {
        assertThat(KnetStatsParser.parse(entries, random.nextInt(4))).isNotNull();
      } catch (ParseException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
      try {
        assertThat(TotemStatsParser.parse(entries).schedulerMisses().kept()).isBetween(0, 10);
      } catch (ParseException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }

  static Stream<Long> seeds() {
    return Stream.of(1L, 2L, 3L, 4L, 5L);
  }

  // ---- mutations

  private static List<String> lines(String text) {
    return new ArrayList<>(List.of(text.split("\n", -1)));
  }

  private static String insertJunkLines(String text, Random r) {
    List<String> lines = lines(text);
    int n = 1 + r.nextInt(5);
    for (int i = 0; i < n; i++) {
      lines.add(r.nextInt(lines.size() + 1), junkLine(r));
    }
    return String.join("\n", lines);
  }

  private static String shuffleLines(String text, Random r) {
    List<String> lines = lines(text);
    Collections.shuffle(lines, r);
    return String.join("\n", lines);
  }

  private static String replaceChars(String text, Random r) {
    if (text.isEmpty()) {
      return randomText(r, 10);
    }
    char[] chars = text.toCharArray();
    int n = 1 + r.nextInt(10);
    for (int i = 0; i < n; i++) {
      chars[r.nextInt(chars.length)] = randomChar(r);
    }
    return new String(chars);
  }

  private static String dropAndDuplicateLines(String text, Random r) {
    List<String> lines = lines(text);
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      int roll = r.nextInt(6);
      if (roll == 0) {
        continue;
      }
      out.add(l);
      if (roll == 1) {
        out.add(l);
      }
    }
    return String.join("\n", out);
  }

  private static String splice(String a, String b, Random r) {
    List<String> la = lines(a);
    List<String> lb = lines(b);
    List<String> out = new ArrayList<>();
    int ia = 0;
    int ib = 0;
    while (ia < la.size() || ib < lb.size()) {
      boolean fromA = ib >= lb.size() || (ia < la.size() && r.nextBoolean());
      out.add(fromA ? la.get(ia++) : lb.get(ib++));
    }
    return String.join("\n", out);
  }

  private static final String CHARS = "0123456789abcdefxyzNRAVMW,.:;/-()[]\" \t\t\n\r\0=~é😀";

  private static char randomChar(Random r) {
    int roll = r.nextInt(10);
    if (roll == 0) {
      return (char) r.nextInt(0x10000); // lone surrogates included
    }
    return CHARS.charAt(r.nextInt(CHARS.length()));
  }

  private static String randomText(Random r, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(randomChar(r));
    }
    return sb.toString();
  }

  private static final String HUGE = "99999999999999999999999";
  private static final String[] NUMBERS = {
    "0",
    "1",
    "2",
    "-1",
    "2147483647",
    "2147483648",
    "4294967295",
    "4294967296",
    "9999999999",
    "18446744073709551616",
    HUGE,
    "",
    "x"
  };

  private static String num(Random r) {
    return NUMBERS[r.nextInt(NUMBERS.length)];
  }

  /** Lines that look like the real thing but carry bad or extreme values. */
  private static String junkLine(Random r) {
    return switch (r.nextInt(24)) {
      case 0 -> randomText(r, r.nextInt(80));
      case 1 -> "Quorum:           " + num(r) + pick(r, "", "  ", " Activity blocked");
      case 2 -> "Node ID:          " + pick(r, num(r), "0x", "0xffffffff", "0x1234567890", "-3");
      case 3 ->
          "Ring ID:          "
              + pick(
                  r,
                  "",
                  "1.",
                  ".1",
                  "1/",
                  "ffffffffffffffffff",
                  "1.ffffffffffffffffff",
                  HUGE,
                  "1/" + HUGE);
      case 4 -> "Quorate:          " + pick(r, "Yes", "No", "", "maybe");
      case 5 ->
          String.format(
              "%10s %10s %10s %s",
              pick(r, num(r), "0x00000000", "0xffffffff"),
              num(r),
              pick(r, "NR", "A,V,NMW", "NA,NV,MW", "", "X"),
              pick(r, "n", "", " (local)", "Qdevice (votes 9999999999)"));
      case 6 -> "         0 " + num(r) + "            Qdevice (votes " + num(r) + ")";
      case 7 ->
          pick(
                  r,
                  "Expected votes:   ",
                  "Highest expected: ",
                  "Total votes:      ",
                  "Nodes:            ",
                  "Config Version:   ")
              + pick(r, num(r), "-2147483649", "-9999999999");
      case 8 ->
          pick(
              r,
              "Cluster information",
              "Quorum information",
              "Votequorum information",
              "Membership information",
              "    Nodeid      Votes    Qdevice Name",
              "    Nodeid Name");
      case 9 -> "Local node ID " + num(r) + pick(r, "", ", transport knet", ",");
      case 10 -> "LINK ID " + pick(r, num(r), "999", "9999") + pick(r, "", " udp", " ");
      case 11 ->
          "\t\tnodeid"
              + pick(r, ": ", " ", ":  ")
              + pick(r, num(r), "-2147483648", "-9999999999")
              + ":\t"
              + pick(
                  r,
                  "connected",
                  "localhost",
                  "disconnected (not enabled)",
                  "",
                  "link enabled:1\tlink connected:1");
      case 12 ->
          "\t\tnode "
              + num(r)
              + ":\tlink enabled:"
              + pick(r, "0", "1", "2")
              + "\tlink connected:"
              + pick(r, "0", "1");
      case 13 -> "\tstatus\t= " + pick(r, "n3", "OK", "");
      case 14 ->
          "nodeid: " + num(r) + " reachable" + pick(r, "", "   onwire (min/max/cur): 0, 1, 1");
      case 15 ->
          "   LINK: "
              + pick(r, num(r), "999", "9999")
              + " "
              + pick(r, "udp ", "")
              + "("
              + pick(r, "a->b", "", "->", "((")
              + ") enabled mtu: "
              + num(r);
      case 16 ->
          pick(r, "stats.knet.node", "nodelist.node.")
              + num(r)
              + pick(
                  r,
                  ".link0.enabled",
                  ".link999.connected",
                  ".nodeid",
                  ".ring99_addr",
                  ".quorum_votes",
                  ".link0.latency_ave")
              + " ("
              + pick(r, "u8", "u32", "str", "bin")
              + ")"
              + pick(r, " = 1", " = " + num(r), " = -1", " = ", "");
      case 17 ->
          pick(
                  r,
                  "Model:\t\t\t",
                  "Node ID:\t\t",
                  "State:\t\t\t",
                  "Poll timer running:\t",
                  "Last poll call:\t\t")
              + pick(r, "Net", "Connected", "Yes (cast vote)", num(r));
      case 18 -> "Cluster \"" + pick(r, "lab", "", "\"") + "\":";
      case 19 -> "    Node ID " + num(r) + ":";
      case 20 ->
          "        "
              + pick(r, "Vote:\t\t\t", "Membership node list:\t", "Client address:\t\t")
              + pick(r, "ACK (ACK)", "No change (NACK)", "1, 2, " + num(r), ",,,", "");
      case 21 ->
          pick(
                  r,
                  "Connected clients:\t\t",
                  "Connected clusters:\t\t",
                  "QNetd address:\t\t\t",
                  "TLS:\t\t\t\t")
              + num(r);
      case 22 -> "Unable to get node " + num(r) + " info";
      default ->
          "Flags:            "
              + pick(
                  r,
                  "",
                  "2Node Quorate WaitForAll LastManStanding AutoTieBreaker AllowDownscale Qdevice ",
                  "Bogus  ");
    };
  }

  private static String cmapKey(Random r) {
    return pick(
            r,
            "nodelist.node.",
            "stats.knet.node",
            "quorum.device.",
            "totem.",
            "runtime.votequorum.",
            "runtime.config.totem.interface.",
            "stats.schedmiss.",
            "stats.srp.")
        + pick(r, num(r), "999999999")
        + pick(
            r,
            ".nodeid",
            ".name",
            ".quorum_votes",
            ".ring0_addr",
            ".ring999_addr",
            ".link0.enabled",
            ".link0.connected",
            ".link1.mtu",
            ".link0.latency_ave",
            ".link0.latency_samples",
            ".link0.down_count",
            ".link0.tx_ping_packets",
            ".link1.rx_total_retries",
            ".link0.rx_data_bytes",
            ".knet_ping_interval",
            ".knet_ping_timeout",
            ".timestamp",
            ".delay",
            "mcast_retx",
            "continuous_gather",
            "model",
            "votes",
            "cluster_name",
            "config_version",
            "this_node_id",
            "");
  }

  private static String cmapValue(Random r) {
    return pick(
        r, num(r), " 7 ", "18446744073709551615", "abc", "3\n", "\0", "3531.353027", "NaN", "1e9");
  }

  private static String pick(Random r, String... options) {
    return options[r.nextInt(options.length)];
  }
}
