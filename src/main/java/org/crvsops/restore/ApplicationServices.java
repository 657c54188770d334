package org.crvsops.restore;

import com.github.dockerjava.api.model.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.crvsops.cluster.Environment;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Stops the stack's application services for a restore and starts them again. A stopped service
 * keeps its replica count in a label, set in the same update that scales it to zero, so that a step
 * tried again (or a later restore after a failed one) still knows the count to go back to.
 */
@Component
class ApplicationServices {
  static final String REPLICAS_LABEL = "crvs-ops.replicas-before-restore";

  private final SwarmConnections swarms;
  private final Duration convergenceTimeout;

  ApplicationServices(SwarmConnections swarms,
      @Value("${crvsops.restore.convergence-timeout:PT5M}") Duration convergenceTimeout) {
    this.swarms = swarms;
    this.convergenceTimeout = convergenceTimeout;
  }

  /**
   * Scales every replicated service of the stack except the data stores' to zero and waits until none
   * of their tasks runs. Returns "name: n" for each, the count it will go back to.
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
      for (Service service : services) {
        await(swarm, service.getSpec().getName(), progress);
      }
      return stopped;
    });
  }

  /** Scales each stopped service back to its label's count and follows every service of the stack to it. */
  public List<String> scaleBack(Environment env, String stack, Consumer<String> progress) {
    return swarms.with(env.manager().sshTarget(), swarm -> {
      List<String> started = new ArrayList<>();
      for (Service service : swarm.stackServices(stack)) {
        String before = labels(service).get(REPLICAS_LABEL);
        if (before != null) {
          swarm.scaleAndLabel(service.getSpec().getName(), Integer.parseInt(before), REPLICAS_LABEL, null);
          started.add(service.getSpec().getName() + ": " + before);
        }
      }
      List<Service> all = swarm.stackServices(stack);
      int n = 0;
      for (Service service : all) {
        progress.accept("following " + service.getSpec().getName() + " (" + ++n + " of " + all.size() + ")");
        await(swarm, service.getSpec().getName(), progress);
      }
      return started;
    });
  }

  private void await(SwarmClient swarm, String name, Consumer<String> progress) {
    try {
      swarm.awaitConverged(name, convergenceTimeout, progress);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while following " + name, e);
    }
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
