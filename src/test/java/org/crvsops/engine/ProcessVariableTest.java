package org.crvsops.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessVariableTest {
  @Test
  void aTextLongerThanAVariableHoldsIsCutSayingSoAndAShortOneIsKept() {
    String report = "restored ".repeat(600);
    String cut = ProcessVariable.fit(report);
    assertThat(cut).hasSize(ProcessVariable.MAX_TEXT).startsWith("restored restored")
        .endsWith("… cut here: the text had 5400 characters, of which a process variable holds 4000");
    assertThat(ProcessVariable.fit("short")).isEqualTo("short");
  }
}
