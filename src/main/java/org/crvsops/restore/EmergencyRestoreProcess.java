package org.crvsops.restore;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.Map;
import org.crvsops.engine.ModelledWait;
import org.crvsops.engine.ProcessVariable;

/**
 * What code knows of processes/emergency-restore.bpmn: its key, element IDs and variables. The
 * restore steps (safety backup, scale down, restore, scale back, verify, report) read only the
 * variables marked "restore steps", which processes/restore-drill.bpmn sets too.
 */
public final class EmergencyRestoreProcess {
  public static final String KEY = "emergency-restore";
  public static final String TASK_LIST_BACKUPS = "Task_ListBackups";
  public static final String USER_TASK_CHOOSE_BACKUP = "UserTask_ChooseBackup";
  public static final String GATEWAY_ON_MANAGER = "Gateway_BackupOnManager";
  /** The chosen set of the backup server pulled onto the manager, decrypted and checked. */
  public static final String TASK_FETCH_FROM_BACKUP_SERVER = "Task_FetchFromBackupServer";
  public static final String TASK_CHECK_BACKUP_FILES = "Task_CheckBackupFiles";
  /** Which stores cannot be dumped now: asked before the approval, so that no safety copy is skipped unseen. */
  public static final String TASK_FIND_STORES_DOWN = "Task_FindStoresDown";
  public static final String GATEWAY_STORES_DOWN = "Gateway_StoresDown";
  /** The starter's question: go on without the safety copies of the stores found down, or stop. */
  public static final String USER_TASK_STORES_DOWN = "UserTask_AnswerStoresDown";
  public static final String GATEWAY_GO_ON = "Gateway_GoOnWithoutSafetyCopies";
  public static final String END_STORE_DOWN = "EndEvent_StoreDown";
  public static final String CALL_APPROVE_CHANGE = "CallActivity_ApproveChange";
  /** The safety backup: one job a store (its multi-instance, over the configured stores), then its manifest. */
  public static final String TASK_DUMP_STORE_FOR_SAFETY = "Task_DumpStoreForSafety";
  public static final String TASK_WRITE_SAFETY_MANIFEST = "Task_WriteSafetyManifest";
  public static final String TASK_SCALE_DOWN = "Task_ScaleDownApplications";
  public static final String TASK_RESTORE_DATA_STORE = "Task_RestoreDataStore";
  public static final String TASK_CHECK_STOPPED = "Task_CheckApplicationsStopped";
  public static final String TIMER_WAIT_FOR_STOP = "Event_WaitedForStop";
  public static final String TASK_SCALE_BACK = "Task_ScaleBackApplications";
  public static final String TASK_CHECK_BACK = "Task_CheckApplicationsBack";
  public static final String TASK_VERIFY_DATA_STORES = "Task_VerifyDataStores";
  public static final String END_RESTORED = "EndEvent_EnvironmentRestored";
  public static final String END_BACKUP_DAMAGED = "EndEvent_BackupDamaged";
  public static final String END_REJECTED = "EndEvent_RestoreRejected";
  /** The BPMN error of a backup whose files are missing or changed: the restore stops before any change. */
  public static final String ERROR_BACKUP_DAMAGED = "BACKUP_DAMAGED";
  /** The stack whose services the restore scales down and back. */
  public static final String STACK = "opencrvs";

  // The start form.
  public static final ProcessVariable<String> CONFIRMATION = ProcessVariable.of("confirmationPhrase", String.class);

  // Listing and choosing the backup.
  /** The backups found, one line each, newest first: what the choice form shows. */
  public static final ProcessVariable<String> AVAILABLE_BACKUPS = ProcessVariable.of("availableBackups", String.class);
  /**
   * What the choice may be, comma-separated: a slot (Mon … Sun, before-restore-…) restores the manager's copy,
   * a date (yyyy-MM-dd) the backup server's set of that day.
   */
  public static final ProcessVariable<String> BACKUP_SLOTS = ProcessVariable.of("backupSlots", String.class);
  /** The backup server's set to fetch (yyyy-MM-dd), or empty when the backup is the manager's own. */
  public static final ProcessVariable<String> OFFSITE_SET = ProcessVariable.of("offsiteSet", String.class);

