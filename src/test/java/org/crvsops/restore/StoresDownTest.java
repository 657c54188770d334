package org.crvsops.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.DataStore;
import org.crvsops.backup.StoreRestores;
import org.crvsops.cluster.Environment;
import org.junit.jupiter.api.Test;

class StoresDownTest {
  @Test
  void namesEachStoreThatDoesNotAnswerWithItsReason() {
    DataStore mongo = mock(DataStore.class);
    DataStore influx = mock(DataStore.class);
    when(mongo.name()).thenReturn("mongo");
    when(influx.name()).thenReturn("influxdb");
    BackupStores stores = mock(BackupStores.class);
    when(stores.all()).thenReturn(List.of(mongo, influx));
    StoreRestores restores = mock(StoreRestores.class);
    doThrow(new IllegalStateException("service opencrvs_mongo1 has no running task"))
        .when(restores).answers(any(), eq(mongo), any(), any());
    var down = new StoresDown(stores, restores).find(mock(Environment.class), "Thu", line -> {});
    assertThat(down).containsExactly(java.util.Map.entry("mongo", "service opencrvs_mongo1 has no running task"));
  }
}
