package org.crvsops.engine;

import java.time.Duration;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Gives each batch of jobs the budget of its lock: the starter's job executor hands the jobs it has just
 * locked to the {@code camundaTaskExecutor} pool, so the lock started about when the batch is handed over
 * (a batch's jobs share one lock time). The margin (a tenth of the lock, at most 30 s) leaves time to
 * commit and to write the failure.
 */
@Component
class JobBudgetSetup implements BeanPostProcessor {
  static final String JOB_EXECUTOR_POOL = "camundaTaskExecutor";
  private final Duration budget;

  // Without the setting, the starter locks for its default of 5 minutes.
  JobBudgetSetup(@Value("${camunda.bpm.job-execution.lock-time-in-millis:300000}") long lockMillis) {
    this.budget = budget(Duration.ofMillis(lockMillis));
  }

  static Duration budget(Duration lock) {
    Duration margin = lock.dividedBy(10);
    return lock.minus(margin.compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : margin);
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String name) {
    if (JOB_EXECUTOR_POOL.equals(name) && bean instanceof ThreadPoolTaskExecutor pool) {
      pool.setTaskDecorator(decorator());
    }
    return bean;
  }

  TaskDecorator decorator() {
    return work -> JobBudget.until(Instant.now().plus(budget), work);
  }
}
