package org.crvsops.cluster;

import org.crvsops.engine.ProcessVariable;

/**
 * What code knows of processes/hold-environment.bpmn, the one way a change takes its environment:
 * called with the environment and what to do when another change holds it; says whether it is held.
 */
public final class HoldEnvironmentProcess {
  public static final String KEY = "hold-environment";
  /** The id of the call activity in every caller. */
  public static final String CALL_HOLD_ENVIRONMENT = "CallActivity_HoldEnvironment";
  public static final String TASK_TAKE_ENVIRONMENT = "Task_TakeEnvironment";
  public static final String TIMER_WAIT_FOR_ENVIRONMENT = "Event_WaitedForEnvironment";
  public static final String END_ENVIRONMENT_HELD = "EndEvent_EnvironmentHeld";
  public static final String END_ENVIRONMENT_BUSY = "EndEvent_EnvironmentBusy";

  /** What the caller chooses when another change holds the environment. */
  public static final String WAIT = "wait";
  public static final String REFUSE = "refuse";

  public static final ProcessVariable<String> WHEN_BUSY = ProcessVariable.of("whenBusy", String.class);
  /** The outcome, mapped back to the caller: held, or refused with the holder named. */
  public static final ProcessVariable<Boolean> ENVIRONMENT_HELD = ProcessVariable.of("environmentHeld", Boolean.class);
  public static final ProcessVariable<String> LOCK_HOLDER = ProcessVariable.of("lockHolder", String.class);
  /** The wait's deadline (ISO-8601 instant), set at the first look that finds the environment busy. */
  public static final ProcessVariable<String> WAIT_DEADLINE = ProcessVariable.of("environmentWaitDeadline", String.class);

  private HoldEnvironmentProcess() {}
}
