package org.crvsops.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.crvsops.CrvsOpsSpringTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.context.TestPropertySource;

/** In the whole application, the job executor's threads run their jobs within the shipped lock's budget. */
@CrvsOpsSpringTest
@TestPropertySource(properties = "camunda.bpm.job-execution.enabled=true")
class JobBudgetSetupTest {
  @Autowired
  @Qualifier(JobBudgetSetup.JOB_EXECUTOR_POOL)
  TaskExecutor pool;

  @Test
  void jobsOnTheJobExecutorsThreadsHaveTheLockLessItsMarginAndNothingElseDoes() throws Exception {
    Optional<Duration> left = ((ThreadPoolTaskExecutor) pool).submit(JobBudget::remaining).get();

    assertThat(left).hasValueSatisfying(d -> assertThat(d).isBetween(Duration.ofMinutes(34), Duration.ofSeconds(35 * 60 - 30)));
    assertThat(JobBudget.remaining()).isEmpty();
  }
}
