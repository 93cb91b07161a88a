package dev.corosyncexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation's relative links resolve: every Markdown link or image in the repository that
 * points at a file (not http:, https:, mailto:) names a file that exists, and a #anchor into a
 * Markdown file names one of its headings. Documents get moved; a link left behind is a dead end
 * for the reader at the worst moment (a runbook during an incident).
 */
class MarkdownLinksTest {

  /** The README is for the operator: what it is, install, what pages. The rest is in docs/. */
  static final int README_MAX_LINES = 250;

  /** [text](target) and ![alt](target), with an optional "title"; the text may hold [ ] pairs. */
  private static final Pattern INLINE_LINK =
      Pattern.compile(
          "!?\\[(?:[^\\[\\]]|\\[[^\\[\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");

  /** [label]: target, a reference definition on a line of its own. */
  private static final Pattern REFERENCE_DEFINITION =
      Pattern.compile("^ {0,3}\\[[^\\]]+\\]:\\s*<?([^\\s>]+)>?");

  /** `code`: no link in it is a link. */
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)[^`]*?\\1");

  /** http:, https:, mailto:, ...: a scheme means the target is not a file of the repository. */
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  @Test
  void everyRelativeLinkResolves() {
    Path root = Repo.root();
    List<Path> documents = markdownFiles(root);
    assertThat(documents)
        .as("Markdown files found under %s", root)
        .contains(
            root.resolve("README.md"),
            root.resolve("docs/README.md"),
            root.resolve("docs/runbooks.md"),
            root.resolve("packaging/README.md"));
    List<String> broken = new ArrayList<>();
    for (Path document : documents) {
      broken.addAll(brokenLinks(root, document));
    }
    assertThat(broken).as("broken relative links").isEmpty();
  }

  @Test
  void readmeStaysShortEnoughForTheOperator() {
    List<String> lines = lines(Repo.root().resolve("README.md"));
    assertThat(lines.size())
        .as("README.md lines (the developer's material belongs in docs/)")
        .isLessThanOrEqualTo(README_MAX_LINES);
  }

  /**
   * The project's rule: on a fresh Debian machine the README's first lines run the product on its
   * default and run every test; CI runs the same test command.
   */
  @Test
  void readmeOpensWithTheDemoAndTheTestCommand() {
    Path root = Repo.root();
    List<String> lines = lines(root.resolve("README.md"));
    assertThat(lines.subList(0, 5))
        .as("README.md's first lines")
        .contains("```sh")
        .anySatisfy(l -> assertThat(l).startsWith("scripts/demo.sh "))
        .anySatisfy(l -> assertThat(l).startsWith("scripts/test.sh "));
    assertThat(root.resolve("scripts/demo.sh")).isExecutable();
    assertThat(root.resolve("scripts/test.sh")).isExecutable();
    assertThat(Repo.read(root.resolve(".ci/run"))).contains("exec scripts/test.sh");
  }

  /** The check itself finds what it must: a missing file, a missing anchor, here and elsewhere. */
  @Test
  void theCheckReportsMissingFilesAndAnchors(@TempDir Path root) throws IOException {
    Files.createDirectories(root.resolve("docs"));
    Files.writeString(
        root.resolve("docs/guide.md"),
        """
        # Guide

        ## Install it (`apt`)

        ## Example

        ## Example

        ```sh
        # not a heading
        ```
        """);
    Files.writeString(root.resolve("logo.png"), "png");
    Path readme = root.resolve("README.md");
    Files.writeString(
        readme,
        """
        # Title

        [ok](docs/guide.md) [ok](docs/guide.md#install-it-apt) [ok](docs/guide.md#example-1)
        ![ok](logo.png "the logo") [ok](docs/) [ok](#title) [ok](https://example.org/x.md#nowhere)
        [ok with `code`](docs/guide.md#guide) `[not a link](nowhere.md)`
        [missing file](docs/nowhere.md) [missing anchor](docs/guide.md#not-a-heading)
        [fenced heading](docs/guide.md#not-a-heading-1) [own anchor](#nothing)
        [outside](../elsewhere.md) ![missing image](img/none.png)

        [ref]: docs/missing-reference.md

        ```
        [in a code block](nowhere-either.md)
        ```
        """);

    assertThat(brokenLinks(root, readme))
        .containsExactly(
            "README.md:6: docs/nowhere.md: no such file",
            "README.md:6: docs/guide.md#not-a-heading: no heading with that anchor",
            "README.md:7: docs/guide.md#not-a-heading-1: no heading with that anchor",
            "README.md:7: #nothing: no heading with that anchor",
            "README.md:8: ../elsewhere.md: outside the repository",
            "README.md:8: img/none.png: no such file",
            "README.md:10: docs/missing-reference.md: no such file");
  }

  /** Each broken relative link of one document, as "file:line: target: why". */
  static List<String> brokenLinks(Path root, Path document) {
    List<String> broken = new ArrayList<>();
    List<String> lines = lines(document);
    String name = root.relativize(document).toString();
    boolean fenced = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("```") || line.startsWith("~~~")) {
        fenced = !fenced;
        continue;
      }
      if (fenced) {
        continue;
      }
      for (String target : targets(line)) {
        String problem = problem(root, document, target);
        if (problem != null) {
          broken.add(name + ":" + (i + 1) + ": " + target + ": " + problem);
        }
      }
    }
    return broken;
  }

  private static List<String> targets(String line) {
    String text = CODE_SPAN.matcher(line).replaceAll("code");
    List<String> targets = new ArrayList<>();
    Matcher inline = INLINE_LINK.matcher(text);
    while (inline.find()) {
      targets.add(inline.group(1));
    }
    Matcher reference = REFERENCE_DEFINITION.matcher(text);
    if (reference.find()) {
      targets.add(reference.group(1));
    }
    return targets;
  }

  /** Why a link does not resolve, or null when it does (or is not a file of the repository). */
  private static String problem(Path root, Path document, String target) {
    if (SCHEME.matcher(target).find()) {
      return null;
    }
    int hash = target.indexOf('#');
    String path =
        URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
    String anchor = hash < 0 ? null : target.substring(hash + 1);
    Path file = path.isEmpty() ? document : document.getParent().resolve(path).normalize();
    if (!file.startsWith(root)) {
      return "outside the repository";
    }
    if (!Files.exists(file)) {
      return "no such file";
    }
    if (anchor != null
        && file.toString().endsWith(".md")
        && !Runbooks.anchors(Repo.read(file)).contains(anchor)) {
      return "no heading with that anchor";
    }
    return null;
  }

  /** Every Markdown file of the repository, outside build output and hidden folders (.git). */
  private static List<Path> markdownFiles(Path root) {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              String name = dir.getFileName().toString();
              boolean skip = !dir.equals(root) && (name.equals("target") || name.startsWith("."));
              return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".md")) {
                found.add(file);
              }
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found.stream().sorted().toList();
  }

  private static List<String> lines(Path file) {
    return Repo.read(file).lines().toList();
  }
}
