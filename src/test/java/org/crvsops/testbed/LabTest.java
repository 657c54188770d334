package org.crvsops.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which of lab.sh's two labs a JVM's ITs use (-Dcrvsops.lab, set by the pom's Failsafe configuration). */
class LabTest {
  private final String before = System.getProperty("crvsops.lab");

  @AfterEach
  void restore() {
    if (before == null) {
      System.clearProperty("crvsops.lab");
    } else {
      System.setProperty("crvsops.lab", before);
    }
  }

  @Test
  void labZeroKeepsItsFolderAndLabOneHasItsOwn() {
    System.clearProperty("crvsops.lab");
    assertThat(Lab.dir()).isEqualTo(Path.of("/var/lib/crvs-ops-lab"));
    System.setProperty("crvsops.lab", "1");
    assertThat(Lab.id()).isEqualTo(1);
    assertThat(Lab.dir()).isEqualTo(Path.of("/var/lib/crvs-ops-lab1"));
  }

  @Test
  void aLabThatLabShDoesNotMakeIsRefusedByName() {
    System.setProperty("crvsops.lab", "2");
    assertThatThrownBy(Lab::id).hasMessage("The system property crvsops.lab is '2': it is 0 or 1 (lab.sh's CRVS_LAB)");
  }
}
