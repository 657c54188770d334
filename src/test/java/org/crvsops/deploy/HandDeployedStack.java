package org.crvsops.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.testbed.LabSwarm;
import org.crvsops.testbed.ReleaseRepos;

/**
 * The fixture release deployed on the lab's manager by hand, as upstream's deploy.sh leaves it
 * (src/test/fixture-release/deploy-by-hand.sh): a stack crvs-ops did not deploy. Also what the tests read of a
 * stack through the manager's docker CLI.
 */
final class HandDeployedStack {
  private static final String SOURCE = "/data/crvs-ops/by-hand";

  private HandDeployedStack() {}

  /** Deploys v1.9.0 by hand for the environment's deploy file ({@code staging}, {@code production}); its {{ts}}. */
  static String deploy(LabSwarm lab, String domain, String environment) {
    copy(lab, ReleaseRepos.FIXTURE.resolve("opencrvs-core"), SOURCE + "/core");
    copy(lab, ReleaseRepos.FIXTURE.resolve("country-config/infrastructure"), SOURCE + "/infrastructure");
    return lab.runScript("node1", "src/test/fixture-release/deploy-by-hand.sh", Stream.of(SOURCE, domain, "v1.9.0",
        "v1.9.0", environment).map(ShellQuote::quote).collect(Collectors.joining(" ")));
  }

  // The lab's nodes share the host's file system (as its mongo key file and stores' cache do): a copy will do.
  private static void copy(LabSwarm lab, Path folder, String to) {
    String quoted = ShellQuote.quote(to);
    lab.run("node1", "rm -rf " + quoted + " && mkdir -p " + quoted + " && cp -r "
        + ShellQuote.quote(folder.toAbsolutePath() + "/.") + " " + quoted);
  }

  /** Each stack service's image and replicas (x1; global: "global"), by name. */
  static Map<String, String> settings(LabSwarm lab) {
    return inspect(lab, "{{.Spec.Name}} {{.Spec.TaskTemplate.ContainerSpec.Image}} {{if .Spec.Mode.Global}}global"
        + "{{else}}x{{.Spec.Mode.Replicated.Replicas}}{{end}}").stream().map(l -> l.split(" ", 2))
        .collect(Collectors.toMap(f -> f[0], f -> f[1].replaceFirst("@sha256:[0-9a-f]+", ""), (a, b) -> a, TreeMap::new));
  }

  /** The stack's services that keep running (restart condition any, some replicas): not one-shots or setup jobs. */
  static List<String> longRunning(LabSwarm lab) {
    return inspect(lab, "{{.Spec.Name}} {{.Spec.TaskTemplate.RestartPolicy.Condition}} {{if .Spec.Mode.Global}}1"
        + "{{else}}{{.Spec.Mode.Replicated.Replicas}}{{end}}").stream().map(l -> l.split(" "))
        .filter(f -> (f[1].equals("any") || f[1].equals("<no") || f[1].isEmpty()) && !f[f.length - 1].equals("0"))
        .map(f -> f[0]).sorted().toList();
  }

  private static List<String> inspect(LabSwarm lab, String format) {
    String out = lab.run("node1", "ids=$(docker stack services -q opencrvs); [ -z \"$ids\" ] || docker service inspect"
        + " --format " + ShellQuote.quote(format) + " $ids");
    return out.isBlank() ? List.of() : out.lines().toList();
  }

  /** Waits until each of these services runs all its replicas (at most 90 s). */
  static void awaitRunning(LabSwarm lab, List<String> names) {
    String ls = "";
    for (int i = 0; i < 90; i++) {
      ls = lab.run("node1", "docker service ls --format '{{.Name}} {{.Replicas}}'");
      Map<String, String> replicas = ls.lines().map(l -> l.split(" ")).collect(Collectors.toMap(f -> f[0], f -> f[1]));
      if (names.stream().allMatch(n -> replicas.containsKey(n) && replicas.get(n).matches("([1-9][0-9]*)/\\1"))) {
        return;
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("Not all of " + names + " run within 90 s:\n" + ls);
  }
}
