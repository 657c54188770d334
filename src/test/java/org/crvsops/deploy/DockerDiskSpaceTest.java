package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.crvsops.ssh.CommandResult;
import org.junit.jupiter.api.Test;

/** The pre-flight's free disk check reads where dockerd keeps its data, and refuses an answer it cannot read. */
class DockerDiskSpaceTest {
  private static final String MANAGER = "10.77.0.11";
  private static final String HEADER = "Filesystem     1024-blocks     Used Available Capacity Mounted on";
  private static final String COMMAND = DockerDiskSpace.command("/var/lib/crvs-ops-lab/node1/docker");

  @Test
  void theCommandAsksDfAboutTheEnginesOwnDataRoot() {
    assertThat(COMMAND).isEqualTo("df -Pk -- '/var/lib/crvs-ops-lab/node1/docker'");
  }

  @Test
  void aGoodLineGivesTheAvailableColumn() {
    CommandResult df = new CommandResult(0, List.of(HEADER, "/dev/sda1        102684600 40211784  57213300      42% /"),
        List.of());

    assertThat(DockerDiskSpace.freeKb(COMMAND, MANAGER, df)).isEqualTo(57213300L);
  }

  @Test
  void emptyOutputFailsNamingTheCommandAndWhatItPrinted() {
    CommandResult df = new CommandResult(1, List.of(), List.of("df: /var/lib/docker: No such file or directory"));

    assertThatThrownBy(() -> DockerDiskSpace.freeKb(COMMAND, MANAGER, df)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(MANAGER).hasMessageContaining("`" + COMMAND + "`").hasMessageContaining("exit code 1")
        .hasMessageContaining("printed nothing").hasMessageContaining("No such file or directory");
  }

  @Test
  void aHeaderOnlyFailsNamingWhatItPrinted() {
    CommandResult df = new CommandResult(0, List.of(HEADER), List.of());

    assertThatThrownBy(() -> DockerDiskSpace.freeKb(COMMAND, MANAGER, df)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("`" + COMMAND + "`").hasMessageContaining("printed '" + HEADER + "'");
  }

  @Test
  void aLineWithoutANumberFailsRatherThanParsing() {
    CommandResult df = new CommandResult(0, List.of(HEADER, "/dev/sda1 - - - - /"), List.of());

    assertThatThrownBy(() -> DockerDiskSpace.freeKb(COMMAND, MANAGER, df)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/dev/sda1 - - - - /");
  }

  @Test
  void theDataRootMustBeAPlainAbsolutePath() {
    assertThat(DockerDiskSpace.dataRoot("/var/lib/docker", MANAGER)).isEqualTo("/var/lib/docker");
    for (String bad : new String[] {null, "", "var/lib/docker", "/var/lib/docker; rm -rf /", "/var/$(id)",
        "/var/lib/../../etc", "/var/lib/docker\n/etc"}) {
      assertThatThrownBy(() -> DockerDiskSpace.dataRoot(bad, MANAGER)).as(String.valueOf(bad))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("DockerRootDir")
          .hasMessageContaining("'" + bad + "'").hasMessageContaining(MANAGER);
    }
  }
}
