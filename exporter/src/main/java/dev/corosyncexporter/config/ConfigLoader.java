package dev.corosyncexporter.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the central-mode YAML file into an {@link ExporterConfig}. Everything is checked here,
 * once: types, unknown keys, durations, ports, duplicate names and the readability of every
 * referenced file. Any problem is a {@link ConfigException} whose message starts with the key path.
 */
public final class ConfigLoader {
  private static final Set<String> TOP_KEYS = Set.of("ssh", "clusters");
  private static final Set<String> CLUSTER_KEYS = Set.of("name", "nodes", "qnetd", "ssh");
  private static final Set<String> NODE_KEYS = withHost(SshOverrides.KEYS);
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              // YAML 1.1 would turn an unquoted yes/no/on/off into a boolean; for us they stay
              // strings.
              .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
              .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
              .build());

  private ConfigLoader() {}

  public static ExporterConfig load(Path file) throws ConfigException {
    return parse(ConfigFile.read(file), file.toAbsolutePath().getParent());
  }

  /** Parses YAML text; relative file paths in it are resolved against {@code baseDir}. */
  public static ExporterConfig parse(String yaml, Path baseDir) throws ConfigException {
    YamlNode root = readTree(yaml);
    if (!root.isMapping()) {
      throw new ConfigException(
          "",
          "config file must be a YAML mapping with keys 'ssh' and 'clusters', got "
              + root.describe());
    }
    root.requireMapping(TOP_KEYS);
    SshOverrides global = SshOverrides.NONE;
    if (root.get("ssh").isPresent()) {
      global = SshOverrides.parse(root.get("ssh").get().requireMapping(SshOverrides.KEYS), baseDir);
    }
    YamlNode clustersNode = root.require("clusters");
    List<YamlNode> items = clustersNode.asList();
    if (items.isEmpty()) {
      throw clustersNode.error("must not be empty");
    }
    List<ClusterTarget> clusters = new ArrayList<>();
    Map<String, String> seenNames = new HashMap<>();
    for (YamlNode item : items) {
      ClusterTarget cluster = parseCluster(item, global, baseDir);
      String where = cluster.hasConfiguredName() ? item.path() + ".name" : item.path();
      String previous = seenNames.putIfAbsent(cluster.displayName(), where);
      if (previous != null) {
        String reason =
            cluster.hasConfiguredName()
                ? "duplicate cluster name '" + cluster.displayName() + "' (also " + previous + ")"
                : "unnamed cluster would be called '"
                    + cluster.displayName()
                    + "' like "
                    + previous
                    + "; give it a name";
        throw new ConfigException(where, reason);
      }
      clusters.add(cluster);
    }
    return new ExporterConfig(clusters);
  }

  private static ClusterTarget parseCluster(YamlNode item, SshOverrides global, Path baseDir)
      throws ConfigException {
    item.requireMapping(CLUSTER_KEYS);
    String name = null;
    if (item.get("name").isPresent()) {
      name = item.get("name").get().asNonEmptyString();
    }
    SshOverrides inherited = global;
    if (item.get("ssh").isPresent()) {
      inherited =
          SshOverrides.parse(item.get("ssh").get().requireMapping(SshOverrides.KEYS), baseDir)
              .over(global);
    }
    YamlNode nodesNode = item.require("nodes");
    List<YamlNode> nodeItems = nodesNode.asList();
    if (nodeItems.isEmpty()) {
      throw nodesNode.error("must not be empty");
    }
    List<NodeTarget> nodes = parseTargets(nodeItems, inherited, item.path(), baseDir);
    List<NodeTarget> qnetd = List.of();
    if (item.get("qnetd").isPresent()) {
      qnetd = parseTargets(item.get("qnetd").get().asList(), inherited, item.path(), baseDir);
    }
    return new ClusterTarget(name, nodes, qnetd);
  }

  private static List<NodeTarget> parseTargets(
      List<YamlNode> items, SshOverrides inherited, String clusterPath, Path baseDir)
      throws ConfigException {
    List<NodeTarget> targets = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (YamlNode item : items) {
      NodeTarget target = parseTarget(item, inherited, clusterPath, baseDir);
      String previous = seen.putIfAbsent(target.address(), item.path());
      if (previous != null) {
        throw item.error("duplicate node " + target.address() + " (also " + previous + ")");
      }
      targets.add(target);
    }
    return targets;
  }

  private static NodeTarget parseTarget(
      YamlNode item, SshOverrides inherited, String clusterPath, Path baseDir)
      throws ConfigException {
    String host;
    SshOverrides own;
    if (item.isString()) {
      HostPort hp = HostPort.parse(item);
      host = hp.host();
      own = SshOverrides.portOnly(hp.port());
    } else if (item.isMapping()) {
      item.requireMapping(NODE_KEYS);
      host = HostPort.parseHostOnly(item.require("host"));
      own = SshOverrides.parse(item, baseDir);
    } else {
      throw item.error("must be a host string or a mapping with 'host', got " + item.describe());
    }
    SshOverrides effective = own.over(inherited);
    return new NodeTarget(host, effective.portOrDefault(), effective.resolve(item, clusterPath));
  }

  private static YamlNode readTree(String yaml) throws ConfigException {
    try (JsonParser parser = YAML.createParser(yaml)) {
      rejectAliases(yaml);
      JsonNode tree = YAML.readTree(parser);
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        throw new ConfigException("", "config file is empty");
      }
      if (parser.nextToken() != null) {
        throw new ConfigException("", "config file must contain exactly one YAML document");
      }
      return new YamlNode(tree, "");
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    } catch (IOException e) {
      throw new ConfigException("", "cannot parse config file: " + e.getMessage());
    }
  }

  /**
   * Jackson does not resolve YAML aliases: it hands over the alias's name as a plain string, so
   * {@code user: *monuser} would log in as the user "monuser" and an alias in {@code nodes} would
   * connect to a host named after the anchor. Aliases (and merge keys, which exist to take one) are
   * rejected rather than resolved: the config is small, and shared settings already have a place,
   * the {@code ssh} sections. An anchor alone is harmless (its value is read as written). A
   * separate pass over the tokens, because the tree Jackson builds no longer tells an alias from a
   * string.
   */
  private static void rejectAliases(String yaml) throws IOException, ConfigException {
    try (YAMLParser parser = (YAMLParser) YAML.createParser(yaml)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        JsonStreamContext ctx = parser.getParsingContext();
        if (token == JsonToken.FIELD_NAME && "<<".equals(parser.currentName())) {
          throw new ConfigException(
              entryPath(ctx.getParent()),
              "YAML merge keys ('<<') are not supported; write the keys out");
        }
        if (parser.isCurrentAlias()) {
          throw new ConfigException(
              entryPath(ctx),
              "YAML aliases are not supported (found '*"
                  + parser.getText()
                  + "'); write the value out");
        }
      }
    }
  }

  private static ConfigException syntaxError(JsonProcessingException e) {
    Matcher dup = DUPLICATE.matcher(e.getOriginalMessage());
    if (dup.find() && e.getProcessor() instanceof JsonParser p) {
      String parent = pathOf(p.getParsingContext());
      return new ConfigException(
          parent.isEmpty() ? dup.group(1) : parent + "." + dup.group(1), "duplicate key");
    }
    JsonLocation loc = e.getLocation();
    String where =
        loc == null ? "" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": ";
    return new ConfigException("", where + "invalid YAML: " + firstProblem(e.getOriginalMessage()));
  }

  /**
   * SnakeYAML's messages span several lines with an excerpt of the file; keep the sentence that
   * names the problem.
   */
  private static String firstProblem(String message) {
    String best = message.strip();
    // -1 keeps trailing empty lines; they are skipped below like the other blank ones.
    for (String line : message.split("\n", -1)) {
      String t = line.strip();
      if (!t.isEmpty() && !line.startsWith(" ") && !t.startsWith("in '") && !t.startsWith("^")) {
        best = t;
      }
    }
    return best;
  }

  /** Key path of the mapping a parser context is in, built from its ancestors. */
  private static String pathOf(JsonStreamContext ctx) {
    return entryPath(ctx.getParent());
  }

  /**
   * Key path of the current entry of {@code ctx} (its current key or list index), with its
   * ancestors.
   */
  private static String entryPath(JsonStreamContext ctx) {
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
      path.insert(0, c.inArray() ? "[" + c.getCurrentIndex() + "]" : "." + c.getCurrentName());
    }
    return path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
  }

  private static Set<String> withHost(Set<String> keys) {
    Set<String> all = new HashSet<>(keys);
    all.add("host");
    return Set.copyOf(all);
  }
}
