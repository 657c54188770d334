package org.crvsops.secrets;

import static org.crvsops.secrets.CreateSecretsProcess.*;
import static org.crvsops.engine.CommonVariables.*;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.cluster.Node;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.SshTarget;
import org.crvsops.security.SecretStore;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/** What a run of create-secrets works on: the environment's manager, the run's Docker secrets and their stored values. */
@Component
class SecretsTarget {
  private final EnvironmentRepository environments;
  private final SecretStore store;
  private final CommandLog log;
  private final SwarmConnections swarms;

  SecretsTarget(EnvironmentRepository environments, SecretStore store, CommandLog log, SwarmConnections swarms) {
    this.environments = environments;
    this.store = store;
    this.log = log;
    this.swarms = swarms;
  }

  Environment environment(DelegateExecution execution) {
    String name = ENVIRONMENT_NAME.require(execution);
    return environments.find(name).orElseThrow(() -> new IllegalArgumentException(
        "environmentName '" + name + "' is not a registered environment: register it first with Environment registration"));
  }

  /** Docker secrets live in the swarm's managers; crvs-ops speaks to the first. */
  SshTarget manager(DelegateExecution execution) {
    Node manager = environment(execution).manager();
    return new SshTarget(manager.address(), manager.sshPort(), manager.sshUser());
  }

  /** The run's Docker secrets: OpenHIM's and the chosen SMS provider's. */
  List<DockerSecret> secrets(DelegateExecution execution) {
    return DockerSecret.forProvider(SmsProvider.parse(SMS_PROVIDER.require(execution)).orElseThrow());
  }

  private List<String> dockerNames(DelegateExecution execution) {
    return secrets(execution).stream().map(s -> s.dockerName).toList();
  }

  /** The stored value a Docker secret is made from, read at the moment of use; never kept. */
  String value(DelegateExecution execution, DockerSecret secret) {
    String environment = ENVIRONMENT_NAME.require(execution);
    String name = secret.variable.require(execution);
    return store.get(environment, name).orElseThrow(() -> new IllegalStateException("The secret " + name + " of "
        + environment + " is no longer stored: enter it again on the secrets page (/secrets.html)"));
  }

  /**
   * Runs work on the manager's swarm with the names of the run's Docker secrets; each line it returns goes
   * to the command log too.
   */
  List<String> onSwarm(DelegateExecution execution, BiFunction<SwarmClient, List<String>, List<String>> work) {
    List<String> names = dockerNames(execution);
    List<String> lines = swarms.with(manager(execution), swarm -> work.apply(swarm, names));
    lines.forEach(progress(execution));
    return lines;
  }

  /** Lines for the instance's command log, under the current step, as from the manager. */
  Consumer<String> progress(DelegateExecution execution) {
    SshTarget manager = manager(execution);
    Consumer<OutputLine> sink = log.sink(execution.getProcessInstanceId(), execution.getCurrentActivityId());
    return text -> sink.accept(new OutputLine(manager, OutputLine.Stream.STDOUT, "[crvs-ops] " + text));
  }
}
