package org.crvsops.backup;

import static org.crvsops.backup.BackupEnvironmentProcess.BACKUP_DAY;
import static org.crvsops.engine.CommonVariables.ENVIRONMENT;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.BackupServer;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/** Sums an environment's run up: the slot, every file with size and checksum, and where the copies are. */
@Component
record SummarizeBackup(EnvironmentSteps steps, BackupStores stores) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    String environment = ENVIRONMENT.require(execution);
    List<BackupFile> files = WriteManifest.dumped(execution, environment, stores.names());
    BackupFile manifest = BackupFile.fromJson(BackupEnvironmentProcess.manifest(environment).require(execution));
    Environment env = steps.environment(ENVIRONMENT, environment);
    BackupServer server = env.backup();
    StringBuilder text = new StringBuilder().append(environment).append(": ").append(files.size())
        .append(" stores backed up in slot ").append(BACKUP_DAY.require(execution)).append(", ")
        .append(files.stream().mapToLong(BackupFile::size).sum()).append(" bytes, under ")
        .append(BackupSets.ROOT).append(" on ").append(env.manager().hostname())
        .append(server == null ? "; no backup server, no copy off the cluster"
            : "; copied to " + server.address() + ":" + server.directory() + ", checksums verified (disk: "
                + BackupEnvironmentProcess.backupServerUse(environment).from(execution) + ")");
    files.forEach(f -> text.append('\n').append(f.line()));
    text.append('\n').append(manifest.line());
    BackupEnvironmentProcess.summary(environment).set(execution, text.toString());
  }
}
