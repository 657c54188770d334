package org.crvsops.deploy;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.crvsops.cluster.EnvironmentKind;

/**
 * The user seed as upstream runs it after a factory reset (opencrvs-farajaland's seed-data.yml: {@code docker run}
 * of the release's data-seeder image with GATEWAY_HOST, AUTH_HOST, COUNTRY_CONFIG_HOST, ACTIVATE_USERS and
 * SUPER_USER_PASSWORD), as a swarm service run once: the stack's own data-seeder service (replicas 0) is on no
 * network the gateway is on. It runs the data-seeder's image, command and variables on the gateway's networks and
 * reaches the services by their names there (upstream's runner goes through the public https addresses instead), so
 * its tasks can be followed as the migration's are. Its labels say for which deploy and reset it was made.
 */
final class UserSeed {
  /** The one seed service; not in the stack, so no stack deploy touches it. */
  static final String SERVICE = "crvsops-seed-users";
  static final String DATA_SEEDER = DeployOpencrvsProcess.STACK + "_data-seeder";
  static final String GATEWAY = DeployOpencrvsProcess.STACK + "_gateway";
  static final String DEPLOY_LABEL = "org.crvsops.deploy";
  static final String RESET_LABEL = "org.crvsops.factory-reset-at";
  // Upstream's ports inside the stack (opencrvs-core's docker-compose.yml).
  static final Map<String, String> HOSTS = Map.of("GATEWAY_HOST", "http://gateway:7070",
      "AUTH_HOST", "http://auth:4040", "COUNTRY_CONFIG_HOST", "http://countryconfig:3040");
  private static final Pattern IMAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:@-]{0,254}");

  private UserSeed() {}

  /**
   * The seed service's spec. {@code superUserPassword} goes into its variables only: to the engine, in the request
   * body (the stack's migration service holds the same value in its own). Staging does not activate the users it
   * seeds, as upstream's environments have it (production and staging: ACTIVATE_USERS=false).
   */
  static ServiceSpec spec(Service dataSeeder, Service gateway, EnvironmentKind kind, String superUserPassword,
      String deploy, Instant reset) {
    if (superUserPassword == null || superUserPassword.isBlank()) {
      throw new IllegalArgumentException("SUPER_USER_PASSWORD has no value: store it as super_user_password on the"
          + " environment's secrets page; the seeded users' first password is made from it");
    }
    ContainerSpec seeder = dataSeeder.getSpec().getTaskTemplate().getContainerSpec();
    String image = seeder.getImage();
    if (image == null || !IMAGE.matcher(image).matches()) {
      throw new IllegalArgumentException(DATA_SEEDER + "'s image '" + image + "' is not an image name");
    }
    List<NetworkAttachmentConfig> networks = networks(gateway);
    Map<String, String> env = new LinkedHashMap<>();
    if (seeder.getEnv() != null) {
      seeder.getEnv().stream().filter(Objects::nonNull).forEach(v -> env.put(v.split("=", 2)[0], v));
    }
    HOSTS.forEach((name, url) -> env.put(name, name + "=" + url));
    env.put("ACTIVATE_USERS", "ACTIVATE_USERS=" + (kind == EnvironmentKind.QA));
    env.put("SUPER_USER_PASSWORD", "SUPER_USER_PASSWORD=" + superUserPassword);
    ContainerSpec container = new ContainerSpec().withImage(image).withCommand(seeder.getCommand())
        .withArgs(seeder.getArgs()).withEnv(new ArrayList<>(env.values()));
    return new ServiceSpec().withName(SERVICE).withLabels(Map.of(DEPLOY_LABEL, deploy, RESET_LABEL, reset.toString()))
        .withTaskTemplate(new TaskSpec().withContainerSpec(container).withNetworks(networks)
            .withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.NONE)))
        .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(1)));
  }

  /** Whether this seed service was made for this deploy's reset (a retried Seed users leaves it running). */
  static boolean madeFor(Service seed, String deploy, Instant reset) {
    Map<String, String> labels = seed.getSpec().getLabels();
    return labels != null && deploy.equals(labels.get(DEPLOY_LABEL)) && reset.toString().equals(labels.get(RESET_LABEL));
  }

  private static List<NetworkAttachmentConfig> networks(Service gateway) {
    List<NetworkAttachmentConfig> attached = gateway.getSpec().getTaskTemplate().getNetworks();
    if (attached == null || attached.isEmpty()) {
      throw new IllegalArgumentException(GATEWAY + " is on no network: the seed could not reach it");
    }
    return attached.stream().map(n -> new NetworkAttachmentConfig().withTarget(n.getTarget())).toList();
  }
}
