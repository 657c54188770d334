package org.crvsops.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CleanUpImagesScheduleTest {
  @Test
  void aSixFieldCronIsKept() {
    assertThat(new CleanUpImagesSchedule(" 0 30 1 * * MON-FRI ").cron()).isEqualTo("0 30 1 * * MON-FRI");
  }

  @Test
  void theManualsFiveFieldCronLineIsRefusedNamingTheSettingAndWhatIsAllowed() {
    assertThatThrownBy(() -> new CleanUpImagesSchedule("0 0 * * *"))
        .hasMessage("crvsops.clean-up-images.schedule '0 0 * * *' does not have six fields; allowed: a cron expression"
            + " of six fields (second minute hour day-of-month month day-of-week), e.g. '0 0 0 * * *' for daily at 00:00");
  }

  @Test
  void anImpossibleFieldIsRefusedWithTheParsersReason() {
    assertThatThrownBy(() -> new CleanUpImagesSchedule("0 0 25 * * *"))
        .hasMessageStartingWith("crvsops.clean-up-images.schedule '0 0 25 * * *' is not a cron expression (")
        .hasMessageContaining("e.g. '0 0 0 * * *'");
  }
}
