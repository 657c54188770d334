package org.crvsops.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class WaitSettingsTest {
  @Test
  void shipsTheIntervalsAndTimeoutsTheWaitsHadBefore() {
    WaitSettings waits = new WaitSettings(new MockEnvironment());
    assertThat(waits.operations()).isEqualTo(new WaitSettings.Wait(Duration.ofSeconds(2), Duration.ofMinutes(5)));
    assertThat(waits.restore()).isEqualTo(new WaitSettings.Wait(Duration.ofSeconds(2), Duration.ofMinutes(5)));
    assertThat(waits.deploy()).isEqualTo(new WaitSettings.Wait(Duration.ofMillis(500), Duration.ofMinutes(15)));
    assertThat(waits.health()).isEqualTo(new WaitSettings.Wait(Duration.ofSeconds(5), Duration.ofMinutes(2)));
    assertThat(waits.secrets()).isEqualTo(new WaitSettings.Wait(Duration.ofSeconds(5), Duration.ofMinutes(4)));
    assertThat(waits.hold()).isEqualTo(new WaitSettings.Wait(Duration.ofSeconds(15), Duration.ofHours(6)));
    assertThat(waits.poll(WaitSettings.HOLD)).isEqualTo("PT15S");
    assertThat(waits.factoryReset()).isEqualTo(new WaitSettings.Wait(Duration.ofSeconds(10), Duration.ofMinutes(15)));
    assertThat(waits.monitoring()).isEqualTo(new WaitSettings.Wait(Duration.ofSeconds(10), Duration.ofMinutes(10)));
  }

  @Test
  void readsTheOlderNamesUnlessTheNewOnesAreSet() {
    WaitSettings waits = new WaitSettings(new MockEnvironment()
        .withProperty("crvsops.operations.convergence-timeout", "PT2M")
        .withProperty("crvsops.operations.convergence-poll", "PT1S")
        .withProperty("crvsops.waits.operations.poll", "3s")
        .withProperty("crvsops.secrets.convergence-limit", "PT40S")
        .withProperty("crvsops.restore.convergence-timeout", "PT7M"));
    assertThat(waits.operations()).isEqualTo(new WaitSettings.Wait(Duration.ofSeconds(3), Duration.ofMinutes(2)));
    assertThat(waits.secrets().timeout()).isEqualTo(Duration.ofSeconds(40));
    assertThat(waits.restore().timeout()).isEqualTo(Duration.ofMinutes(7));
    assertThat(waits.operations().after()).isEqualTo("after 120 s");
  }

  @Test
  void aDeploysServicesHaveTenMinutesUnlessSetAndNeverNoTime() {
    assertThat(new WaitSettings(new MockEnvironment()).deployFailAfter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(new WaitSettings(new MockEnvironment().withProperty("crvsops.waits.deploy.fail-after", "4m"))
        .deployFailAfter()).isEqualTo(Duration.ofMinutes(4));
    assertThatThrownBy(() -> new WaitSettings(new MockEnvironment().withProperty("crvsops.waits.deploy.fail-after", "0s")))
        .hasMessage("crvsops.waits.deploy.fail-after: 'PT0S' must be a positive duration (e.g. PT10M or 10m)");
  }

  @Test
  void aModelNamingAnUnknownWaitIsToldTheKnownOnes() {
    assertThatThrownBy(() -> new WaitSettings(new MockEnvironment()).poll("holds"))
        .hasMessageStartingWith("No wait is named 'holds'; known: ");
  }
}
