package dev.corosyncexporter.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads the JSON files of Proxmox VE's cluster file system: /etc/pve/.members (written by pmxcfs
 * itself), the LRM's lrm_status and the CRM's manager_status. It accepts what upstream's own
 * readers accept (an empty manager_status, missing keys its readers do without) and is strict about
 * everything else: a value of the wrong type, a name that is not a node name, a value that could
 * not be a state, an impossible node id is a ParseException naming the field, never a default.
 * Messages may quote the file's text: callers escape them before they reach a log.
 */
public final class PveFileParser {
  public static final String MEMBERS = "/etc/pve/.members";
  public static final String MANAGER_STATUS = "/etc/pve/ha/manager_status";
  private static final String LRM_STATUS = "lrm_status";

  /**
   * A Proxmox VE node name: a host name (pve-manager's pve-node format), one label. It becomes a
   * path element and a label value, so nothing else is ever taken for one.
   */
  public static final Pattern NODE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,62}");

  /**
   * What pmxcfs may name a member in .members: the corosync node name, or its ring0_addr when it
   * has none (confdb.c 97–108), so also a domain name or an IPv4/IPv6 address (with a zone). pmxcfs
   * prints it without JSON escaping: anything outside this is not from corosync's config.
   */
  public static final Pattern MEMBER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:%_-]{0,254}");

  /**
   * An HA state, mode or status as upstream writes them (lower case words joined by "_"). A newer
   * value still gets its own series, so it must be fit to be a label value.
   */
  private static final Pattern WORD = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /**
   * corosync's most nodes (PROCESSOR_COUNT_MAX in its coroapi.h, 384): more members or HA nodes
   * than this are not a real cluster's, and their series would crowd out the rest.
   */
  public static final int MAX_NODES = 384;

  /** More distinct service states than upstream has (11) and room for newer ones. */
  private static final int MAX_SERVICE_STATES = 64;

  /** corosync node ids are unsigned 32-bit and never 0 (corosync.conf(5) nodeid). */
  private static final long MAX_NODE_ID = 0xffff_ffffL;

  // Trailing tokens and duplicate keys are refused: either means the file is not what its writer
  // wrote (two concatenated reads, a torn file), and a guess would be an invented value.
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private PveFileParser() {}

  public static PmxcfsMembers parseMembers(String text) throws ParseException {
    return LineParser.guard(MEMBERS, () -> members(root(MEMBERS, text)));
  }

  public static LrmStatus parseLrmStatus(String text) throws ParseException {
    return LineParser.guard(LRM_STATUS, () -> lrm(root(LRM_STATUS, text)));
  }

  /**
   * An empty file is read as {@code {}}, as upstream's json_reader does (pve-ha-manager Config.pm
   * 49–53); only a file of length 0, since its decode_json refuses a blank one too.
   */
  public static HaManagerStatus parseManagerStatus(String text) throws ParseException {
    return LineParser.guard(
        MANAGER_STATUS,
        () ->
            manager(
                text != null && text.isEmpty()
                    ? JSON.createObjectNode()
                    : root(MANAGER_STATUS, text)));
  }

  private static JsonNode root(String file, String text) throws ParseException {
    if (text == null || text.isBlank()) {
      throw new ParseException(file, "empty");
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ParseException(file, "not JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new ParseException(file, "not a JSON object");
    }
    return node;
  }

  private static PmxcfsMembers members(JsonNode root) throws ParseException {
    String nodeName = name(MEMBERS, text(MEMBERS, root, "nodename"), NODE_NAME, "nodename");
    integer(MEMBERS, root, "version");
    JsonNode c = root.get("cluster");
    if (c == null) {
      // Not clustered: pmxcfs writes nodename and version only.
      return new PmxcfsMembers(nodeName, Optional.empty(), List.of());
    }
    object(MEMBERS, c, "cluster");
    PmxcfsMembers.Cluster cluster =
        new PmxcfsMembers.Cluster(
            text(MEMBERS, c, "name"),
            integer(MEMBERS, c, "version"),
            integer(MEMBERS, c, "nodes"),
            flag(MEMBERS, c, "quorate"));
    JsonNode list = object(MEMBERS, root.get("nodelist"), "nodelist");
    if (list.size() > MAX_NODES) {
      throw new ParseException(MEMBERS, list.size() + " members, more than corosync allows");
    }
    List<PmxcfsMembers.Member> members = new ArrayList<>();
    Set<Long> ids = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = name(MEMBERS, e.getKey(), MEMBER_NAME, "member name");
      JsonNode n = object(MEMBERS, e.getValue(), "nodelist." + name);
      long id = integer(MEMBERS, n, "id");
      if (id <= 0 || id > MAX_NODE_ID) {
        throw new ParseException(MEMBERS, name + ": id " + id + " is not a corosync node id");
      }
      if (!ids.add(id)) {
        throw new ParseException(MEMBERS, name + ": id " + id + " given to two members");
      }
      members.add(new PmxcfsMembers.Member(name, id, flag(MEMBERS, n, "online")));
    }
    return new PmxcfsMembers(nodeName, Optional.of(cluster), members);
  }

  private static LrmStatus lrm(JsonNode root) throws ParseException {
    // No timestamp: upstream's API still shows the state (API2/HA/Status.pm 255–266).
    return new LrmStatus(
        root.has("timestamp")
            ? OptionalDouble.of(number(LRM_STATUS, root, "timestamp"))
            : OptionalDouble.empty(),
        word(LRM_STATUS, root, "state"),
        word(LRM_STATUS, root, "mode"));
  }

  /**
   * Every key optional, as for upstream's readers (the API checks master_node and timestamp before
   * it uses them, API2/HA/Status.pm 187); each one present must have its type.
   */
  private static HaManagerStatus manager(JsonNode root) throws ParseException {
    String f = MANAGER_STATUS;
    Map<String, String> nodes = new TreeMap<>();
    JsonNode ns = root.get("node_status");
    if (ns != null) {
      object(f, ns, "node_status");
      if (ns.size() > MAX_NODES) {
        throw new ParseException(f, ns.size() + " nodes in node_status, more than corosync allows");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = ns.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String node = name(f, e.getKey(), NODE_NAME, "node_status node");
        nodes.put(node, word(f, ns, node));
      }
    }
    Map<String, Integer> services = new TreeMap<>();
    JsonNode ss = root.get("service_status");
    if (ss != null) {
      object(f, ss, "service_status");
      for (Iterator<Map.Entry<String, JsonNode>> it = ss.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode s = object(f, e.getValue(), "service_status." + e.getKey());
        services.merge(word(f, s, "state"), 1, Integer::sum);
        if (services.size() > MAX_SERVICE_STATES) {
          throw new ParseException(f, "more than " + MAX_SERVICE_STATES + " service states");
        }
      }
    }
    Optional<HaManagerStatus.Disarm> disarm = Optional.empty();
    JsonNode d = root.get("disarm");
    if (d != null) {
      object(f, d, "disarm");
      disarm = Optional.of(new HaManagerStatus.Disarm(word(f, d, "state"), word(f, d, "mode")));
    }
    Optional<String> master =
        root.has("master_node")
            ? Optional.of(name(f, text(f, root, "master_node"), NODE_NAME, "master_node"))
            : Optional.empty();
    OptionalDouble timestamp =
        root.has("timestamp")
            ? OptionalDouble.of(number(f, root, "timestamp"))
            : OptionalDouble.empty();
    return new HaManagerStatus(master, timestamp, nodes, services, disarm);
  }

  /**
   * {@code value} if it matches {@code pattern}; it is quoted in the message, callers escape it.
   */
  private static String name(String file, String value, Pattern pattern, String what)
      throws ParseException {
    if (!pattern.matcher(value).matches()) {
      throw new ParseException(file, what + " is not a node name: \"" + cut(value) + "\"");
    }
    return value;
  }

  /** Enough of a refused value to recognise it; the reason comes before it and stays whole. */
  private static String cut(String value) {
    return value.length() > 64 ? value.substring(0, 64) + "…" : value;
  }

  /** A state-like value: a string that could be upstream's (see {@link #WORD}). */
  private static String word(String file, JsonNode parent, String field) throws ParseException {
    String v = text(file, parent, field);
    if (!WORD.matcher(v).matches()) {
      throw new ParseException(file, "\"" + field + "\" is not a state word: \"" + cut(v) + "\"");
    }
    return v;
  }

  private static JsonNode object(String file, JsonNode node, String name) throws ParseException {
    if (node == null) {
      throw new ParseException(file, "\"" + name + "\" missing");
    }
    if (!node.isObject()) {
      throw new ParseException(file, "\"" + name + "\" is not an object");
    }
    return node;
  }

  private static String text(String file, JsonNode parent, String field) throws ParseException {
    JsonNode v = parent.get(field);
    if (v == null) {
      throw new ParseException(file, "\"" + field + "\" missing");
    }
    if (!v.isTextual()) {
      throw new ParseException(file, "\"" + field + "\" is not a string");
    }
    return v.asText();
  }

  private static long integer(String file, JsonNode parent, String field) throws ParseException {
    JsonNode v = parent.get(field);
    if (v == null) {
      throw new ParseException(file, "\"" + field + "\" missing");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new ParseException(file, "\"" + field + "\" is not an integer");
    }
    return v.asLong();
  }

  /** pmxcfs writes its flags as 0 or 1. */
  private static boolean flag(String file, JsonNode parent, String field) throws ParseException {
    long v = integer(file, parent, field);
    if (v != 0 && v != 1) {
      throw new ParseException(file, "\"" + field + "\" is " + v + ", not 0 or 1");
    }
    return v == 1;
  }

  /** Seconds since the epoch; Perl may write them with a fraction. */
  private static double number(String file, JsonNode parent, String field) throws ParseException {
    JsonNode v = parent.get(field);
    if (v == null) {
      throw new ParseException(file, "\"" + field + "\" missing");
    }
    if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
      throw new ParseException(file, "\"" + field + "\" is not a time in seconds");
    }
    return v.asDouble();
  }
}
