package org.crvsops.backup;

/**
 * For lab tests of other packages on containers outside a swarm: the very commands {@link StoreDumps},
 * {@link StoreRestores} and {@link StoreRestores#verify} run on a store's node, for a container named by its id. Each
 * reads the secret variables from its standard input (an {@link org.crvsops.ssh.EnvFile}'s text), as crvs-ops gives them.
 */
public final class StoreCommands {
  private StoreCommands() {}

  /** The dump to path on the node; prints the file's size and its SHA-256 line. */
  public static String dump(String container, DataStore store, String day, String path) {
    return StoreDumps.dumpCommand(container, store, day, path);
  }

  /** The restore from path on the node, its marker under /data/backups/.restored/restoreId. */
  public static String restore(String container, DataStore store, String path, String day, String restoreId) {
    return StoreRestores.restoreCommand(container, store, path, day, restoreId);
  }

  public static String verify(String container, DataStore store, String day) {
    return StoreContainers.exec(container, store.verifyCommandLine(day));
  }

  /** The store's figures command in the container, as StoreDumps and StoreRestores run it. */
  public static String figures(String container, DataStore store, String day) {
    return StoreContainers.exec(container, store.figuresCommandLine(day));
  }

  /** Where the restore markers are on a node. */
  public static String markers() {
    return StoreRestores.MARKERS;
  }
}
