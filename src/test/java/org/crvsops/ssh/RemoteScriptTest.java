package org.crvsops.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A script is named by capability and name only, and its arguments are its positional parameters, quoted. */
class RemoteScriptTest {
  @Test
  void theArgumentsFollowTheScriptsNameAsItsPositionalParameters() {
    assertThat(RemoteScript.of("provisioning/configure-swap").command("4")).startsWith("'bash' '-c' '")
        .endsWith("' 'configure-swap' '4'");
  }

  @Test
  void aPathOutsideTheScriptsFolderIsRefused() {
    assertThatThrownBy(() -> RemoteScript.of("../application")).hasMessageContaining("is not a script path");
    assertThatThrownBy(() -> RemoteScript.of("provisioning/no-such-script")).hasMessageContaining("No script");
  }
}
