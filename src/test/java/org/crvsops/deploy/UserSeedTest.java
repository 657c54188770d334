package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import java.time.Instant;
import java.util.List;
import org.crvsops.cluster.EnvironmentKind;
import org.junit.jupiter.api.Test;

/** The seed service as upstream's seed-data.yml runs the data-seeder: its image, variables and network. */
class UserSeedTest {
  private static final Instant RESET = Instant.parse("2026-11-25T03:10:00Z");

  @Test
  void theSeedRunsTheDataSeedersImageOnceOnTheGatewaysNetworkWithUpstreamsVariables() {
    ServiceSpec spec = UserSeed.spec(dataSeeder(), gateway("net-overlay-id"), EnvironmentKind.STAGING, "s3cret",
        "pi-7", RESET);

    assertThat(spec.getName()).isEqualTo("crvsops-seed-users");
    ContainerSpec container = spec.getTaskTemplate().getContainerSpec();
    assertThat(container.getImage()).isEqualTo("ghcr.io/opencrvs/ocrvs-data-seeder:v1.9.1");
    assertThat(container.getCommand()).containsExactly("sh", "-c", "yarn seed");
    assertThat(container.getEnv()).containsExactlyInAnyOrder("EVENTS_URL=http://events:5555/",
        "AUTH_URL=http://auth:4040/", "GATEWAY_HOST=http://gateway:7070", "AUTH_HOST=http://auth:4040",
        "COUNTRY_CONFIG_HOST=http://countryconfig:3040", "ACTIVATE_USERS=false", "SUPER_USER_PASSWORD=s3cret");
    assertThat(spec.getTaskTemplate().getNetworks()).extracting(NetworkAttachmentConfig::getTarget)
        .containsExactly("net-overlay-id");
    assertThat(spec.getTaskTemplate().getRestartPolicy().getCondition()).isEqualTo(ServiceRestartCondition.NONE);
    assertThat(spec.getMode().getReplicated().getReplicas()).isEqualTo(1);
  }

  @Test
  void qaActivatesTheSeededUsersAsUpstreamsQaEnvironmentsDo() {
    assertThat(UserSeed.spec(dataSeeder(), gateway("n"), EnvironmentKind.QA, "s3cret", "pi-7", RESET)
        .getTaskTemplate().getContainerSpec().getEnv()).contains("ACTIVATE_USERS=true");
  }

  @Test
  void itsLabelsSayForWhichDeployAndResetItWasMade() {
    Service seed = new Service().withSpec(UserSeed.spec(dataSeeder(), gateway("n"), EnvironmentKind.QA, "s3cret",
        "pi-7", RESET));

    assertThat(UserSeed.madeFor(seed, "pi-7", RESET)).isTrue();
    assertThat(UserSeed.madeFor(seed, "pi-7", RESET.plusSeconds(600))).as("a later reset of the same deploy").isFalse();
    assertThat(UserSeed.madeFor(seed, "pi-8", RESET)).isFalse();
  }

  @Test
  void noPasswordAGatewayOnNoNetworkOrABadImageAreRefusedNamingWhatToFix() {
    assertThatThrownBy(() -> UserSeed.spec(dataSeeder(), gateway("n"), EnvironmentKind.QA, " ", "pi-7", RESET))
        .hasMessage("SUPER_USER_PASSWORD has no value: store it as super_user_password on the environment's secrets"
            + " page; the seeded users' first password is made from it");
    assertThatThrownBy(() -> UserSeed.spec(dataSeeder(), gateway(null), EnvironmentKind.QA, "s3cret", "pi-7", RESET))
        .hasMessage("opencrvs_gateway is on no network: the seed could not reach it");
    Service bad = dataSeeder();
    bad.getSpec().getTaskTemplate().getContainerSpec().withImage("x; rm -rf /");
    assertThatThrownBy(() -> UserSeed.spec(bad, gateway("n"), EnvironmentKind.QA, "s3cret", "pi-7", RESET))
        .hasMessage("opencrvs_data-seeder's image 'x; rm -rf /' is not an image name");
  }

  static Service dataSeeder() {
    return new Service().withId("seeder-id").withSpec(new ServiceSpec().withName("opencrvs_data-seeder")
        .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec()
            .withImage("ghcr.io/opencrvs/ocrvs-data-seeder:v1.9.1").withCommand(List.of("sh", "-c", "yarn seed"))
            .withEnv(List.of("EVENTS_URL=http://events:5555/", "AUTH_URL=http://auth:4040/")))));
  }

  static Service gateway(String network) {
    return new Service().withId("gateway-id").withSpec(new ServiceSpec().withName("opencrvs_gateway")
        .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withImage("gw"))
            .withNetworks(network == null ? null : List.of(new NetworkAttachmentConfig().withTarget(network)
                .withAliases(List.of("gateway"))))));
  }
}
