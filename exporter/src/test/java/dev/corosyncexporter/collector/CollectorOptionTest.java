package dev.corosyncexporter.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An option's flag values are its enum's constants in lower case, and map back to them. */
class CollectorOptionTest {

  @Test
  void theChoicesAreTheConstantsInLowerCaseInTheirOrder() {
    assertThat(QuorumCollector.SOURCE.choices()).containsExactly("quorumtool", "pvecm", "native");
    assertThat(QuorumCollector.SOURCE.defaultChoice()).isEqualTo("quorumtool");
    assertThat(LinksCollector.SOURCE.choices()).containsExactly("stats", "cfgtool", "native");
    assertThat(LinksCollector.SOURCE.defaultChoice()).isEqualTo("stats");
  }

  @Test
  void settingsGiveTheConstantTheFlagNamed() {
    assertThat(CollectorSettings.DEFAULTS.get(LinksCollector.SOURCE))
        .isEqualTo(LinksCollector.Source.STATS);
    assertThat(
            CollectorSettings.DEFAULTS
                .with(LinksCollector.SOURCE, "cfgtool")
                .get(LinksCollector.SOURCE))
        .isEqualTo(LinksCollector.Source.CFGTOOL);
    assertThat(
            CollectorSettings.DEFAULTS
                .with(QuorumCollector.SOURCE, "pvecm")
                .get(QuorumCollector.SOURCE))
        .isEqualTo(QuorumCollector.Source.PVECM);
  }

  /** No value falls through to the default, as a string switch's default branch let it. */
  @Test
  void anythingElseIsRefused() {
    CollectorSettings typo = CollectorSettings.DEFAULTS.with(QuorumCollector.SOURCE, "PVECM");
    assertThatThrownBy(() -> typo.get(QuorumCollector.SOURCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected quorumtool or pvecm or native, got 'PVECM'");
  }
}
