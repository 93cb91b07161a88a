package dev.corosyncexporter.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the JSON files of Proxmox VE's cluster file system: /etc/pve/.members (written by pmxcfs
 * itself), the LRM's lrm_status and the CRM's manager_status. Strict: a missing required field or a
 * value of the wrong type is a ParseException naming the field, never a default.
 */
public final class PveFileParser {
  public static final String MEMBERS = "/etc/pve/.members";
  public static final String MANAGER_STATUS = "/etc/pve/ha/manager_status";
  private static final String LRM_STATUS = "lrm_status";

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

  public static HaManagerStatus parseManagerStatus(String text) throws ParseException {
    return LineParser.guard(MANAGER_STATUS, () -> manager(root(MANAGER_STATUS, text)));
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
    String nodeName = text(MEMBERS, root, "nodename");
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
    List<PmxcfsMembers.Member> members = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode n = object(MEMBERS, e.getValue(), "nodelist." + e.getKey());
      members.add(
          new PmxcfsMembers.Member(
              e.getKey(), integer(MEMBERS, n, "id"), flag(MEMBERS, n, "online")));
    }
    return new PmxcfsMembers(nodeName, Optional.of(cluster), members);
  }

  private static LrmStatus lrm(JsonNode root) throws ParseException {
    return new LrmStatus(
        number(LRM_STATUS, root, "timestamp"),
        text(LRM_STATUS, root, "state"),
        text(LRM_STATUS, root, "mode"));
  }

  private static HaManagerStatus manager(JsonNode root) throws ParseException {
    String f = MANAGER_STATUS;
    Map<String, String> nodes = new TreeMap<>();
    JsonNode ns = object(f, root.get("node_status"), "node_status");
    for (Iterator<Map.Entry<String, JsonNode>> it = ns.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      nodes.put(e.getKey(), text(f, ns, e.getKey()));
    }
    Map<String, Integer> services = new TreeMap<>();
    JsonNode ss = root.get("service_status");
    if (ss != null) {
      object(f, ss, "service_status");
      for (Iterator<Map.Entry<String, JsonNode>> it = ss.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode s = object(f, e.getValue(), "service_status." + e.getKey());
        services.merge(text(f, s, "state"), 1, Integer::sum);
      }
    }
    Optional<HaManagerStatus.Disarm> disarm = Optional.empty();
    JsonNode d = root.get("disarm");
    if (d != null) {
      object(f, d, "disarm");
      disarm = Optional.of(new HaManagerStatus.Disarm(text(f, d, "state"), text(f, d, "mode")));
    }
    return new HaManagerStatus(
        text(f, root, "master_node"), number(f, root, "timestamp"), nodes, services, disarm);
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
