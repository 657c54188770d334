package org.crvsops.deploy;

import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceSpec;
import java.time.Instant;
import java.util.List;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.engine.WaitSettings;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * The jobs that follow clear-all-data.sh, on the manager's swarm: the migrations started again as upstream's
 * run-migrations.sh does ({@code docker service update --force opencrvs_migration}) and the user seed
 * ({@link UserSeed}). Each start checks first, so a retried step starts nothing twice; each look is one look (the
 * model waits {@code crvsops.waits.factory-reset.poll} between them, up to its {@code timeout}), with a progress line.
 */
@Component
class ResetJobs {
  static final String MIGRATION = DeployOpencrvsProcess.STACK + "_migration";
  private final SwarmConnections swarms;
  private final WaitSettings.Wait wait;

  ResetJobs(SwarmConnections swarms, WaitSettings waits) {
    this.swarms = swarms;
    this.wait = waits.factoryReset();
  }

  WaitSettings.Wait waitSettings() {
    return wait;
  }

  /** Forces the migration service to run again, unless it did since the reset (a retry). */
  void runMigrationsAgain(EnvironmentStep step, Instant reset) {
    String line = swarms.with(step.manager(), swarm -> {
      Service migration = required(swarm, MIGRATION, "to run the migrations again");
      if (AfterReset.startedSince(migration, swarm.tasks(MIGRATION), reset)) {
        return MIGRATION + ": started again after the reset already, not forced a second time";
      }
      swarm.forceUpdate(MIGRATION);
      return MIGRATION + ": started again after the reset (docker service update --force)";
    });
    step.progress().accept(line);
  }

  /** Starts the seed service for this reset, replacing one left by an earlier reset; one made for this one stays. */
  void seedUsers(EnvironmentStep step, String superUserPassword, String deploy, Instant reset) {
    String line = swarms.with(step.manager(), swarm -> {
      var existing = swarm.service(UserSeed.SERVICE);
      if (existing.isPresent() && UserSeed.madeFor(existing.get(), deploy, reset)) {
        return UserSeed.SERVICE + ": started for this reset already, not started a second time";
      }
      ServiceSpec spec = UserSeed.spec(required(swarm, UserSeed.DATA_SEEDER, "for the seed's image and command"),
          required(swarm, UserSeed.GATEWAY, "for the seed's networks"), step.environment().kind(), superUserPassword, deploy, reset);
      existing.ifPresent(old -> swarm.removeService(UserSeed.SERVICE));
      swarm.createService(spec);
      return UserSeed.SERVICE + ": started, " + spec.getTaskTemplate().getContainerSpec().getImage()
          + " against the gateway and auth on the stack's network" + (existing.isPresent()
          ? " (an earlier reset's seed service removed)" : "");
    });
    step.progress().accept(line);
  }

  /** One look at the migrations since the reset. */
  Convergence lookAtMigrations(EnvironmentStep step, Instant reset, boolean timedOut) {
    return look(step, MIGRATION, reset, timedOut);
  }

  /**
   * One look at the seed. Its service stays once it ran, so that a retried look reads the same (the next reset
   * replaces it); its spec holds SUPER_USER_PASSWORD, as the stack's migration service's does.
   */
  Convergence lookAtSeed(EnvironmentStep step, Instant reset, boolean timedOut) {
    return look(step, UserSeed.SERVICE, reset, timedOut);
  }

  private Convergence look(EnvironmentStep step, String name, Instant reset, boolean timedOut) {
    Convergence look = swarms.with(step.manager(), swarm -> {
      Service service = swarm.service(name).orElse(null);
      if (service == null) {
        return Convergence.failed(name + ": no such service any more, so its run after the reset cannot be followed");
      }
      List<com.github.dockerjava.api.model.Task> tasks = swarm.tasks(name);
      Convergence seen = AfterReset.look(service, tasks, reset);
      if (seen.isPending() && timedOut) {
        return Convergence.failed(AfterReset.overdue(service, tasks, reset, wait.timeout()));
      }
      return seen;
    });
    step.progress().accept(look.report());
    return look;
  }

  /** A stack service the reset's jobs need; a release without it cannot be reset as upstream does. */
  private static Service required(SwarmClient swarm, String name, String needed) {
    return swarm.service(name).orElseThrow(() -> new IllegalArgumentException("The stack has no service " + name
        + " (needed " + needed + "): a release shaped like OpenCRVS v1.9 has one"));
  }
}
