package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.crvsops.swarm.Convergence;
import org.junit.jupiter.api.Test;

class ChangedReportsTest {
  @Test
  void aLookWritesOnlyTheServicesWhoseReportChangedSinceTheSameWaitsLastLook() {
    ChangedReports reports = new ChangedReports();
    List<Convergence> first = List.of(Convergence.pending("opencrvs_gateway: 0 of 2 running"),
        Convergence.ready("opencrvs_redis: 1 of 1 running"));

    assertThat(reports.changed("pi@t1", first)).containsExactly("opencrvs_gateway: 0 of 2 running",
        "opencrvs_redis: 1 of 1 running");
    assertThat(reports.changed("pi@t1", first)).as("nothing changed").isEmpty();
    assertThat(reports.changed("pi@t1", List.of(Convergence.ready("opencrvs_gateway: 2 of 2 running"),
        Convergence.ready("opencrvs_redis: 1 of 1 running")))).containsExactly("opencrvs_gateway: 2 of 2 running");
    assertThat(reports.changed("pi@t2", first)).as("another wait (the rollback's)").hasSize(2);
    reports.forget("pi@t1");
    assertThat(reports.changed("pi@t1", first)).as("a wait forgotten starts again").hasSize(2);
  }
}
