package org.crvsops.restore;

import java.util.Map;
import org.crvsops.engine.ProcessVariable;

/**
 * What code knows of processes/restore-drill.bpmn. Its restore steps are emergency-restore's and read
 * the variables {@link EmergencyRestoreProcess} names; environmentName is the drill's target.
 */
public final class RestoreDrillProcess {
  public static final String KEY = "restore-drill";
  public static final String GATEWAY_SOURCE_BACKUP_SERVER = "Gateway_SourceHasBackupServer";
  /** A source with a backup server: its newest complete set there, fetched onto the target's manager. */
  public static final String TASK_FETCH_FROM_SOURCE_BACKUP_SERVER = "Task_FetchFromSourceBackupServer";
  /** A source without one: its manager's newest backup, copied to the target's manager. */
  public static final String TASK_FETCH_LATEST_BACKUP = "Task_FetchLatestBackup";
  public static final String END_DRILL_PASSED = "EndEvent_DrillPassed";
  public static final String END_BACKUP_DAMAGED = "EndEvent_DrillBackupDamaged";
  public static final String END_NOT_CONFIGURED = "EndEvent_NoDrillConfigured";

  /** The start form's fields; the timer sets none and the settings name them. */
  public static final ProcessVariable<String> SOURCE_ENVIRONMENT = ProcessVariable.of("sourceEnvironment", String.class);
  public static final ProcessVariable<String> TARGET_ENVIRONMENT = ProcessVariable.of("targetEnvironment", String.class);
  public static final ProcessVariable<Boolean> DRILL_CONFIGURED = ProcessVariable.of("drillConfigured", Boolean.class);
  /** Whether the source has a backup server, whose copy the drill then restores. */
  public static final ProcessVariable<Boolean> FROM_BACKUP_SERVER = ProcessVariable.of("drillFromBackupServer",
      Boolean.class);

  /** Where the drill puts the source manager's backup on the target's manager (a backup server's set: OffsiteSets.fetchedRoot). */
  public static String drillRoot(String source) {
    return org.crvsops.backup.BackupSets.ROOT + "/drill/" + source;
  }

  public static Map<String, Object> startVariables(String source, String target) {
    return Map.of(SOURCE_ENVIRONMENT.name(), source, TARGET_ENVIRONMENT.name(), target);
  }

  private RestoreDrillProcess() {}
}
