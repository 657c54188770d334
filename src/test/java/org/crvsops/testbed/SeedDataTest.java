package org.crvsops.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SeedDataTest {
  @Test
  void eachRunWritesContentOfItsOwnWithMoreBirthsThanTheRunBefore() {
    assertThat(SeedData.bulk(1).lines().filter(l -> l.startsWith("{\"index\":{\"_index\":\"events_birth\"")).count())
        .isEqualTo(4);
    assertThat(SeedData.bulk(2).lines().filter(l -> l.startsWith("{\"index\":{\"_index\":\"events_birth\"")).count())
        .isEqualTo(5);
    assertThat(SeedData.bulk(1)).isEqualTo(SeedData.bulk(1)).isNotEqualTo(SeedData.bulk(2));
    assertThat(SeedData.rows(1)).contains("INSERT INTO events (").isNotEqualTo(SeedData.rows(2));
    assertThat(SeedData.points(1).lines()).anyMatch(l -> l.startsWith("birth_registration,"))
        .anyMatch(l -> l.startsWith("declarations_started,")).anyMatch(l -> l.startsWith("payment,"));
  }

  @Test
  void differencesNameEachStoreThatDiffersAndHow() {
    SeedData.Contents backup = new SeedData.Contents(Map.of(
        "postgres", new SeedData.Store(Map.of("table app.events", 5L), "a"),
        "minio", new SeedData.Store(Map.of("objects ocrvs", 5L), "b")));
    SeedData.Contents now = new SeedData.Contents(Map.of(
        "postgres", new SeedData.Store(Map.of("table app.events", 6L), "c"),
        "minio", new SeedData.Store(Map.of("objects ocrvs", 5L), "d")));

    assertThat(now.differences(backup)).containsExactlyInAnyOrder(
        "postgres: {table app.events=6}, the other {table app.events=5}", "minio: the same counts, other content");
    assertThat(backup.differences(backup)).isEmpty();
  }
}
