package org.crvsops.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RealStoresPlacementTest {
  @Test
  void eachNodeGetsTheRealImagesOfTheStoresPlacedOnItAndNoneOfTheStandIns() {
    String compose = LabSwarm.realStoresCompose();

    assertThat(LabSwarm.realStoresOn("node1", compose)).containsExactlyInAnyOrder("elasticsearch", "postgres", "minio");
    assertThat(LabSwarm.realStoresOn("node2", compose)).containsExactly("influxdb");
    assertThat(LabSwarm.realStoresOn("node3", compose)).isEmpty();
  }

  @Test
  void withThePlacementsDroppedAsForAOneNodeSwarmEveryRealStoreIsImportedThere() {
    String compose = LabSwarm.realStoresCompose().replaceAll("(?m)^    deploy:\\n      placement: .*\\n", "");

    assertThat(LabSwarm.realStoresOn("node4", compose))
        .containsExactlyInAnyOrder("elasticsearch", "influxdb", "postgres", "minio");
  }
}
