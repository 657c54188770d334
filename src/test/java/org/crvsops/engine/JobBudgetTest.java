package org.crvsops.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/** A step within a job never plans past the job's lock; outside a job nothing is capped. */
class JobBudgetTest {
  @Test
  void outsideAJobTheWantedLimitHolds() {
    JobBudget.Limit limit = JobBudget.limit("pull images", Duration.ofMinutes(30));

    assertThat(JobBudget.remaining()).isEmpty();
    assertThat(limit.byLock()).isFalse();
    assertThat(limit.value()).isEqualTo(Duration.ofMinutes(30));
    assertThat(limit.describe()).isEqualTo("its time limit of 30 min");
  }

  @Test
  void withinAJobALongerLimitIsCappedAtTheLockLessItsMarginAndSaysWhy() {
    AtomicReference<JobBudget.Limit> seen = new AtomicReference<>();
    new JobBudgetSetup(20_000).decorator().decorate(() -> seen.set(JobBudget.limit("pull images", Duration.ofMinutes(30))))
        .run();

    JobBudget.Limit limit = seen.get();
    assertThat(limit.byLock()).isTrue();
    assertThat(limit.value()).isBetween(Duration.ofSeconds(17), Duration.ofSeconds(18));
    assertThat(limit.describe()).startsWith("18 s (its time limit of 30 min capped by the job's lock): the job's lock"
        + " ends then; another orchestrator would take the step over");
    assertThat(limit.stopped("images still pulling").getMessage()).startsWith("pull images: images still pulling after 18 s");
    assertThat(JobBudget.remaining()).as("the thread's budget ends with the job").isEmpty();
  }

  @Test
  void aShorterLimitThanTheLockIsLeftAsItIs() {
    AtomicReference<JobBudget.Limit> seen = new AtomicReference<>();
    new JobBudgetSetup(300_000).decorator().decorate(() -> seen.set(JobBudget.limit("df", Duration.ofSeconds(30)))).run();

    assertThat(seen.get().byLock()).isFalse();
    assertThat(seen.get().value()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void workCarriedToAnotherThreadKeepsTheJobsBudgetThere() throws Exception {
    AtomicReference<java.util.concurrent.Callable<java.util.Optional<Duration>>> carried = new AtomicReference<>();
    new JobBudgetSetup(20_000).decorator().decorate(() -> carried.set(JobBudget.carried(JobBudget::remaining))).run();
    java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      assertThat(other.submit(carried.get()).get()).hasValueSatisfying(left -> assertThat(left).isPositive());
      assertThat(other.submit(JobBudget::remaining).get()).as("the thread's budget ends with the work").isEmpty();
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void theMarginIsATenthOfTheLockAtMostThirtySeconds() {
    assertThat(JobBudgetSetup.budget(Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(18));
    assertThat(JobBudgetSetup.budget(Duration.ofMinutes(35))).isEqualTo(Duration.ofMinutes(35).minusSeconds(30));
  }

  @Test
  void onlyTheJobExecutorsPoolIsGivenABudget() {
    ThreadPoolTaskExecutor jobs = new ThreadPoolTaskExecutor();
    ThreadPoolTaskExecutor other = new ThreadPoolTaskExecutor();
    JobBudgetSetup setup = new JobBudgetSetup(20_000);
    setup.postProcessBeforeInitialization(jobs, JobBudgetSetup.JOB_EXECUTOR_POOL);
    setup.postProcessBeforeInitialization(other, "applicationTaskExecutor");
    jobs.initialize();
    other.initialize();
    try {
      assertThat(remainingOn(jobs)).isPresent();
      assertThat(remainingOn(other)).isEmpty();
    } finally {
      jobs.shutdown();
      other.shutdown();
    }
  }

  private static java.util.Optional<Duration> remainingOn(ThreadPoolTaskExecutor pool) {
    try {
      return pool.submit(JobBudget::remaining).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
