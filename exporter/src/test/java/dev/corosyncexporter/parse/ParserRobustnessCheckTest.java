package dev.corosyncexporter.parse;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The robustness test's own check must fail on a parser bug, also one the production guard hides.
 */
class ParserRobustnessCheckTest {

  /** A parser with an indexing bug behind the same guard the real parsers use. */
  private static Object broken(String text) throws ParseException {
    return LineParser.guard("broken-tool", () -> LineParser.lines("broken-tool", text).get(5));
  }

  @Test
  void aRuntimeExceptionHiddenByTheGuardFailsTheCheck() {
    assertThatThrownBy(
            () ->
                ParserRobustnessTest.check(
                    "broken", ParserRobustnessCheckTest::broken, "one line", "a test"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("broken has a bug: java.lang.IndexOutOfBoundsException");
  }

  @Test
  void anUnguardedRuntimeExceptionFailsTheCheck() {
    assertThatThrownBy(
            () -> ParserRobustnessTest.check("raw", t -> List.of().get(1), "x", "a test"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("raw threw java.lang.ArrayIndexOutOfBoundsException");
  }

  @Test
  void aDeliberateParseErrorPassesTheCheck() {
    assertThatCode(
            () ->
                ParserRobustnessTest.check(
                    "strict",
                    t -> {
                      throw new ParseException("strict-tool", "no header");
                    },
                    "x",
                    "a test"))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                ParserRobustnessTest.check(
                    "fine", ParserRobustnessCheckTest::broken, "1\n2\n3\n4\n5\n6", "six lines"))
        .doesNotThrowAnyException();
  }
}
