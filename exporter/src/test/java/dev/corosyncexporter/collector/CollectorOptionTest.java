package dev.corosyncexporter.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * An option's flag values are its enum's constants in lower case, and map back to them; an unset
 * option takes the default of the mode.
 */
class CollectorOptionTest {

  @Test
  void theChoicesAreTheConstantsInLowerCaseInTheirOrder() {
    assertThat(QuorumCollector.SOURCE.choices()).containsExactly("quorumtool", "pvecm", "native");
    assertThat(LinksCollector.SOURCE.choices()).containsExactly("stats", "cfgtool", "native");
  }

  /** The connection path where the node is at hand, the tools over SSH. */
  @Test
  void theDefaultDependsOnTheMode() {
    assertThat(QuorumCollector.SOURCE.defaultChoice(RunMode.LOCAL)).isEqualTo("native");
    assertThat(QuorumCollector.SOURCE.defaultChoice(RunMode.CENTRAL)).isEqualTo("quorumtool");
    assertThat(LinksCollector.SOURCE.defaultChoice(RunMode.LOCAL)).isEqualTo("native");
    assertThat(LinksCollector.SOURCE.defaultChoice(RunMode.CENTRAL)).isEqualTo("stats");
    assertThat(QuorumCollector.SOURCE.describeDefault())
        .isEqualTo("native in local mode, quorumtool in central mode");
    assertThat(CollectorSettings.defaults(RunMode.LOCAL).get(QuorumCollector.SOURCE))
        .isEqualTo(QuorumCollector.Source.NATIVE);
  }

  @Test
  void settingsGiveTheConstantTheFlagNamed() {
    CollectorSettings local = CollectorSettings.defaults(RunMode.LOCAL);
    assertThat(local.with(LinksCollector.SOURCE, "cfgtool").get(LinksCollector.SOURCE))
        .isEqualTo(LinksCollector.Source.CFGTOOL);
    assertThat(local.with(QuorumCollector.SOURCE, "pvecm").get(QuorumCollector.SOURCE))
        .isEqualTo(QuorumCollector.Source.PVECM);
    assertThat(local.with(QuorumCollector.SOURCE, "pvecm").isSet(QuorumCollector.SOURCE)).isTrue();
    assertThat(local.isSet(QuorumCollector.SOURCE)).isFalse();
  }

  /** What the fallback does: the flags given stay, the rest take the tools' defaults. */
  @Test
  void theOtherModesDefaultsKeepWhatWasSet() {
    // Settings are one collector's: each takes its own.
    CollectorSettings chosen =
        CollectorSettings.defaults(RunMode.LOCAL).with(LinksCollector.SOURCE, "native");
    assertThat(chosen.withDefaultsOf(RunMode.CENTRAL).get(LinksCollector.SOURCE))
        .isEqualTo(LinksCollector.Source.NATIVE);
    CollectorSettings unset = CollectorSettings.defaults(RunMode.LOCAL);
    assertThat(unset.get(LinksCollector.SOURCE)).isEqualTo(LinksCollector.Source.NATIVE);
    assertThat(unset.withDefaultsOf(RunMode.CENTRAL).get(LinksCollector.SOURCE))
        .isEqualTo(LinksCollector.Source.STATS);
  }

  /** No value falls through to the default, as a string switch's default branch let it. */
  @Test
  void anythingElseIsRefused() {
    CollectorSettings typo =
        CollectorSettings.defaults(RunMode.LOCAL).with(QuorumCollector.SOURCE, "PVECM");
    assertThatThrownBy(() -> typo.get(QuorumCollector.SOURCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected quorumtool or pvecm or native, got 'PVECM'");
  }
}
