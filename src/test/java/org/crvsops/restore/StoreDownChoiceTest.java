package org.crvsops.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreDownChoiceTest {
  private static final Map<String, String> FOUND = Map.of("mongo", "service opencrvs_mongo1 has no running task");
  private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

  @Test
  void theStartersAgreementSkipsExactlyTheStoresFoundDown() {
    var choice = new StoreDownChoice(FOUND, "alice", AT);
    assertThat(choice.skippable(FOUND, "alice")).containsExactly("mongo");
    assertThat(choice.describe()).isEqualTo("WITHOUT SAFETY COPY of mongo (service opencrvs_mongo1 has no running"
        + " task): agreed by alice at 2026-12-03T10:00:00Z because the store could not be dumped.");
  }

  @Test
  void anotherUsersChoiceSkipsNothing() {
    var choice = new StoreDownChoice(FOUND, "mallory", AT);
    assertThatThrownBy(() -> choice.skippable(FOUND, "alice")).hasMessageContaining("made by 'mallory', not by the"
        + " restore's starter 'alice': no safety copy is skipped");
  }

  @Test
  void aChoiceNamingAStoreNotFoundDownSkipsNothing() {
    var widened = new StoreDownChoice(Map.of("mongo", "down", "postgres", "down"), "alice", AT);
    assertThatThrownBy(() -> widened.skippable(FOUND, "alice"))
        .hasMessage("the stores agreed to (mongo,postgres) are not the stores found down (mongo): no safety copy is"
            + " skipped");
  }

  @Test
  void anEmptyOrUnsignedChoiceIsRefused() {
    assertThatThrownBy(() -> new StoreDownChoice(Map.of(), "alice", AT)).hasMessageContaining("storesDown is empty");
    assertThatThrownBy(() -> new StoreDownChoice(FOUND, " ", AT)).hasMessageContaining("chosenBy is blank");
  }
}