  // A store down before the restore.
  /** The stores that could not be dumped, one "store: reason" line each; empty when every store answers. */
  public static final ProcessVariable<String> STORES_DOWN = ProcessVariable.of("storesDown", String.class);
  /**
   * The starter's answer, {@link #GO_ON} or {@link #STOP}: it routes the flow only. What the safety backup
   * skips it reads from the comment the starter's completion wrote (StoreDownRecord), never from this.
   */
  public static final ProcessVariable<String> STORES_DOWN_ANSWER = ProcessVariable.of("storesDownAnswer", String.class);
  public static final String GO_ON = "go-on";
  public static final String STOP = "stop";
  /** The choice as the supervisor and the report read it (which stores, why, who, when). */
  public static final ProcessVariable<String> STORE_DOWN_CHOICE = ProcessVariable.of("storeDownChoice", String.class);

  // Restore steps.
  /**
   * The slot to restore (Mon … Sun, or a safety backup's before-restore-…). The choice form's field: a date there
   * chooses the backup server's set, and the fetch then sets the slot its manifest names.
   */
  public static final ProcessVariable<String> BACKUP_SLOT = ProcessVariable.of("backupSlot", String.class);
  /** The folder on the manager that holds the slot's manifest and files. */
  public static final ProcessVariable<String> BACKUP_ROOT = ProcessVariable.of("backupRoot", String.class);
  /** The stores the slot's manifest lists, in its order: the restore's multi-instance collection. */
  public static final ProcessVariable<String> RESTORE_STORES = ProcessVariable.of("restoreStores", String.class);
  /** The slot the safety backup goes to, fixed at the start, so that a retried step writes the same one. */
  public static final ProcessVariable<String> SAFETY_SLOT = ProcessVariable.of("safetySlot", String.class);
  /** When the safety backup's first store was dumped (ISO-8601), for its manifest. */
  public static final ProcessVariable<String> SAFETY_STARTED_AT = ProcessVariable.of("safetyStartedAt", String.class);

  /** Per store, its safety dump's record (BackupFile as JSON); none when the starter agreed to go on without it. */
  public static ProcessVariable<String> safetyDumped(String store) {
    return ProcessVariable.of("safetyDumped_" + store, String.class);
  }

  /** Per store, what safetyBackup says of it: why it has no safety copy, or that it answered again after all. */
  public static ProcessVariable<String> safetyNote(String store) {
    return ProcessVariable.of("safetyNote_" + store, String.class);
  }

  /** Where the safety backup is and every store it has no copy of: what the report shows. */
  public static final ProcessVariable<String> SAFETY_BACKUP = ProcessVariable.of("safetyBackup", String.class);
  public static final ProcessVariable<String> STORE = ProcessVariable.of("store", String.class);
  /** Per store: "restored" or "already restored", and the file. */
  public static ProcessVariable<String> restored(String store) {
    return ProcessVariable.of("restored_" + store, String.class);
  }

  public static final ProcessVariable<String> SCALED_DOWN = ProcessVariable.of("scaledDown", String.class);
  public static final ProcessVariable<String> SCALED_BACK = ProcessVariable.of("scaledBack", String.class);
  /** The waits for the application services to stop and to run again: the check's answer, interval, deadline. */
  public static final ModelledWait STOP_WAIT = new ModelledWait(
      ProcessVariable.of("applicationsStopped", Boolean.class), ProcessVariable.of("stopPoll", String.class),
      ProcessVariable.of("stopDeadline", String.class));
  public static final ModelledWait START_WAIT = new ModelledWait(ProcessVariable.of("applicationsBack", Boolean.class),
      ProcessVariable.of("startPoll", String.class), ProcessVariable.of("startDeadline", String.class));
  public static final ProcessVariable<String> VERIFIED = ProcessVariable.of("verified", String.class);
  /** Per store, the backup's figures beside the restored store's: what the report shows. */
  public static final ProcessVariable<String> FIGURES = ProcessVariable.of("storeFigures", String.class);
  /** What the backup check found wrong, when it stopped the restore. */
  public static final ProcessVariable<String> DAMAGE = ProcessVariable.of("backupDamage", String.class);
  public static final ProcessVariable<String> RESTORE_REPORT = ProcessVariable.of("restoreReport", String.class);

  // The approval's inputs.

  /** The phrase the start form must carry, typed in full. */
  public static String confirmationPhrase(String environment) {
    return "RESTORE " + environment + " AND REPLACE ALL DATA";
  }

  public static Map<String, Object> startVariables(String environment, String phrase) {
    return Map.of(ENVIRONMENT_NAME.name(), environment, CONFIRMATION.name(), phrase);
  }

  private EmergencyRestoreProcess() {}
}
