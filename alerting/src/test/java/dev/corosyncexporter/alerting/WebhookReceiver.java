package dev.corosyncexporter.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Stands in for the pager and the ticket system: records what Alertmanager delivers, and when. */
final class WebhookReceiver implements AutoCloseable {

  /** One alert as delivered: the receiver path it came to, its labels, and when it arrived. */
  public record Delivery(
      String receiver,
      String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      Instant at) {
    public String alertname() {
      return labels.get("alertname");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final List<Delivery> deliveries = new ArrayList<>();

  public WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Instant at = Instant.now();
          String receiver = exchange.getRequestURI().getPath().substring(1);
          JsonNode body = JSON.readTree(exchange.getRequestBody());
          synchronized (deliveries) {
            for (JsonNode alert : body.path("alerts")) {
              deliveries.add(
                  new Delivery(
                      receiver,
                      alert.path("status").asText(),
                      map(alert.path("labels")),
                      map(alert.path("annotations")),
                      at));
            }
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
  }

  private static Map<String, String> map(JsonNode node) {
    Map<String, String> m = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    return m;
  }

  /** The URL Alertmanager should post to for a receiver. */
  public String url(String receiver) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + receiver;
  }

  public List<Delivery> deliveries() {
    synchronized (deliveries) {
      return List.copyOf(deliveries);
    }
  }

  public List<Delivery> firing() {
    return deliveries().stream().filter(d -> d.status().equals("firing")).toList();
  }

  public void clear() {
    synchronized (deliveries) {
      deliveries.clear();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
