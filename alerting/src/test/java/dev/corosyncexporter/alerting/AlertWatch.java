package dev.corosyncexporter.alerting;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.corosyncexporter.alerting.WebhookReceiver.Delivery;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * What the lab's Alertmanager delivered to the webhook receiver (the stand-in for the pager and the
 * ticket queue), and what Prometheus holds as alerts: the waits and questions the alerting lab
 * tests share.
 */
final class AlertWatch {
  static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private final WebhookReceiver hook;
  private final Supplier<MonitoringStack> monitoring;

  /** The monitoring stack is asked for each time: a test may replace it with a new one. */
  AlertWatch(WebhookReceiver hook, Supplier<MonitoringStack> monitoring) {
    this.hook = hook;
    this.monitoring = monitoring;
  }

  /** The shipped Alertmanager config with its placeholder webhooks pointed at the receiver. */
  String shippedAlertmanagerConfig() throws Exception {
    JsonNode am = YAML.readTree(Files.readString(Repo.alertRulesDir().resolve("alertmanager.yml")));
    for (JsonNode receiver : am.path("receivers")) {
      for (JsonNode webhook : receiver.path("webhook_configs")) {
        ((ObjectNode) webhook).put("url", hook.url(receiver.path("name").asText()));
      }
    }
    return YAML.writeValueAsString(am);
  }

  /** The first firing delivery of that alert to that receiver since then, waiting up to within. */
  Delivery awaitFiring(
      String receiver, String alertname, String nodeName, Duration within, Instant since) {
    try {
      await()
          .atMost(within)
          .pollInterval(Duration.ofMillis(200))
          .until(() -> find(receiver, alertname, nodeName, since) != null);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          alertname
              + " did not reach "
              + receiver
              + " within "
              + within.toSeconds()
              + " s; delivered: "
              + firingSince(since).stream()
                  .map(d -> d.receiver() + ":" + d.alertname() + d.labels())
                  .toList()
              + "\nPrometheus alerts: "
              + safeAlerts()
              + "\n"
              + monitoring.get().logs(),
          e);
    }
    return find(receiver, alertname, nodeName, since);
  }

  /**
   * Waits until Prometheus holds that alert firing with every one of those labels (none: any), and
   * returns when it saw it.
   */
  Instant awaitFiringInPrometheus(String alertname, Map<String, String> labels, Duration within) {
    try {
      await()
          .atMost(within)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> firingInPrometheus(alertname, labels));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          alertname
              + labels
              + " did not fire in Prometheus within "
              + within.toSeconds()
              + " s;"
              + " Prometheus alerts: "
              + safeAlerts()
              + "\n"
              + monitoring.get().logs(),
          e);
    }
    return Instant.now();
  }

  /** Whether Prometheus holds that alert firing with every one of those labels. */
  boolean firingInPrometheus(String alertname, Map<String, String> labels) throws IOException {
    for (JsonNode a : monitoring.get().alerts()) {
      if (!alertname.equals(a.path("labels").path("alertname").asText())
          || !"firing".equals(a.path("state").asText())) {
        continue;
      }
      boolean all = true;
      for (Map.Entry<String, String> l : labels.entrySet()) {
        all &= l.getValue().equals(a.path("labels").path(l.getKey()).asText());
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  /** The names of the alerts Prometheus holds firing now. */
  Set<String> firingNamesInPrometheus() throws IOException {
    Set<String> names = new TreeSet<>();
    for (JsonNode a : monitoring.get().alerts()) {
      if ("firing".equals(a.path("state").asText())) {
        names.add(a.path("labels").path("alertname").asText());
      }
    }
    return names;
  }

  void awaitFiringInPrometheus(String alertname, Duration within) {
    await()
        .atMost(within)
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              for (JsonNode a : monitoring.get().alerts()) {
                if (alertname.equals(a.path("labels").path("alertname").asText())
                    && "firing".equals(a.path("state").asText())) {
                  return true;
                }
              }
              return false;
            });
  }

  List<Delivery> firingSince(Instant since) {
    return hook.firing().stream().filter(d -> !d.at().isBefore(since)).toList();
  }

  Set<String> alertnamesSince(Instant since) {
    return firingSince(since).stream()
        .map(Delivery::alertname)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The ring-health warnings that look back up to 15 minutes by design (a token lost, a scheduler
   * miss, retransmits in the window): a scenario that isolates a node sets them off, and healing
   * cannot end them. {@link #awaitQuiet} does not wait for them.
   */
  static final Set<String> LOOK_BACK =
      Set.of("CorosyncTokenLost", "CorosyncSchedulerMiss", "CorosyncRetransmitsSustained");

  /**
   * After healing, wait until no page or warning fires, so scenarios do not bleed into each other.
   * (Infos, such as link latency on a loaded test machine, may stay pending; the {@link #LOOK_BACK}
   * warnings keep firing for their window.)
   */
  void awaitQuiet() {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(2))
        .until(
            () -> {
              for (JsonNode a : monitoring.get().alerts()) {
                if ("firing".equals(a.path("state").asText())
                    && !"info".equals(a.path("labels").path("severity").asText())
                    && !LOOK_BACK.contains(a.path("labels").path("alertname").asText())) {
                  return false;
                }
              }
              return true;
            });
  }

  private Delivery find(String receiver, String alertname, String nodeName, Instant since) {
    return firingSince(since).stream()
        .filter(d -> d.receiver().equals(receiver) && alertname.equals(d.alertname()))
        .filter(d -> nodeName == null || nodeName.equals(d.labels().get("node_name")))
        .findFirst()
        .orElse(null);
  }

  private String safeAlerts() {
    try {
      return monitoring.get().alerts().toString();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
