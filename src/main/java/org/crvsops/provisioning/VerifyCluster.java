package org.crvsops.provisioning;

import static org.crvsops.provisioning.ProvisionClusterProcess.*;

import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.SwarmNodeState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.Node;
import org.crvsops.engine.ProcessStarter;
import org.crvsops.swarm.SwarmConnections;
import org.springframework.stereotype.Component;

/**
 * Reads back what provisioning set, per node: swarm membership and labels, the firewall, the /data
 * folders and mount, the key file; names every drift from what the environment says, and writes the report.
 */
@Component
record VerifyCluster(NodeSteps steps, SwarmConnections swarms) implements JavaDelegate {
  private static final Map<String, String> EXPECTED = expected();

  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.step(execution);
    Environment env = step.environment();
    List<SwarmNode> members = swarms.with(step.manager().target(), swarm -> swarm.nodes());
    boolean encrypted = Boolean.TRUE.equals(ENCRYPT_DATA.from(execution));
    List<StepOutcome> findings = steps.onEach(execution, step, step.nodes(), host -> {
      Node node = env.nodes().stream().filter(n -> n.hostname().equals(host.name())).findFirst().orElseThrow();
      List<String> drift = new ArrayList<>(swarmDrift(node, members));
      drift.addAll(stateDrift(readState(step, host), encrypted));
      return drift.isEmpty() ? new StepOutcome(host.name(), StepOutcome.Result.UNCHANGED, List.of("as the environment says"))
          : new StepOutcome(host.name(), StepOutcome.Result.CHANGED, drift.stream().map(d -> "DRIFT " + d).toList());
    });
    boolean drift = findings.stream().anyMatch(f -> f.result() == StepOutcome.Result.CHANGED);
    DRIFT_FOUND.set(execution, drift);
    PROVISIONING_REPORT.set(execution, report(execution, env, findings, drift));
  }

  private Map<String, String> readState(NodeSteps.Step step, Host host) {
    Map<String, String> state = new HashMap<>();
    for (String line : steps.script(step, host, "read-node-state", List.of(), null).stdout()) {
      int eq = line.lastIndexOf('=');
      if (eq > 0) {
        state.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return state;
  }

  static List<String> swarmDrift(Node node, List<SwarmNode> members) {
    Optional<SwarmNode> member = members.stream()
        .filter(m -> node.hostname().equals(m.getDescription().getHostname())).findFirst();
    if (member.isEmpty()) {
      return List.of("not a member of the swarm");
    }
    List<String> drift = new ArrayList<>();
    if (member.get().getStatus().getState() != SwarmNodeState.READY) {
      drift.add("swarm state " + member.get().getStatus().getState() + ", expected ready");
    }
    Map<String, String> labels = member.get().getSpec().getLabels();
    String label = node.dataLabel();
    if (label != null && !label.isBlank() && (labels == null || !"true".equals(labels.get(label)))) {
      drift.add("swarm label " + label + "=true missing");
    }
    return drift;
  }

  static List<String> stateDrift(Map<String, String> state, boolean encrypted) {
    List<String> drift = new ArrayList<>();
    EXPECTED.forEach((key, want) -> {
      String have = state.getOrDefault(key, "unknown");
      if (!want.equals(have)) {
        drift.add(key + " is " + have + ", expected " + want);
      }
    });
    if (encrypted && !"/dev/mapper/cryptfs".equals(state.get("data_mount"))) {
      drift.add("/data is on " + state.get("data_mount") + ", expected the encrypted volume /dev/mapper/cryptfs");
    }
    return drift;
  }

  private static Map<String, String> expected() {
    Map<String, String> expected = new HashMap<>();
    expected.put("ufw", "active");
    for (String store : List.of("mongo", "elasticsearch", "influxdb", "traefik")) {
      expected.put("folder /data/" + store, "1000 755");
    }
    expected.put("folder /data/minio", "1000 777");
    expected.put("folder /data/postgres", "999 700");
    for (String store : List.of("mongo", "elasticsearch", "influxdb", "minio", "postgres")) {
      expected.put("folder /data/backups/" + store, "1000 755");
    }
    expected.put("acme", "600");
    expected.put("keyfile", "1000:1000 400");
    return expected;
  }

  /** One line per step (which nodes it changed, left, skipped) and the verification's findings. */
  private static String report(DelegateExecution execution, Environment env, List<StepOutcome> findings, boolean drift) {
    StringBuilder report = new StringBuilder("Provisioning of " + env.name() + " (" + env.nodes().size()
        + " node(s)), started by " + ProcessStarter.describe(execution) + ":\n");
    CHANGING_STEPS.forEach((id, label) -> report.append("- ").append(label).append(": ")
        .append(byResult(String.valueOf(execution.getVariable(outcomeVariable(id))))).append('\n'));
    report.append(drift ? "Verification found drift:\n" : "Verification: every node is as the environment says.\n");
    findings.stream().filter(f -> f.result() == StepOutcome.Result.CHANGED)
        .forEach(f -> report.append("  ").append(f.line()).append('\n'));
    return report.toString();
  }

  /** "changed on node2, node3; unchanged on node1" from a step's outcome lines. */
  static String byResult(String outcomeLines) {
    Map<String, List<String>> nodes = new java.util.TreeMap<>();
    outcomeLines.lines().forEach(line -> {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        String word = line.substring(colon + 2).split("[ (]", 2)[0];
        nodes.computeIfAbsent(word, w -> new ArrayList<>()).add(line.substring(0, colon));
      }
    });
    return nodes.entrySet().stream().map(e -> e.getKey() + " on " + String.join(", ", e.getValue()))
        .collect(java.util.stream.Collectors.joining("; "));
  }
}
