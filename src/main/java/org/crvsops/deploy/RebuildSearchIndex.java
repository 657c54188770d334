package org.crvsops.deploy;

import static org.crvsops.deploy.DeployOpencrvsProcess.*;

import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentStepDelegate;
import org.crvsops.cluster.EnvironmentSteps;
import org.crvsops.engine.WaitSettings;
import org.crvsops.release.ReleasePings;
import org.springframework.stereotype.Component;

/**
 * After a deploy on staging and QA, as upstream's deploy workflow (reindex-after-deploy, its reindex.sh; after a
 * factory reset, once the users are seeded, as upstream's reset does): the search index rebuilt by events' POST /events/reindex with a reindexing token of auth, then
 * followed by its GET until the rebuild completed. The first look starts it (OverlayRequests.startReindex); each
 * later look reads it once, the model waiting crvsops.waits.reindex.poll between looks, up to
 * crvsops.waits.reindex.timeout (an hour, upstream's limit). A rebuild that failed or did not end fails the step:
 * the stack runs the new release, so it is an incident to look into, not a rollback. A release without auth and
 * events on its network and production skip it, saying why.
 */
@Component
record RebuildSearchIndex(EnvironmentSteps steps, DeployRelease release, OverlayRequests overlay, WaitSettings waits)
    implements EnvironmentStepDelegate {
  @Override
  public void execute(EnvironmentStep step, DelegateExecution execution) {
    Environment env = step.environment();
    OverlayRequests.OnStack stack = overlay.onStack(release.open(execution, env).compose(), step.manager());
    Optional<String> skip = skipped(env, execution, stack);
    if (skip.isPresent()) {
      step.progress().accept("no search index rebuild: " + skip.get());
      waits.reindex().answer(execution, REINDEX_WAIT, true);
      return;
    }
    OverlayRequests.Origin origin = stack.origin().orElseThrow();
    ReleasePings.Ping auth = stack.service("auth").orElseThrow();
    ReleasePings.Ping events = stack.service("events").orElseThrow();
    String since = REINDEX_SINCE.from(execution);
    if (since == null) {
      since = overlay.startReindex(origin, auth, events, step.sink());
      REINDEX_SINCE.set(execution, since);
      step.progress().accept("search index rebuild started: events' POST /events/reindex at " + since + " UTC");
      waits.reindex().answer(execution, REINDEX_WAIT, false);
      return;
    }
    String pending = look(step, overlay.reindexStatus(origin, auth, events, step.sink()), since);
    if (pending == null) {
      waits.reindex().answer(execution, REINDEX_WAIT, true);
      return;
    }
    step.progress().accept(pending);
    waits.reindex().answerOrFail(execution, REINDEX_WAIT, false, "The search index rebuild did not end: " + pending);
  }

  // null once it completed; what it is doing otherwise.
  private static String look(EnvironmentStep step, OverlayRequests.Reply reply, String since) {
    OverlayRequests.Answer answer = reply.answers().isEmpty() ? null : reply.answers().get(0);
    if (answer == null || !answer.ok()) {
      return "events' GET /events/reindex: " + (answer == null ? "no answer" : answer.text());
    }
    Optional<ReindexRun> run = ReindexRun.latestSince(reply.body(), since);
    if (run.isEmpty()) {
      return "waiting for the search index rebuild to start";
    }
    if (run.get().failed()) {
      throw new IllegalStateException("The search index rebuild started at " + since + " UTC failed: "
          + run.get().error() + ". The stack runs the new release; to rebuild again, delete the variable "
          + REINDEX_SINCE.name() + " and retry this step");
    }
    if (run.get().completed()) {
      step.progress().accept("search index rebuilt: " + run.get().processed() + " events processed");
      return null;
    }
    return "rebuilding the search index (" + run.get().status() + "): " + run.get().processed()
        + " events processed so far";
  }

  private static Optional<String> skipped(Environment env, DelegateExecution execution, OverlayRequests.OnStack stack) {
    if (env.isProduction()) {
      return Optional.of("production (upstream rebuilds it after a deploy to other environments only)");
    }
    if (stack.origin().isEmpty()) {
      return Optional.of(stack.why());
    }
    if (stack.service("auth").isEmpty() || stack.service("events").isEmpty()) {
      return Optional.of("the release has no auth and events (crvsops.deploy.ping-services) on its network");
    }
    return Optional.empty();
  }
}
