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

  @Test
  void theRecordTheCompletionWritesReadsBackAsTheSameChoice() {
    var choice = new StoreDownChoice(FOUND, "alice", AT);
    assertThat(choice.record()).isEqualTo("Go on without the safety copies of these stores, found down:\nmongo: service"
        + " opencrvs_mongo1 has no running task");
    assertThat(StoreDownChoice.fromRecord(choice.record(), "alice", AT)).contains(choice);
    assertThat(StoreDownChoice.fromRecord("Looks fine to me, go on", "alice", AT)).isEmpty();
    assertThat(StoreDownChoice.fromRecord(null, "alice", AT)).isEmpty();
  }

  @Test
  void storesFoundDownAreOneStoreAndReasonALineAndAnythingElseIsRefusedNamed() {
    assertThat(StoreDownChoice.parse("storesDown", "mongo: down: exit 1\n\nminio: no task"))
        .containsExactly(Map.entry("mongo", "down: exit 1"), Map.entry("minio", "no task"));
    assertThat(StoreDownChoice.parse("storesDown", "")).isEmpty();
    assertThatThrownBy(() -> StoreDownChoice.parse("storesDown", "mongo: down\n; rm -rf /: x"))
        .hasMessage("storesDown has the line '; rm -rf /: x', which is not 'store: reason': no safety copy is skipped");
  }

  @Test
  void aChoiceLeavingOutAStoreFoundDownSkipsNothingEither() {
    var narrowed = new StoreDownChoice(FOUND, "alice", AT);
    assertThatThrownBy(() -> narrowed.skippable(Map.of("mongo", "down", "minio", "down"), "alice"))
        .hasMessage("the stores agreed to (mongo) are not the stores found down (minio,mongo): no safety copy is skipped");
    assertThatThrownBy(() -> narrowed.skippable(FOUND, null)).hasMessageContaining("not by the restore's starter 'null'");
  }
}
