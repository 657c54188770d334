package org.crvsops.restore;

import com.github.dockerjava.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.crvsops.cluster.Environment;
import org.crvsops.swarm.Convergence;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * Stops the stack's application services for a restore and starts them again. A stopped service
 * keeps its replica count in a label, set in the same update that scales it to zero, so that a step
 * tried again (or a later restore after a failed one) still knows the count to go back to.
 */
@Component
record ApplicationServices(SwarmConnections swarms) {
  static final String REPLICAS_LABEL = "crvs-ops.replicas-before-restore";

  /**
   * Scales every replicated service of the stack except the data stores' to zero; the next step follows them until
   * none of their tasks runs. Returns "name: n" for each, the count it will go back to.
   */
  public List<String> scaleDown(Environment env, String stack, Set<String> storeServices, Consumer<String> progress) {
    return swarms.with(env.manager().sshTarget(), swarm -> {
      List<Service> services = applications(swarm, stack, storeServices);
      List<String> stopped = new ArrayList<>();
      int n = 0;
      for (Service service : services) {
        String name = service.getSpec().getName();
        String before = labels(service).get(REPLICAS_LABEL);
        int replicas = before != null ? Integer.parseInt(before) : swarm.desiredReplicas(name);
        if (before == null) {
          swarm.scaleAndLabel(name, 0, REPLICAS_LABEL, String.valueOf(replicas));
        }
        stopped.add(name + ": " + replicas);
        progress.accept("stopping " + name + " (" + ++n + " of " + services.size() + "), " + replicas + " replica(s)");
      }
      return stopped;
    });
  }

  /** One look at the application services scaled down: ready when none of their tasks runs any more. */
  public Convergence stopped(Environment env, String stack, Set<String> storeServices) {
    return swarms.with(env.manager().sshTarget(), swarm -> look(swarm, applications(swarm, stack, storeServices)));
  }

  /** Scales each stopped service back to its label's count; the next step follows every service of the stack to it. */
  public List<String> scaleBack(Environment env, String stack, Consumer<String> progress) {
    return swarms.with(env.manager().sshTarget(), swarm -> {
      List<String> started = new ArrayList<>();
      for (Service service : swarm.stackServices(stack)) {
        String before = labels(service).get(REPLICAS_LABEL);
        if (before != null) {
          swarm.scaleAndLabel(service.getSpec().getName(), Integer.parseInt(before), REPLICAS_LABEL, null);
          started.add(service.getSpec().getName() + ": " + before);
          progress.accept("starting " + service.getSpec().getName() + ", " + before + " replica(s)");
        }
      }
      return started;
    });
  }

  /** One look at every service of the stack: ready when each runs as many tasks as it has replicas. */
  public Convergence started(Environment env, String stack) {
    return swarms.with(env.manager().sshTarget(), swarm -> look(swarm, swarm.stackServices(stack)));
  }

  private static Convergence look(SwarmClient swarm, List<Service> services) {
    List<Convergence> looks = services.stream().map(s -> swarm.serviceConvergence(s.getSpec().getName())).toList();
    long ready = looks.stream().filter(Convergence::isReady).count();
    return Convergence.when(ready == looks.size(), ready == looks.size()
        ? "all " + looks.size() + " services at their replica count"
        : ready + " of " + looks.size() + " services at their replica count; "
            + Convergence.reports(looks, Convergence.State.PENDING));
  }

  private static List<Service> applications(SwarmClient swarm, String stack, Set<String> storeServices) {
    return swarm.stackServices(stack).stream()
        .filter(s -> s.getSpec().getMode() != null && s.getSpec().getMode().getReplicated() != null)
        .filter(s -> !storeServices.contains(s.getSpec().getName()))
        .sorted(java.util.Comparator.comparing(s -> s.getSpec().getName())).toList();
  }

  private static Map<String, String> labels(Service service) {
    Map<String, String> labels = service.getSpec().getLabels();
    return labels == null ? Map.of() : labels;
  }
}
