package org.crvsops.cluster;

import org.springframework.stereotype.Component;

/**
 * What a running change relies on (a production environment's secrets, its provisioning settings)
 * stays as it was approved until the change ends: while a process holds the environment's lock, a
 * change of them is refused, naming the holder. Fails closed: a holder whose instance is gone keeps
 * refusing until the lock is released (the next change on the environment frees it).
 */
@Component
public class ChangeFreeze {
  private final EnvironmentRepository environments;
  private final EnvironmentLock lock;

  ChangeFreeze(EnvironmentRepository environments, EnvironmentLock lock) {
    this.environments = environments;
    this.lock = lock;
  }

  /** Refused while held; {@code what} names what was not changed, e.g. "Secret smtp_password". */
  public void refuseWhileHeld(String environment, String what) {
    boolean production = environments.find(environment).map(Environment::isProduction).orElse(false);
    if (!production) {
      return;
    }
    lock.holder(environment).ifPresent(holder -> {
      throw new EnvironmentHeldException(what + " of " + environment + " was not changed: the production environment"
          + " is held by " + holder.describe() + ", which may be using it as it was approved. Wait until that change"
          + " has ended, then try again.");
    });
  }

  /** Answered 409 Conflict by the API. */
  public static class EnvironmentHeldException extends RuntimeException {
    public EnvironmentHeldException(String message) {
      super(message);
    }
  }
}
