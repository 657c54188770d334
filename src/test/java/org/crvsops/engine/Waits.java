package org.crvsops.engine;

import java.time.Duration;
import org.springframework.mock.env.MockEnvironment;

/** Wait settings for process tests: the shipped ones, or with one wait's timeout of the test's own. */
public final class Waits {
  public static final WaitSettings SHIPPED = new WaitSettings(new MockEnvironment());

  private Waits() {}

  /** The shipped settings, but the wait named (WaitSettings.OPERATIONS, …) times out after the given time. */
  public static WaitSettings timingOut(String wait, Duration timeout) {
    return new WaitSettings(new MockEnvironment().withProperty("crvsops.waits." + wait + ".timeout", timeout.toString()));
  }
}
