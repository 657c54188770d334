package org.crvsops.deploy;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crvsops.engine.ModelledWait;
import org.crvsops.cluster.HoldEnvironmentProcess;
import org.crvsops.engine.ProcessVariable;

/** What code knows of processes/deploy-opencrvs.bpmn: its key, element IDs and variables. */
public final class DeployOpencrvsProcess {
  public static final String KEY = "deploy-opencrvs";
  public static final String SETTINGS_DECISION = "deploy-settings";
  public static final String STACK = "opencrvs";
  public static final String CALL_APPROVE_CHANGE = "CallActivity_ApproveChange";
  public static final String TASK_RUN_PREFLIGHT_CHECKS = "Task_RunPreflightChecks";
  public static final String CALL_HOLD_ENVIRONMENT = HoldEnvironmentProcess.CALL_HOLD_ENVIRONMENT;
  public static final String TASK_DEPLOY_STACK = "Task_DeployStack";
  public static final String TASK_AWAIT_CONVERGENCE = "Task_AwaitStackConvergence";
  public static final String TIMER_WAIT_FOR_STACK = "Event_WaitedForStack";
  public static final String TIMER_WAIT_FOR_HEALTH = "Event_WaitedForHealth";
  public static final String TIMER_WAIT_FOR_SEARCH_INDEX = "Event_WaitedForSearchIndex";
  public static final String TASK_SET_UP_ALERT_INDICES = "Task_SetUpAlertIndices";
  public static final String TIMER_WAIT_FOR_ALERT_INDICES = "Event_WaitedForAlertIndices";
  public static final String TASK_SET_UP_KIBANA = "Task_SetUpKibana";
  public static final String TIMER_WAIT_FOR_KIBANA = "Event_WaitedForKibana";
  public static final String TASK_RUN_FACTORY_RESET = "Task_RunFactoryReset";
  public static final String TASK_RUN_MIGRATIONS_AGAIN = "Task_RunMigrationsAgain";
  public static final String TASK_CHECK_MIGRATIONS = "Task_CheckMigrations";
  public static final String TIMER_WAIT_FOR_MIGRATIONS = "Event_WaitedForMigrations";
  public static final String TASK_SEED_USERS = "Task_SeedUsers";
  public static final String TASK_CHECK_SEED = "Task_CheckSeed";
  public static final String TIMER_WAIT_FOR_SEED = "Event_WaitedForSeed";
  public static final String TASK_CHECK_ROLLBACK_CONVERGENCE = "Task_CheckRollbackConvergence";
  public static final String TIMER_WAIT_FOR_ROLLBACK = "Event_WaitedForRollback";
  public static final String TASK_REPORT_ROLLED_BACK = "Task_ReportRolledBackDeploy";
  public static final String END_DEPLOYED = "EndEvent_OpencrvsDeployed";
  public static final String END_CHANGE_REJECTED = "EndEvent_ChangeRejected";
  public static final String END_LOCK_REFUSED = "EndEvent_RefusedEnvironmentLocked";
  /** The BPMN error that a failure after the stack changed raises, so that the model rolls back. */
  public static final String ERROR_DEPLOY_FAILED = "DEPLOY_FAILED";

  /** What the operator chooses when another change holds the environment. */
  public static final String WHEN_LOCKED_WAIT = HoldEnvironmentProcess.WAIT;
  public static final String WHEN_LOCKED_REFUSE = HoldEnvironmentProcess.REFUSE;

  public static final ProcessVariable<String> CORE_VERSION = ProcessVariable.of("coreVersion", String.class);
  public static final ProcessVariable<String> COUNTRY_CONFIG_VERSION = ProcessVariable.of("countryConfigVersion", String.class);
  public static final ProcessVariable<Boolean> FACTORY_RESET = ProcessVariable.of("factoryReset", Boolean.class);
  public static final ProcessVariable<String> COMPOSE_FOLDER = ProcessVariable.of("composeFolder", String.class);
  public static final ProcessVariable<String> WHEN_LOCKED = ProcessVariable.of("whenLocked", String.class);
  /** Whether this deploy makes a new JWT key pair (every OpenCRVS user is logged out); kept otherwise. */
  public static final ProcessVariable<Boolean> ROTATE_JWT_KEYS = ProcessVariable.of("rotateJwtKeys", Boolean.class);

