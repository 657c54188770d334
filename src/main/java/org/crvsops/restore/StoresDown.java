package org.crvsops.restore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.DataStore;
import org.crvsops.backup.StoreRestores;
import org.crvsops.cluster.Environment;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.RemoteCommandException;
import org.crvsops.ssh.SshConnectionException;
import org.springframework.stereotype.Component;

/**
 * Which stores cannot be dumped now, and why: whether each answers in its service's running task
 * (StoreRestores.answers, which also finds the task), or its node cannot be reached.
 */
@Component
record StoresDown(BackupStores stores, StoreRestores restores) {
  /** Store name to the reason it cannot be dumped, in the settings' order; empty when every store answers. */
  Map<String, String> find(Environment env, String slot, Consumer<OutputLine> log) {
    Map<String, String> down = new LinkedHashMap<>();
    for (DataStore store : stores.all()) {
      try {
        restores.answers(env, store, slot, log);
      } catch (IllegalStateException | RemoteCommandException | SshConnectionException e) {
        down.put(store.name(), e.getMessage());
      }
    }
    return down;
  }
}
