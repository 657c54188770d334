package org.crvsops.restore;

import org.camunda.bpm.engine.test.mock.Mocks;
import org.crvsops.backup.BackupSets;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.BackupTargets;
import org.crvsops.backup.StoreRestores;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.HoldEnvironmentSteps;
import org.crvsops.ssh.CommandLog;

/** The restore steps that emergency-restore and restore-drill share, real delegates on the given stand-ins. */
final class RestoreSteps {
  private RestoreSteps() {}

  static void register(BackupTargets targets, BackupStores stores, BackupSets backups, ApplicationServices services,
      StoreRestores restores, EnvironmentLock lock, CommandLog log) {
    HoldEnvironmentSteps.register(lock);
    Mocks.register("checkBackupFiles", new CheckBackupFiles(targets, backups, log));
    Mocks.register("scaleDownApplications", new ScaleDownApplications(targets, stores, services, log));
    Mocks.register("restoreDataStore", new RestoreDataStore(targets, stores, backups, restores, log));
    Mocks.register("scaleBackApplications", new ScaleBackApplications(targets, services, log));
    Mocks.register("verifyDataStores", new VerifyDataStores(targets, stores, restores, log));
    Mocks.register("reportRestore", new ReportRestore());
  }
}
