package org.crvsops.backup;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.Map;
import org.crvsops.engine.ProcessVariable;

/** What code knows of processes/backup-environment.bpmn: its key, element IDs and variables. */
public final class BackupEnvironmentProcess {
  public static final String KEY = "backup-environment";
  /** The timer's start event, which is also the one started by hand (Camunda 7 allows one of the two kinds). */
  public static final String START_BACKUP_DUE = "StartEvent_BackupDue";
  public static final String TASK_DUMP_DATA_STORE = "Task_DumpDataStore";
  public static final String TASK_WRITE_MANIFEST = "Task_WriteManifest";
  public static final String TASK_CHECK_BACKUP_SERVER_DISK = "Task_CheckBackupServerDisk";
  public static final String TASK_COPY_TO_BACKUP_SERVER = "Task_CopyToBackupServer";
  public static final String TASK_SUMMARIZE_BACKUP = "Task_SummarizeBackup";
  public static final String END_BACKUPS_DONE = "EndEvent_BackupsDone";

  /** The day-of-week slot of this run (Mon … Sun), fixed at its start: every file of the run carries it. */
  public static final ProcessVariable<String> BACKUP_DAY = ProcessVariable.of("backupDay", String.class);
  /** When the run started (ISO-8601), for the manifests. */
  public static final ProcessVariable<String> BACKUP_STARTED_AT = ProcessVariable.of("backupStartedAt", String.class);
  public static final ProcessVariable<String> STORE = ProcessVariable.of("store", String.class);

  /** One store's dump in one environment, as JSON: file, size, SHA-256, start and end. */
  public static ProcessVariable<String> dumped(String environment, String store) {
    return ProcessVariable.of("dumped_" + environment + "_" + store, String.class);
  }

  /** Where the manifest of an environment's run is on its manager, and its SHA-256. */
  public static ProcessVariable<String> manifest(String environment) {
    return ProcessVariable.of("manifest_" + environment, String.class);
  }

  /** How full the backup server's folder was before the copy, as df reported it. */
  public static ProcessVariable<String> backupServerUse(String environment) {
    return ProcessVariable.of("backupServerUse_" + environment, String.class);
  }

  /** What the run left for one environment: every file with its size and checksum, and where copies are. */
  public static ProcessVariable<String> summary(String environment) {
    return ProcessVariable.of("backupSummary_" + environment, String.class);
  }

  /** The start variables of a run by hand; a blank name backs up every environment. */
  public static Map<String, Object> startVariables(String environmentName) {
    return Map.of(ENVIRONMENT_NAME.name(), environmentName);
  }

  private BackupEnvironmentProcess() {}
}
