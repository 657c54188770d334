package org.crvsops.engine;

import java.time.Duration;
import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.stereotype.Component;

/**
 * The one home of the modelled waits' settings: for each wait, the interval between its looks
 * ({@code crvsops.waits.<wait>.poll}) and how long it may last from its first look
 * ({@code crvsops.waits.<wait>.timeout}). The older names (crvsops.operations.convergence-poll,
 * crvsops.deploy.convergence-timeout, …) are read when the new ones are not set. Checks take their wait here
 * ({@link #operations()} …); a model whose timer has no check of its own to set its interval reads it as
 * {@code ${waitSettings.poll('hold')}}. The deploy's wait has one more: how long after the stack deploy a service
 * may still be on its way ({@code crvsops.waits.deploy.fail-after}), while its timeout stays the whole wait's deadline.
 */
@Component
public class WaitSettings {
  public static final String OPERATIONS = "operations";
  public static final String RESTORE = "restore";
  public static final String DEPLOY = "deploy";
  public static final String HEALTH = "health";
  public static final String SECRETS = "secrets";
  public static final String HOLD = "hold";
  public static final String REINDEX = "reindex";
  public static final String FACTORY_RESET = "factory-reset";
  public static final String MONITORING = "monitoring";
  private final Map<String, Wait> waits;
  private final Duration deployFailAfter;

  public WaitSettings(Environment properties) {
    Settings read = new Settings(properties);
    waits = Map.of(
        OPERATIONS, read.wait(OPERATIONS, "crvsops.operations.convergence-poll", "PT2S",
            "crvsops.operations.convergence-timeout", "PT5M"),
        RESTORE, read.wait(RESTORE, null, "PT2S", "crvsops.restore.convergence-timeout", "PT5M"),
        DEPLOY, read.wait(DEPLOY, "crvsops.deploy.convergence-poll", "PT0.5S",
            "crvsops.deploy.convergence-timeout", "PT15M"),
        HEALTH, read.wait(HEALTH, "crvsops.deploy.health-poll", "PT5S", "crvsops.deploy.health-timeout", "PT2M"),
        SECRETS, read.wait(SECRETS, "crvsops.secrets.convergence-poll", "PT5S",
            "crvsops.secrets.convergence-limit", "PT4M"),
        HOLD, read.wait(HOLD, null, "PT15S", null, "PT6H"),
        // Upstream's workflow gives the rebuild an hour.
        REINDEX, read.wait(REINDEX, null, "PT10S", null, "PT1H"),
        FACTORY_RESET, read.wait(FACTORY_RESET, null, "PT10S", null, "PT15M"),
        // Upstream loops every 5 s without a limit; Kibana takes a minute or two to start.
        MONITORING, read.wait(MONITORING, null, "PT10S", null, "PT10M"));
    deployFailAfter = read.positive("crvsops.waits." + DEPLOY + ".fail-after", "PT10M");
  }

  /** Node readiness, drains, service rollbacks and scaling. */
  public Wait operations() {
    return waits.get(OPERATIONS);
  }

  /** Stopping and starting the application services around a restore. */
  public Wait restore() {
    return waits.get(RESTORE);
  }

  /** The stack's convergence after a deploy or its rollback. */
  public Wait deploy() {
    return waits.get(DEPLOY);
  }

  /**
   * How long after the stack deploy a service may still be on its way; failed tasks before then are progress
   * (OpenCRVS's services fail until the stores take up new passwords), a service not ready by then has failed.
   */
  public Duration deployFailAfter() {
    return deployFailAfter;
  }

  /** The deploy's public health addresses answering. */
  public Wait health() {
    return waits.get(HEALTH);
  }

  /** The services that take up new secret versions. */
  public Wait secrets() {
    return waits.get(SECRETS);
  }

  /** The search index's rebuild after a deploy (events' /events/reindex). */
  public Wait reindex() {
    return waits.get(REINDEX);
  }

  /** The migrations and the user seed after a factory reset, each run to completion (deploy-opencrvs). */
  public Wait factoryReset() {
    return waits.get(FACTORY_RESET);
  }

  /** Elasticsearch and Kibana answering elastic after a deploy, for their set-up (deploy-opencrvs). */
  public Wait monitoring() {
    return waits.get(MONITORING);
  }

  /** A change waiting for another to give its environment back (hold-environment). */
  public Wait hold() {
    return waits.get(HOLD);
  }

  /** The interval of the named wait, ISO-8601, for a model's timer: {@code ${waitSettings.poll('hold')}}. */
  public String poll(String wait) {
    Wait found = waits.get(wait);
    if (found == null) {
      throw new IllegalArgumentException("No wait is named '" + wait + "'; known: " + waits.keySet());
    }
    return found.poll().toString();
  }

  /** One wait's interval between looks and its timeout from the first look. */
  public record Wait(Duration poll, Duration timeout) {
    public boolean timedOut(DelegateExecution execution, ModelledWait wait) {
      return wait.timedOut(execution, timeout);
    }

    /** Tells the gateway whether to go on, and the timer to wait this wait's interval. */
    public void answer(DelegateExecution execution, ModelledWait wait, boolean ready) {
      wait.answer(execution, ready, poll);
    }

    /** As {@link #answer}, but a look still not ready at the deadline fails the step with what is still pending. */
    public void answerOrFail(DelegateExecution execution, ModelledWait wait, boolean ready, String pending) {
      if (!ready && timedOut(execution, wait)) {
        throw new IllegalStateException(pending + " " + after());
      }
      answer(execution, wait, ready);
    }

    /** "after 300 s", for a failure at the deadline. */
    public String after() {
      return "after " + timeout.toSeconds() + " s";
    }
  }

  private record Settings(PropertyResolver properties) {
    Wait wait(String name, String oldPoll, String poll, String oldTimeout, String timeout) {
      return new Wait(duration("crvsops.waits." + name + ".poll", oldPoll, poll),
          duration("crvsops.waits." + name + ".timeout", oldTimeout, timeout));
    }

    Duration positive(String key, String fallback) {
      Duration read = duration(key, null, fallback);
      if (read.isNegative() || read.isZero()) {
        throw new IllegalArgumentException(key + ": '" + read + "' must be a positive duration (e.g. PT10M or 10m)");
      }
      return read;
    }

    private Duration duration(String key, String oldKey, String fallback) {
      String old = oldKey == null ? fallback : properties.getProperty(oldKey, fallback);
      return DurationStyle.detectAndParse(properties.getProperty(key, old).strip());
    }
  }
}
