package org.crvsops.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.Secret;
import com.github.dockerjava.api.model.SecretSpec;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.crvsops.ssh.Redactor;
import org.crvsops.swarm.SwarmClient.SecretRef;
import org.crvsops.swarm.SwarmClient.TasksWithSecrets;

/** Docker secrets, and the services that refer to them: the values go only to the engine. */
record SwarmSecrets(DockerClient docker, SwarmServices services, SwarmTasks tasks) {
  String create(String name, String value, Map<String, String> labels) {
    return docker.createSecretCmd(new UnprintedSecretSpec().withName(name).withLabels(labels).withData(data(value)))
        .exec().getId();
  }

  /** docker-java logs every command at DEBUG with its spec's toString, which holds the data: this one does not. */
  static final class UnprintedSecretSpec extends SecretSpec {
    @Override
    public String toString() {
      return "SecretSpec(name=" + getName() + ", data=" + Redactor.MASK + ", labels=" + getLabels() + ")";
    }
  }

  // SecretSpec.withData base64-encodes by itself (encoding it first made the secret hold the base64 text),
  // with the JVM's default charset: a value beyond ASCII needs that to be UTF-8.
  private static String data(String value) {
    if (!Charset.defaultCharset().equals(StandardCharsets.UTF_8) && !StandardCharsets.US_ASCII.newEncoder().canEncode(value)) {
      throw new IllegalStateException("A secret value holds characters beyond ASCII, and this Java's default charset is "
          + Charset.defaultCharset() + ": run crvs-ops with -Dfile.encoding=UTF-8");
    }
    return value;
  }

  List<Secret> labelled(String label, String value) {
    return docker.listSecretsCmd().withLabelFilter(Map.of(label, value)).exec();
  }

  List<String> allNames() {
    return docker.listSecretsCmd().exec().stream().map(s -> s.getSpec().getName()).toList();
  }

  List<Secret> named(String name) {
    return docker.listSecretsCmd().withNameFilter(List.of(name)).exec().stream()
        .filter(s -> name.equals(s.getSpec().getName())).toList();
  }

  void remove(String name) {
    named(name).forEach(s -> docker.removeSecretCmd(s.getId()).exec());
  }

  List<Service> servicesUsing(Set<String> secretNames) {
    return services.all().stream()
        .filter(s -> refs(s.getSpec()).stream().anyMatch(r -> secretNames.contains(r.getSecretName()))).toList();
  }

  boolean replace(Service service, Map<String, SecretRef> replacements) {
    List<ContainerSpecSecret> refs = refs(service.getSpec());
    if (refs.stream().noneMatch(r -> replacements.containsKey(r.getSecretName()))) {
      return false;
    }
    List<ContainerSpecSecret> replaced = refs.stream().map(r -> replacements.containsKey(r.getSecretName())
        ? new ContainerSpecSecret().withFile(r.getFile()).withSecretId(replacements.get(r.getSecretName()).id())
            .withSecretName(replacements.get(r.getSecretName()).name())
        : r).toList();
    ServiceSpec spec = service.getSpec();
    spec.getTaskTemplate().getContainerSpec().withSecrets(replaced);
    services.update(service, spec);
    return true;
  }

  static List<String> names(Service service) {
    return refs(service.getSpec()).stream().map(ContainerSpecSecret::getSecretName).toList();
  }

  TasksWithSecrets runningWith(String name, Set<String> secretIds) {
    Service service = services.require(name);
    if (!ids(service.getSpec().getTaskTemplate()).containsAll(secretIds)) {
      throw new IllegalStateException("Service " + service.getSpec().getName() + " no longer uses the new secret"
          + " version: Docker rolled its update back (" + service.getUpdateStatus() + ")");
    }
    List<Task> all = tasks.of(name);
    long running = all.stream().filter(t -> SwarmTasks.isRunning(t) && ids(t.getSpec()).containsAll(secretIds)).count();
    return new TasksWithSecrets(name, running, desiredTasks(service, all));
  }

  // A global service wants one task per eligible node: as many as the swarm wants running now.
  private static long desiredTasks(Service service, List<Task> tasks) {
    ServiceModeConfig mode = service.getSpec().getMode();
    if (mode != null && mode.getReplicated() != null) {
      return mode.getReplicated().getReplicas();
    }
    return tasks.stream().filter(t -> t.getDesiredState() == TaskState.RUNNING).count();
  }

  private static List<ContainerSpecSecret> refs(ServiceSpec spec) {
    return spec.getTaskTemplate() == null ? List.of() : containerSecrets(spec.getTaskTemplate());
  }

  private static Set<String> ids(TaskSpec spec) {
    return spec == null ? Set.of() : containerSecrets(spec).stream().map(ContainerSpecSecret::getSecretId)
        .collect(Collectors.toSet());
  }

  private static List<ContainerSpecSecret> containerSecrets(TaskSpec spec) {
    ContainerSpec container = spec.getContainerSpec();
    return container == null || container.getSecrets() == null ? List.of() : container.getSecrets();
  }
}
