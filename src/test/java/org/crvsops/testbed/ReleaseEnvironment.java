package org.crvsops.testbed;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import org.crvsops.release.ComposeFiles;
import org.crvsops.release.ReleaseHosts;

/**
 * What an environment needs before the v1.9-shaped fixture release (src/test/fixture-release, {@link ReleaseRepos})
 * can be deployed onto lab nodes, as an administrator would give it: the values upstream keeps as GitHub environment
 * secrets, the plain settings, the release's host names, and the nodes provisioned (stand-in images, the data1/data2
 * labels, the v1.9 data folders and the MongoDB key file).
 */
public final class ReleaseEnvironment {
  /** The environment's plain settings (release settings' variables), by the variable they give. */
  public static final Map<String, String> PLAIN = Map.of("DOCKERHUB_ACCOUNT", "farajaland", "DOCKERHUB_REPO",
      "opencrvs-farajaland", "SENDER_EMAIL_ADDRESS", "noreply@crvs-ops.test", "ALERT_EMAIL", "ops@crvs-ops.test",
      "SMTP_HOST", "smtp.crvs-ops.test", "SMTP_PORT", "587", "SMTP_SECURE", "true", "NOTIFICATION_TRANSPORT", "email");
  private static final List<String> SECRET_VARIABLES = List.of("MONGODB_ADMIN_USER", "MONGODB_ADMIN_PASSWORD",
      "ELASTICSEARCH_SUPERUSER_PASSWORD", "KIBANA_SYSTEM_PASSWORD", "KIBANA_USERNAME", "KIBANA_PASSWORD",
      "MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD", "POSTGRES_USER", "POSTGRES_PASSWORD", "SUPER_USER_PASSWORD",
      "OPENCRVS_METABASE_ADMIN_EMAIL", "OPENCRVS_METABASE_ADMIN_PASSWORD", "SMTP_USERNAME", "SMTP_PASSWORD");
  private static final SecureRandom RANDOM = new SecureRandom();

  private ReleaseEnvironment() {}

  /**
   * Fresh values for the secrets the release needs, by variable; crvs-ops stores each under the variable's lower-case
   * name. Random, so that a test that looks for them anywhere finds only what leaked.
   */
  public static Map<String, String> secrets() {
    Map<String, String> values = new TreeMap<>();
    for (String name : SECRET_VARIABLES) {
      byte[] bytes = new byte[8];
      RANDOM.nextBytes(bytes);
      values.put(name, "it" + name.toLowerCase().replace("_", "") + HexFormat.of().formatHex(bytes));
    }
    return values;
  }

  /** The release's Traefik host names for this {@code <env>} of its deploy files, as they are with the domain. */
  public static SortedSet<String> hostNames(String countryEnvironment, String domain) {
    Path core = ReleaseRepos.FIXTURE.resolve("opencrvs-core");
    Path infra = ReleaseRepos.FIXTURE.resolve("country-config/infrastructure");
    return ReleaseHosts.of(ComposeFiles.load(List.of(core.resolve("docker-compose.deps.yml"),
        core.resolve("docker-compose.yml"), infra.resolve("docker-compose.deploy.yml"),
        infra.resolve("docker-compose.%s-deploy.yml".formatted(countryEnvironment)))), domain);
  }

  /**
   * The release's stand-in images on each node, the placement labels (node1 data1, node2 data2), the folders and
   * the key file provisioning makes, on a swarm already formed. The lab's nodes share the host's /: {@link #removeKeyFile}
   * takes the key file away.
   */
  public static void prepareNodes(LabSwarm lab, List<String> nodes) {
    lab.makeReleaseImages(nodes);
    lab.run(nodes.get(0), "docker node update --label-add data1=true " + nodes.get(0) + " >/dev/null");
    if (nodes.size() > 1) {
      lab.run(nodes.get(0), "docker node update --label-add data2=true " + nodes.get(1) + " >/dev/null");
    }
    nodes.forEach(node -> lab.runScript(node, "src/main/resources/scripts/provisioning/create-data-folders.sh", ""));
    lab.runScript(nodes.get(0), "src/main/resources/scripts/provisioning/create-mongo-keyfile.sh", "");
  }

  /** The broken release's country image on each node: it starts and exits 1, as its compose file makes it. */
  public static void tagBrokenCountryImage(LabSwarm lab, List<String> nodes) {
    nodes.forEach(node -> lab.run(node, "docker tag farajaland/opencrvs-farajaland:v1.9.1"
        + " farajaland/opencrvs-farajaland:" + ReleaseRepos.BROKEN_TAG));
  }

  public static void removeKeyFile(LabSwarm lab) {
    HostKeyFile.remove(lab);
  }
}
