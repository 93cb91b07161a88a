package dev.corosyncexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  private static final String PASSWORD = "s3cret-Passw0rd";
  private static final String HINT = " (set it under ssh, clusters[0].ssh or on the node)";
  private static final String SSH_KEYS =
      "command_timeout, connect_timeout, keepalive_interval, known_hosts_file,"
          + " password_file, port, private_key_file, user";

  private static final Duration NOT_HUNG = Duration.ofSeconds(10);

  // Encrypting a key runs bcrypt, which is slow; one encrypted key serves every test.
  private static byte[] encryptedKey;

  @TempDir Path dir;

  @BeforeAll
  static void encryptOneKey(@TempDir Path scratch) throws IOException {
    Path file = scratch.resolve("id_encrypted");
    TestKeys.writeEncryptedEd25519(file, "passphrase");
    encryptedKey = Files.readAllBytes(file);
  }

  /** The files the example configs refer to, next to the config as its relative paths expect. */
  @BeforeEach
  void writeReferencedFiles() throws IOException {
    TestKeys.writeEd25519(dir.resolve("id_ed25519"));
    Files.write(dir.resolve("id_encrypted"), encryptedKey);
    Files.writeString(dir.resolve("known_hosts"), "");
    Files.writeString(dir.resolve("password"), PASSWORD + "\n");
    Files.writeString(dir.resolve("empty_password"), "");
  }

  @Test
  void loadsTheExampleWithOverridesResolved() throws Exception {
    ExporterConfig config = ConfigLoader.load(copy("valid/central.yaml"));

    assertThat(config.clusters()).hasSize(2);
    ClusterTarget prod = config.clusters().get(0);
    assertThat(prod.name()).isEqualTo("prod");
    assertThat(prod.nodes())
        .extracting(NodeTarget::address)
        .containsExactly("pve1.example.org:22", "pve2.example.org:2222", "[2001:db8::3]:22");
    assertThat(prod.qnetd())
        .extracting(NodeTarget::address)
        .containsExactly("qnetd.example.org:22");
    assertThat(prod.nodes().get(0).ssh())
        .isEqualTo(
            new SshSettings(
                "monitor",
                Optional.of(dir.resolve("id_ed25519")),
                dir.resolve("known_hosts"),
                Optional.empty(),
                Duration.ofSeconds(3),
                Duration.ofSeconds(5),
                SshSettings.DEFAULT_KEEPALIVE_INTERVAL));
    assertThat(prod.nodes().get(2).uri()).isEqualTo("ssh://monitor@[2001:db8::3]:22");

    ClusterTarget lab = config.clusters().get(1);
    assertThat(lab.name()).isNull();
    assertThat(lab.displayName()).isEqualTo("lab1.example.org");
    SshSettings lab1 = lab.nodes().get(0).ssh();
    assertThat(lab1.user()).isEqualTo("labmon");
    assertThat(lab1.passwordFile()).contains(dir.resolve("password"));
    assertThat(lab1.privateKeyFile()).contains(dir.resolve("id_ed25519"));
    assertThat(lab1.authMethods()).isEqualTo("publickey,password");
    assertThat(lab1.keepAliveInterval()).isEqualTo(Duration.ofMinutes(1));
    NodeTarget lab2 = lab.nodes().get(1);
    assertThat(lab2.port()).isEqualTo(2200);
    assertThat(lab2.ssh().user()).isEqualTo("root");
    assertThat(lab2.ssh().commandTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(lab2.ssh().connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.allTargets()).hasSize(6);
  }

  @Test
  void neverHoldsThePasswordItself() throws Exception {
    ExporterConfig config = ConfigLoader.load(copy("valid/central.yaml"));
    assertThat(config.toString()).doesNotContain(PASSWORD).contains("password");
  }

  @Test
  void keepsYaml11BooleanWordsAsStrings() throws Exception {
    ExporterConfig config = ConfigLoader.load(copy("valid/yaml11-words.yaml"));
    ClusterTarget cluster = config.clusters().get(0);
    assertThat(cluster.name()).isEqualTo("on");
    assertThat(cluster.nodes().get(0).host()).isEqualTo("yes");
    assertThat(cluster.nodes().get(0).ssh().user()).isEqualTo("no");
  }

  @Test
  void reportsAMissingFile() {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage("cannot read config file " + missing + ": no such file");
  }

  @Test
  void readsAnAnchoredValueAsWritten() throws Exception {
    NodeTarget node =
        ConfigLoader.load(copy("valid/anchor-without-alias.yaml")).clusters().get(0).nodes().get(0);
    assertThat(node.host()).isEqualTo("pve1");
    assertThat(node.ssh().user()).isEqualTo("monitor");
  }

  @Test
  void followsASymlinkToTheConfig() throws Exception {
    Path link = dir.resolve("link.yaml");
    Files.createSymbolicLink(link, copy("valid/central.yaml"));
    assertThat(ConfigLoader.load(link).clusters()).hasSize(2);
  }

  @Test
  void refusesAFifoWithoutOpeningIt() throws Exception {
    Path fifo = dir.resolve("config.fifo");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    // Opening a FIFO for reading blocks until a writer comes; none ever does here.
    assertThatThrownBy(() -> assertTimeoutPreemptively(NOT_HUNG, () -> ConfigLoader.load(fifo)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "cannot read config file " + fifo + ": not a regular file (a FIFO, socket or device?)");
  }

  @Test
  void refusesADevice() {
    Path zero = Path.of("/dev/zero");
    assertThatThrownBy(() -> assertTimeoutPreemptively(NOT_HUNG, () -> ConfigLoader.load(zero)))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "cannot read config file /dev/zero: not a regular file (a FIFO, socket or device?)");
  }

  @Test
  void refusesAFileOverTheSizeLimit() throws IOException {
    Path huge = dir.resolve("huge.yaml");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(64L * 1024 * 1024); // sparse: costs no disk, but would cost heap if read whole
    }
    assertThatThrownBy(() -> ConfigLoader.load(huge))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "cannot read config file "
                + huge
                + ": 67108864 bytes, larger than the limit of 1048576 bytes (1 MiB)");
  }

  @Test
  void acceptsAFileJustAtTheSizeLimit() throws IOException {
    Path padded = copy("valid/central.yaml");
    long size = Files.size(padded);
    Files.writeString(
        padded,
        "#".repeat((int) (ConfigFile.MAX_BYTES - size - 1)) + "\n",
        StandardOpenOption.APPEND);
    assertThat(Files.size(padded)).isEqualTo(ConfigFile.MAX_BYTES);
    assertThatCode(() -> ConfigLoader.load(padded)).doesNotThrowAnyException();
  }

  @Test
  void reportsADirectory() {
    assertThatThrownBy(() -> ConfigLoader.load(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage("cannot read config file " + dir + ": is a directory");
  }

  @Test
  void reportsTheOperatingSystemsReason() throws IOException {
    Path underAFile = dir.resolve("password").resolve("config.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(underAFile))
        .isInstanceOf(ConfigException.class)
        .hasMessage("cannot read config file " + underAFile + ": Not a directory");
  }

  @Test
  void reportsPermissionDenied() throws IOException {
    Path unreadable = unreadableFile();
    assertThatThrownBy(() -> ConfigLoader.load(unreadable))
        .isInstanceOf(ConfigException.class)
        .hasMessage("cannot read config file " + unreadable + ": permission denied");
  }

  @Test
  void reportsInvalidUtf8() throws IOException {
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, new byte[] {'u', 's', 'e', 'r', ':', ' ', (byte) 0xe9});
    assertThatThrownBy(() -> ConfigLoader.load(latin1))
        .isInstanceOf(ConfigException.class)
        .hasMessage("cannot read config file " + latin1 + ": not valid UTF-8");
  }

  /**
   * A mode-000 file, unless the tests run as root, who reads it anyway; then a write-only sysfs
   * attribute, which the kernel refuses to open for reading even to root.
   */
  private Path unreadableFile() throws IOException {
    Path file = dir.resolve("secret.yaml");
    Files.writeString(file, "ssh: {}\n");
    Files.setPosixFilePermissions(file, Set.of());
    if (!opensForReading(file)) {
      return file;
    }
    Path writeOnly = Path.of("/sys/bus/pci/rescan");
    assumeTrue(
        Files.isRegularFile(writeOnly) && !opensForReading(writeOnly),
        "running as root and no write-only sysfs file to stand in for an unreadable config");
    return writeOnly;
  }

  private static boolean opensForReading(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void reportsSyntaxErrorsWithTheirLine() throws IOException {
    Path file = copy("invalid/syntax-error.yaml");
    assertThatThrownBy(() -> ConfigLoader.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("line 3, column 2: invalid YAML: ");
  }

  @ParameterizedTest(name = "{index} => {0}")
  @MethodSource("invalidConfigs")
  void rejectsInvalidConfig(String file, String expectedMessage) throws IOException {
    Path config = copy("invalid/" + file);
    assertThatThrownBy(() -> ConfigLoader.load(config))
        .isInstanceOf(ConfigException.class)
        .hasMessage(expectedMessage.replace("{dir}", dir.toString()));
  }

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        arguments(
            "unknown-top-level-key.yaml", "scrape_interval: unknown key (allowed: clusters, ssh)"),
        arguments("unknown-ssh-key.yaml", "ssh.usr: unknown key (allowed: " + SSH_KEYS + ")"),
        arguments(
            "unknown-cluster-key.yaml",
            "clusters[0].nodez: unknown key (allowed: name, nodes, qnetd, ssh)"),
        arguments(
            "unknown-node-key.yaml",
            "clusters[0].nodes[1].hots: unknown key (allowed: command_timeout,"
                + " connect_timeout, host, keepalive_interval, known_hosts_file, password_file, port, private_key_file, user)"),
        arguments(
            "bad-duration.yaml",
            "ssh.connect_timeout: invalid duration 'abc' (use e.g. 500ms, 3s, 1m30s)"),
        arguments(
            "duration-without-unit.yaml",
            "ssh.command_timeout: invalid duration '5' (use e.g. 500ms, 3s, 1m30s)"),
        arguments(
            "zero-duration.yaml", "clusters[0].ssh.keepalive_interval: must be positive, got '0s'"),
        arguments("duration-too-long.yaml", "ssh.connect_timeout: must be at most 1h, got '2h'"),
        arguments(
            "missing-private-key.yaml",
            "ssh.private_key_file: cannot read {dir}/no_such_key: no such file"),
        arguments(
            "private-key-not-a-key.yaml",
            "ssh.private_key_file: {dir}/password is not a private key in a format JSch reads (OpenSSH, PEM or PuTTY)"),
        arguments(
            "private-key-encrypted.yaml",
            "ssh.private_key_file: {dir}/id_encrypted is protected by a"
                + " passphrase, which is not supported; use a dedicated unencrypted key readable only by the exporter"),
        arguments(
            "known-hosts-is-directory.yaml",
            "ssh.known_hosts_file: cannot read {dir}: not a regular file"),
        arguments(
            "missing-known-hosts-on-node.yaml",
            "clusters[0].nodes[0].known_hosts_file: cannot read {dir}/no_such_known_hosts: no such file"),
        arguments("empty-password-file.yaml", "ssh.password_file: {dir}/empty_password is empty"),
        arguments("missing-clusters.yaml", "clusters: required key is missing"),
        arguments("empty-clusters.yaml", "clusters: must not be empty"),
        arguments("empty-nodes.yaml", "clusters[0].nodes: must not be empty"),
        arguments(
            "duplicate-cluster-names.yaml",
            "clusters[1].name: duplicate cluster name 'prod' (also clusters[0].name)"),
        arguments(
            "duplicate-unnamed-clusters.yaml",
            "clusters[1]: unnamed cluster would be called 'pve1' like clusters[0]; give it a name"),
        arguments(
            "duplicate-node.yaml",
            "clusters[0].nodes[1]: duplicate node pve1:22 (also clusters[0].nodes[0])"),
        arguments(
            "port-out-of-range.yaml",
            "clusters[0].nodes[1].port: must be between 1 and 65535, got 0"),
        arguments(
            "port-out-of-range-in-host.yaml",
            "clusters[0].nodes[0]: port in 'pve1:70000' must be between 1 and 65535, got 70000"),
        arguments(
            "port-not-a-number-in-host.yaml",
            "clusters[0].nodes[0]: invalid port 'ssh' in 'pve1:ssh'"),
        arguments("port-as-string.yaml", "ssh.port: must be an integer, got string '22'"),
        arguments(
            "port-in-host-key.yaml",
            "clusters[0].nodes[0].host: must not contain a port, got 'pve1:22' (use the 'port' key)"),
        arguments(
            "user-in-host.yaml",
            "clusters[0].nodes[0]: invalid host 'root@pve1': set the user with the 'user' key, not in the host"),
        arguments(
            "boolean-for-string.yaml", "ssh.user: must be a string, got boolean true (quote it)"),
        arguments(
            "number-for-cluster-name.yaml",
            "clusters[0].name: must be a string, got number 2024 (quote it)"),
        arguments(
            "node-wrong-type.yaml",
            "clusters[0].nodes[0]: must be a host string or a mapping with 'host', got a list"),
        arguments("missing-user.yaml", "clusters[0].nodes[0]: no ssh user is set" + HINT),
        arguments(
            "missing-known-hosts-setting.yaml",
            "clusters[0].nodes[0]: no known_hosts_file is set" + HINT),
        arguments(
            "no-credentials.yaml",
            "clusters[0].nodes[0]: neither private_key_file nor password_file is set" + HINT),
        arguments("duplicate-key.yaml", "ssh.user: duplicate key"),
        arguments("duplicate-key-in-node.yaml", "clusters[0].nodes[0].port: duplicate key"),
        arguments(
            "not-a-mapping.yaml",
            "config file must be a YAML mapping with keys 'ssh' and 'clusters', got a list"),
        arguments("empty.yaml", "config file is empty"),
        arguments("two-documents.yaml", "config file must contain exactly one YAML document"),
        arguments(
            "alias-in-user.yaml",
            "ssh.user: YAML aliases are not supported (found '*monuser'); write the value out"),
        arguments(
            "anchor-in-user.yaml",
            "clusters[0].ssh.user: YAML aliases are not supported (found '*monuser'); write the value out"),
        arguments(
            "alias-in-nodes.yaml",
            "clusters[0].nodes[1]: YAML aliases are not supported (found '*pve'); write the value out"),
        arguments(
            "anchor-on-mapping.yaml",
            "clusters[0].ssh: YAML aliases are not supported (found '*defaults'); write the value out"),
        arguments(
            "merge-key-with-alias.yaml",
            "clusters[0].nodes[1]: YAML merge keys ('<<') are not supported; write the keys out"),
        arguments(
            "merge-key.yaml",
            "clusters[0].nodes[0]: YAML merge keys ('<<') are not supported; write the keys out"));
  }

  private Path copy(String resource) throws IOException {
    Path target = dir.resolve("config.yaml");
    try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("/config/" + resource)) {
      assertThat(in).as("test resource %s", resource).isNotNull();
      Files.copy(in, target);
    }
    return target;
  }
}
