package org.crvsops.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.crvsops.ssh.RemoteScript;
import org.junit.jupiter.api.Test;

class StepOutcomeTest {
  @Test
  void aScriptThatPrintedNoChangeLeftTheNodeUnchanged() {
    assertThat(StepOutcome.fromScript("node1", List.of("reached node1 as root")).line()).isEqualTo("node1: unchanged");
    assertThat(StepOutcome.fromScript("node2", List.of("CHANGED enabled ufw")).line())
        .isEqualTo("node2: changed (enabled ufw)");
  }

  @Test
  void longListsOfChangesPointToTheCommandLog() {
    StepOutcome many = StepOutcome.fromScript("node3",
        List.of("CHANGED created /data", "CHANGED created /data/mongo", "CHANGED created /data/minio", "CHANGED x", "CHANGED y"));
    assertThat(many.line()).endsWith("; and 2 more: see the command log)");
  }

  @Test
  void theReportSaysWhichNodesEachStepChangedLeftOrSkipped() {
    assertThat(VerifyCluster.byResult("node1: unchanged\nnode2: changed (joined the swarm)\nnode3: changed (joined)"))
        .isEqualTo("changed on node2, node3; unchanged on node1");
  }

  @Test
  void driftNamesWhatDiffersFromTheEnvironment() {
    Map<String, String> state = new java.util.HashMap<>(Map.of("ufw", "inactive", "keyfile", "missing"));
    assertThat(VerifyCluster.stateDrift(state, true)).contains("ufw is inactive, expected active",
        "keyfile is missing, expected 1000:1000 400",
        "/data is on null, expected the encrypted volume /dev/mapper/cryptfs");
  }

  @Test
  void scriptArgumentsAreQuotedSoThatNoneIsReadAsShellSyntax() {
    String command = RemoteScript.of("provisioning/authorize-key").command(List.of("root", "ssh-ed25519 AAAA x'; rm -rf / #"));
    assertThat(command).startsWith("'bash' '-c' '# authorize-key.sh USER PUBLIC_KEY")
        .endsWith("'authorize-key' 'root' 'ssh-ed25519 AAAA x'\\''; rm -rf / #'");
  }
}
