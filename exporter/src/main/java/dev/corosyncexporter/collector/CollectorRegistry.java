package dev.corosyncexporter.collector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/** Every collector there is, found through the definitions the collectors' own files register. */
public final class CollectorRegistry {
  private static final CollectorRegistry INSTANCE = load();

  private final List<CollectorDefinition> definitions;

  CollectorRegistry(List<CollectorDefinition> definitions) {
    List<CollectorDefinition> sorted = new ArrayList<>(definitions);
    sorted.sort(Comparator.comparing(d -> d.spec().name()));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).spec().name().equals(sorted.get(i - 1).spec().name())) {
        throw new IllegalStateException("two collectors named " + sorted.get(i).spec().name());
      }
    }
    this.definitions = List.copyOf(sorted);
  }

  public static CollectorRegistry get() {
    return INSTANCE;
  }

  private static CollectorRegistry load() {
    List<CollectorDefinition> found = new ArrayList<>();
    ServiceLoader.load(CollectorDefinition.class, CollectorRegistry.class.getClassLoader())
        .forEach(found::add);
    if (found.isEmpty()) {
      throw new IllegalStateException(
          "no collector registered (META-INF/services missing from the jar?)");
    }
    return new CollectorRegistry(found);
  }

  /** By name. */
  public List<CollectorDefinition> all() {
    return definitions;
  }

  public List<CollectorDefinition> withRole(CollectorSpec.Role role) {
    return definitions.stream().filter(d -> d.spec().role() == role).toList();
  }

  public Optional<CollectorDefinition> named(String name) {
    return definitions.stream().filter(d -> d.spec().name().equals(name)).findFirst();
  }

  /** Every tool any collector runs, for the --path flags. */
  public Set<Tool> tools() {
    Set<Tool> tools = new LinkedHashSet<>();
    definitions.forEach(d -> tools.addAll(d.spec().tools()));
    return tools;
  }
}
