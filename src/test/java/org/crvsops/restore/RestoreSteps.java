package org.crvsops.restore;

import org.camunda.bpm.engine.test.mock.Mocks;
import org.crvsops.backup.BackupSets;
import org.crvsops.backup.BackupStores;
import org.crvsops.backup.StoreRestores;
import org.crvsops.cluster.EnvironmentLock;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.cluster.HoldEnvironmentSteps;
import org.crvsops.engine.Waits;
import org.crvsops.ssh.CommandLog;
import org.crvsops.swarm.Convergence;

/** The restore steps that emergency-restore and restore-drill share, real delegates on the given stand-ins. */
final class RestoreSteps {
  /** What the stand-in swarm answers when the services have stopped or run again, and while they are on their way. */
  static final Convergence READY = Convergence.ready("all 1 services at their replica count");
  static final Convergence PENDING = Convergence.pending("0 of 1 services at their replica count; opencrvs_gateway:"
      + " 1 of 2 running");

  private RestoreSteps() {}

  static void register(EnvironmentSteps steps, BackupStores stores, BackupSets backups, ApplicationServices services,
      StoreRestores restores, EnvironmentLock lock, CommandLog log) {
    HoldEnvironmentSteps.register(lock);
    Mocks.register("checkBackupFiles", new CheckBackupFiles(steps, backups));
    Mocks.register("scaleDownApplications", new ScaleDownApplications(steps, stores, services));
    Mocks.register("restoreDataStore", new RestoreDataStore(steps, stores, backups, restores));
    Mocks.register("checkApplicationsStopped", new CheckApplicationsStopped(steps, stores, services, Waits.SHIPPED));
    Mocks.register("scaleBackApplications", new ScaleBackApplications(steps, services));
    Mocks.register("checkApplicationsBack", new CheckApplicationsBack(steps, services, Waits.SHIPPED));
    Mocks.register("verifyDataStores", new VerifyDataStores(steps, stores, backups, restores));
    Mocks.register("reportRestore", new ReportRestore());
  }
}
