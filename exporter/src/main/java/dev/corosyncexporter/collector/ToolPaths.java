package dev.corosyncexporter.collector;

import java.util.Map;

/** Where each tool is on this host: its default unless a --path.NAME flag said otherwise. */
public record ToolPaths(Map<String, String> overrides) {

  public static final ToolPaths DEFAULTS = new ToolPaths(Map.of());

  public ToolPaths {
    overrides = Map.copyOf(overrides);
  }

  public String path(Tool tool) {
    return overrides.getOrDefault(tool.name(), tool.defaultPath());
  }
}
