package org.crvsops.restore;

import org.camunda.bpm.engine.test.mock.Mocks;
import org.crvsops.backup.BackupSets;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.BackupTargets;
import org.crvsops.backup.StoreRestores;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.HoldEnvironmentSteps;
import org.crvsops.ssh.CommandLog;

/** The restore steps that emergency-restore and restore-drill share, real delegates on the given stand-ins. */
final class RestoreSteps {
  private RestoreSteps() {}

  static void register(EnvironmentSteps steps, BackupStores stores, BackupSets backups, ApplicationServices services,
      StoreRestores restores, EnvironmentLock lock, CommandLog log) {
    HoldEnvironmentSteps.register(lock);
    Mocks.register("checkBackupFiles", new CheckBackupFiles(steps, backups));
    Mocks.register("scaleDownApplications", new ScaleDownApplications(steps, stores, services));
    Mocks.register("restoreDataStore", new RestoreDataStore(steps, stores, backups, restores));
    Mocks.register("scaleBackApplications", new ScaleBackApplications(new BackupTargets(steps), services, log));
    Mocks.register("verifyDataStores", new VerifyDataStores(steps, stores, restores));
    Mocks.register("reportRestore", new ReportRestore());
  }
}
