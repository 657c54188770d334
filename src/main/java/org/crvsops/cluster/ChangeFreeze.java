package org.crvsops.cluster;

import java.util.Optional;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/**
 * What a running change relies on (a production environment's secrets, its provisioning settings)
 * stays as it was approved until the change ends: from its approval (a running instance on the
 * environment whose approval came back approved) and while a process holds the environment's lock,
 * a change of them is refused, naming the change. Fails closed: a lock whose instance is gone keeps
 * refusing until it is released (the next change that takes the environment frees it).
 */
@Component
public class ChangeFreeze {
  private final EnvironmentRepository environments;
  private final EnvironmentLock lock;
  private final RuntimeService runtime;
  private final HistoryService history;

  ChangeFreeze(EnvironmentRepository environments, EnvironmentLock lock, RuntimeService runtime,
      HistoryService history) {
    this.environments = environments;
    this.lock = lock;
    this.runtime = runtime;
    this.history = history;
  }

  /** Refused while held; {@code what} names what was not changed, e.g. "Secret smtp_password". */
  public void refuseWhileHeld(String environment, String what) {
    boolean production = environments.find(environment).map(Environment::isProduction).orElse(false);
    if (!production) {
      return;
    }
    Optional<String> change = lock.holder(environment).map(EnvironmentLock.Holder::describe)
        .or(() -> approvedChange(environment));
    change.ifPresent(holder -> {
      throw new EnvironmentHeldException(what + " of " + environment + " was not changed: the production environment"
          + " is held by " + holder + ", which may be using it as it was approved. Wait until that change has ended,"
          + " then try again.");
    });
  }

  /** A change on the environment that a supervisor approved and that has not ended (it may not hold the lock yet). */
  private Optional<String> approvedChange(String environment) {
    return runtime.createProcessInstanceQuery().variableValueEquals("environmentName", environment)
        .variableValueEquals("approved", true).list().stream().findFirst().map(ProcessInstance::getId)
        .map(this::describe);
  }

  private String describe(String processInstanceId) {
    HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
        .processInstanceId(processInstanceId).singleResult();
    return instance.getProcessDefinitionName() + " (process instance " + processInstanceId + ", started by "
        + starter(instance) + " at " + instance.getStartTime().toInstant() + ", approved and still running)";
  }

  /** Who started it: the engine's start user, never a process variable. */
  private static String starter(HistoricProcessInstance instance) {
    return instance.getStartUserId();
  }

  /** Answered 409 Conflict by the API. */
  public static class EnvironmentHeldException extends RuntimeException {
    public EnvironmentHeldException(String message) {
      super(message);
    }
  }
}