  // The release this deploy runs, noted by the pre-flight: commits (a bundle: its name), the country image tag.
  public static final ProcessVariable<String> CORE_COMMIT = ProcessVariable.of("coreCommit", String.class);
  public static final ProcessVariable<String> COUNTRY_COMMIT = ProcessVariable.of("countryCommit", String.class);
  public static final ProcessVariable<String> COUNTRY_IMAGE_TAG = ProcessVariable.of("countryImageTag", String.class);
  /** This deploy's {{ts}}: the suffix of its Docker secrets' and configs' names (Unix seconds of its start). */
  public static final ProcessVariable<String> RELEASE_TS = ProcessVariable.of("releaseTimestamp", String.class);
  /** The release's setup jobs (comma separated), ready once a task of theirs exited 0 (ReleaseServices). */
  public static final ProcessVariable<String> SETUP_JOBS = ProcessVariable.of("setupJobs", String.class);
  /** Services whose update, paused at a fault of a node's Docker engine, Check stack convergence started again. */
  public static final ProcessVariable<String> RESUMED_UPDATES = ProcessVariable.of("resumedUpdates", String.class);

  // From the deploy-settings decision, per environment kind.
  public static final ProcessVariable<String> NODE_ENV = ProcessVariable.of("nodeEnv", String.class);
  public static final ProcessVariable<String> QA_ENV = ProcessVariable.of("qaEnv", String.class);

  /** Who held the environment when the deploy refused (from hold-environment). */
  public static final ProcessVariable<String> LOCK_HOLDER = HoldEnvironmentProcess.LOCK_HOLDER;
  public static final ProcessVariable<String> PREFLIGHT_REPORT = ProcessVariable.of("preflightReport", String.class);
  /** The versions running before this deploy, which a rollback returns to; empty when none ran. */
  public static final ProcessVariable<String> PREVIOUS_CORE_VERSION = ProcessVariable.of("previousCoreVersion", String.class);
  public static final ProcessVariable<String> PREVIOUS_COUNTRY_CONFIG_VERSION =
      ProcessVariable.of("previousCountryConfigVersion", String.class);
  public static final ProcessVariable<String> PREVIOUS_FOLDER = ProcessVariable.of("previousFolder", String.class);
  /** The earlier deploy's process instance (its generated credentials) and its country image tag. */
  public static final ProcessVariable<String> PREVIOUS_DEPLOY = ProcessVariable.of("previousDeploy", String.class);
  /** Where this deploy's compose files are on the manager. */
  public static final ProcessVariable<String> DEPLOY_FOLDER = ProcessVariable.of("deployFolder", String.class);
  /** When the stack was deployed (ISO-8601): task failures before it belong to earlier attempts. */
  public static final ProcessVariable<String> STACK_DEPLOYED_AT = ProcessVariable.of("stackDeployedAt", String.class);
  /** Modelled waits: the check's answer, the timer's interval (ISO-8601) and the wait's deadline (ISO-8601 instant). */
  public static final ProcessVariable<Boolean> STACK_CONVERGED = ProcessVariable.of("stackConverged", Boolean.class);
  public static final ProcessVariable<String> CONVERGENCE_POLL = ProcessVariable.of("convergencePoll", String.class);
  public static final ProcessVariable<String> CONVERGENCE_DEADLINE = ProcessVariable.of("convergenceDeadline", String.class);
  public static final ModelledWait CONVERGENCE_WAIT = new ModelledWait(STACK_CONVERGED, CONVERGENCE_POLL,
      CONVERGENCE_DEADLINE);
  public static final ProcessVariable<Boolean> HEALTH_ANSWERED = ProcessVariable.of("healthAnswered", Boolean.class);
  public static final ProcessVariable<String> HEALTH_POLL = ProcessVariable.of("healthPoll", String.class);
  public static final ProcessVariable<String> HEALTH_DEADLINE = ProcessVariable.of("healthDeadline", String.class);
  public static final ModelledWait HEALTH_WAIT = new ModelledWait(HEALTH_ANSWERED, HEALTH_POLL, HEALTH_DEADLINE);
  /** The manager's clock (UTC, YYYY-MM-DDTHH:MM:SS) when this deploy started the search index's rebuild. */
  public static final ProcessVariable<String> REINDEX_SINCE = ProcessVariable.of("reindexSince", String.class);
  public static final ProcessVariable<Boolean> SEARCH_INDEX_REBUILT = ProcessVariable.of("searchIndexRebuilt", Boolean.class);
  public static final ModelledWait REINDEX_WAIT = new ModelledWait(SEARCH_INDEX_REBUILT,
      ProcessVariable.of("reindexPoll", String.class), ProcessVariable.of("reindexDeadline", String.class));
  /** The waits for Elasticsearch and Kibana to answer, for their set-up after the deploy; one interval for both. */
  public static final ProcessVariable<String> MONITORING_POLL = ProcessVariable.of("monitoringPoll", String.class);
  public static final ModelledWait ALERT_INDICES_WAIT = new ModelledWait(ProcessVariable.of("alertIndicesSetUp",
      Boolean.class), MONITORING_POLL, ProcessVariable.of("alertIndicesDeadline", String.class));
  public static final ModelledWait KIBANA_WAIT = new ModelledWait(ProcessVariable.of("kibanaSetUp", Boolean.class),
      MONITORING_POLL, ProcessVariable.of("kibanaDeadline", String.class));
  /** When Run factory reset started clear-all-data.sh (ISO-8601): the jobs after it count only tasks since then. */
  public static final ProcessVariable<String> FACTORY_RESET_AT = ProcessVariable.of("factoryResetAt", String.class);
  /** The waits for the migrations and the user seed after the reset; one interval for both. */
  public static final ProcessVariable<String> RESET_POLL = ProcessVariable.of("resetPoll", String.class);
  public static final ModelledWait MIGRATIONS_WAIT = new ModelledWait(ProcessVariable.of("migrationsDone", Boolean.class),
      RESET_POLL, ProcessVariable.of("migrationsDeadline", String.class));
  public static final ModelledWait SEED_WAIT = new ModelledWait(ProcessVariable.of("usersSeeded", Boolean.class),
      RESET_POLL, ProcessVariable.of("seedDeadline", String.class));
  public static final ProcessVariable<String> CONVERGENCE_REPORT = ProcessVariable.of("convergenceReport", String.class);
  public static final ProcessVariable<String> DEPLOY_FAILURE = ProcessVariable.of("deployFailure", String.class);
  public static final ProcessVariable<String> ROLLBACK_REPORT = ProcessVariable.of("rollbackReport", String.class);
  /** When the rollback deployed the earlier versions again (ISO-8601), and the wait for them to converge. */
  public static final ProcessVariable<String> ROLLBACK_DEPLOYED_AT = ProcessVariable.of("rollbackDeployedAt", String.class);
  public static final ModelledWait ROLLBACK_WAIT = new ModelledWait(ProcessVariable.of("rollbackConverged", Boolean.class),
      CONVERGENCE_POLL, ProcessVariable.of("rollbackDeadline", String.class));

