package org.crvsops.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.ServiceUpdateState;
import com.github.dockerjava.api.model.TaskSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.crvsops.ssh.ShellQuote;

/** The swarm's services: create, scale, label, roll back, remove, follow, and their logs. */
record SwarmServices(DockerClient docker, ManagerShell manager, SwarmTasks tasks) {
  private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
  private static final String PREVIOUS_REFERENCES = "{{with .PreviousSpec}}{{with .TaskTemplate.ContainerSpec}}"
      + "{{range .Secrets}}{{.SecretName}} {{end}}{{range .Configs}}{{.ConfigName}} {{end}}{{end}}{{end}}";

  Optional<Service> service(String name) {
    return docker.listServicesCmd().withNameFilter(List.of(name)).exec().stream()
        .filter(s -> name.equals(s.getSpec().getName())).findFirst();
  }

  Service require(String name) {
    return service(name).orElseThrow(() -> new IllegalArgumentException("No service is named '" + name + "'"));
  }

  List<Service> all() {
    return docker.listServicesCmd().exec();
  }

  List<Service> ofStack(String stack) {
    return docker.listServicesCmd().withLabelFilter(Map.of(SwarmTasks.STACK_LABEL, stack)).exec();
  }

  void create(String name, String image, int replicas, List<String> command) {
    ServiceSpec spec = new ServiceSpec().withName(name)
        .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage(image).withCommand(command)))
        .withMode(replicated(replicas));
    docker.createServiceCmd(spec).exec();
  }

  void create(ServiceSpec spec) {
    docker.createServiceCmd(spec).exec();
  }

  void scale(String name, int replicas) {
    Service service = require(name);
    update(service, service.getSpec().withMode(replicated(replicas)));
  }

  /** Replicas and one label in one update, so that both are there or neither is; a null value removes the label. */
  void scaleAndLabel(String name, int replicas, String label, String value) {
    Service service = require(name);
    ServiceSpec spec = service.getSpec();
    Map<String, String> labels = new HashMap<>(spec.getLabels() == null ? Map.of() : spec.getLabels());
    if (value == null) {
      labels.remove(label);
    } else {
      labels.put(label, value);
    }
    update(service, spec.withLabels(labels).withMode(replicated(replicas)));
  }

  void update(Service service, ServiceSpec spec) {
    docker.updateServiceCmd(service.getId(), spec).withVersion(service.getVersion().getIndex()).exec();
  }

  /**
   * Starts a paused update of the service again, with the same settings (Swarm's force update: a new spec version
   * that only increments TaskTemplate.ForceUpdate). Check, then change: a service whose update is not paused is
   * left alone, so a retried step does not force a second update. Whether it was resumed.
   */
  boolean resumePausedUpdate(String name) {
    Service service = require(name);
    if (service.getUpdateStatus() == null || service.getUpdateStatus().getState() != ServiceUpdateState.PAUSED) {
      return false;
    }
    TaskSpec template = service.getSpec().getTaskTemplate();
    int force = template.getForceUpdate() == null ? 0 : template.getForceUpdate();
    update(service, service.getSpec().withTaskTemplate(template.withForceUpdate(force + 1)));
    return true;
  }

  /**
   * Starts the service's tasks again with the same settings, as {@code docker service update --force}. The CLI, as
   * upstream runs it: docker-java's spec round trip would drop the fields it does not model. Returns at once.
   */
  void forceUpdate(String name) {
    requireName(name);
    require(name);
    manager.run("start " + name + " again", "docker service update --force --detach " + ShellQuote.quote(name));
  }

  private static void requireName(String name) {
    if (name == null || !SERVICE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("'" + name + "' is not a service name: letters, digits, '_', '.' and '-'");
    }
  }

  // The Docker API as docker-java has it cannot go back to the previous spec, so the CLI does.
  void rollback(String name) {
    requireName(name);
    require(name);
    manager.run("roll back " + name, "docker service rollback --detach " + ShellQuote.quote(name));
  }

  /**
   * The secrets and configs the services' previous specs name: what `docker service rollback` goes back to. The
   * CLI, since docker-java's Service has no PreviousSpec. Names only compared, never put into a command.
   */
  Set<String> previousSpecReferences() {
    String names = manager.run("read the services' previous secrets and configs", "docker service ls -q"
        + " | xargs -r docker service inspect --format " + ShellQuote.quote(PREVIOUS_REFERENCES));
    return Arrays.stream(names.split("\\s+")).filter(n -> !n.isEmpty()).collect(Collectors.toSet());
  }

  void remove(String name) {
    service(name).ifPresent(s -> docker.removeServiceCmd(s.getId()).exec());
  }

  int desiredReplicas(String name) {
    ServiceModeConfig mode = require(name).getSpec().getMode();
    return mode.getReplicated() == null ? 0 : (int) mode.getReplicated().getReplicas();
  }

  /** One look: ready when as many tasks run as are desired. */
  Convergence convergence(String name) {
    return count(name).convergence();
  }

  private Count count(String name) {
    int desired = desiredReplicas(name);
    return new Count(name, tasks.of(name).stream().filter(SwarmTasks::isRunning).count(), desired);
  }

  private record Count(String name, long running, int desired) {
    Convergence convergence() {
      return Convergence.when(running == desired, name + ": " + running + " of " + desired + " running");
    }
  }

  List<String> logs(String name, int tail) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    docker.logServiceCmd(require(name).getId()).withStdout(true).withStderr(true).withTail(tail)
        .exec(new ResultCallback.Adapter<Frame>() {
          @Override
          public void onNext(Frame frame) {
            new String(frame.getPayload(), StandardCharsets.UTF_8).lines().forEach(lines::add);
          }
        }).awaitCompletion(30, TimeUnit.SECONDS);
    return lines;
  }

  private static ServiceModeConfig replicated(int replicas) {
    return new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas));
  }
}
