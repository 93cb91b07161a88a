package dev.corosyncexporter.http;

import io.javalin.http.Context;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.Enumeration;

/**
 * Lets client_java's scrape handler answer a Javalin request, so content negotiation (text,
 * OpenMetrics), gzip, {@code name[]} filtering and {@code debug=} behave exactly as upstream.
 */
final class JavalinScrapeExchange implements PrometheusHttpExchange {
  private final Context ctx;

  JavalinScrapeExchange(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public PrometheusHttpRequest getRequest() {
    return new PrometheusHttpRequest() {
      @Override
      public String getQueryString() {
        return ctx.queryString();
      }

      @Override
      public Enumeration<String> getHeaders(String name) {
        Enumeration<String> headers = ctx.req().getHeaders(name);
        return headers != null ? headers : Collections.emptyEnumeration();
      }

      @Override
      public String getMethod() {
        return ctx.req().getMethod();
      }

      @Override
      public String getRequestPath() {
        return ctx.path();
      }
    };
  }

  @Override
  public PrometheusHttpResponse getResponse() {
    return new PrometheusHttpResponse() {
      @Override
      public void setHeader(String name, String value) {
        ctx.res().setHeader(name, value);
      }

      @Override
      public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength)
          throws IOException {
        ctx.res().setStatus(statusCode);
        if (contentLength > 0) {
          ctx.res().setContentLength(contentLength);
        }
        return ctx.res().getOutputStream();
      }
    };
  }

  @Override
  public void handleException(IOException e) throws IOException {
    throw e;
  }

  @Override
  public void handleException(RuntimeException e) {
    throw e;
  }

  @Override
  public void close() {
    // Jetty completes the response when the handler returns.
  }
}