  private DeployOpencrvsProcess() {}

  /** Notes what failed after the stack changed and returns the error that makes the model roll back. */
  static org.camunda.bpm.engine.delegate.BpmnError deployFailed(org.camunda.bpm.engine.delegate.VariableScope scope,
      String failure) {
    DEPLOY_FAILURE.set(scope, failure);
    return new org.camunda.bpm.engine.delegate.BpmnError(ERROR_DEPLOY_FAILED, failure);
  }

  public static Map<String, Object> startVariables(DeployRequest request) {
    Map<String, Object> vars = new LinkedHashMap<>();
    ENVIRONMENT_NAME.put(vars, request.environmentName());
    CORE_VERSION.put(vars, request.coreVersion());
    COUNTRY_CONFIG_VERSION.put(vars, request.countryConfigVersion());
    FACTORY_RESET.put(vars, request.factoryReset());
    COMPOSE_FOLDER.put(vars, request.composeFolder());
    WHEN_LOCKED.put(vars, request.whenLocked());
    ROTATE_JWT_KEYS.put(vars, request.rotateJwtKeys());
    return vars;
  }

  static DeployRequest request(org.camunda.bpm.engine.delegate.VariableScope scope) {
    return new DeployRequest(ENVIRONMENT_NAME.from(scope), CORE_VERSION.from(scope), COUNTRY_CONFIG_VERSION.from(scope),
        Boolean.TRUE.equals(FACTORY_RESET.from(scope)), COMPOSE_FOLDER.from(scope), WHEN_LOCKED.from(scope),
        Boolean.TRUE.equals(ROTATE_JWT_KEYS.from(scope)));
  }
}
