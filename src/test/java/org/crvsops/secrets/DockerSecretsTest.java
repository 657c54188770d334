package org.crvsops.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.*;

import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecSecret;
import com.github.dockerjava.api.model.Secret;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmClient.SecretRef;
import org.junit.jupiter.api.Test;

/** Versions, fingerprints and which services move, against a stand-in swarm. */
class DockerSecretsTest {
  private final SwarmClient swarm = mock(SwarmClient.class);
  private final DockerSecrets secrets = new DockerSecrets();

  @Test
  void theFirstValueBecomesVersionOneAndTheSameValueAgainCreatesNothing() {
    assertThat(secrets.create(swarm, "openhim-user", "root@openhim.org", "f1")).isEqualTo(new DockerSecrets.Created("openhim-user.1", true));
    verify(swarm).createSecret("openhim-user.1", "root@openhim.org",
        Map.of("crvs-ops.secret", "openhim-user", "crvs-ops.fingerprint", "f1"));

    versions("openhim-user", secret("id1", "openhim-user.1", "f1"));
    assertThat(secrets.create(swarm, "openhim-user", "root@openhim.org", "f1")).isEqualTo(new DockerSecrets.Created("openhim-user.1", false));
    verify(swarm, times(1)).createSecret(anyString(), anyString(), any());
    assertThat(secrets.current(swarm, "openhim-user")).contains("openhim-user.1");
  }

  @Test
  void aChangedValueBecomesTheNextVersionAfterTheNewestNotTheFirst() {
    versions("openhim-password", secret("id2", "openhim-password.2", "f2"), secret("id10", "openhim-password.10", "f10"),
        secret("x", "openhim-password-old", "f0"));

    assertThat(secrets.create(swarm, "openhim-password", "new", "f11").version()).isEqualTo("openhim-password.11");
    assertThat(secrets.current(swarm, "openhim-password")).contains("openhim-password.10");
  }

  @Test
  void servicesOnOlderVersionsMoveToTheNewestInOneUpdateEach() {
    versions("openhim-user", secret("u1", "openhim-user.1", "a"), secret("u2", "openhim-user.2", "b"));
    versions("openhim-password", secret("p1", "openhim-password.1", "c"), secret("p2", "openhim-password.2", "d"));
    Service workflow = service("workflow", "openhim-user.1", "openhim-password.1");
    when(swarm.servicesUsingSecrets(Set.of("openhim-user.1", "openhim-password.1"))).thenReturn(List.of(workflow));

    List<String> updates = secrets.pointServicesAtCurrent(swarm, List.of("openhim-user", "openhim-password"));

    assertThat(updates).containsExactly("workflow: openhim-user.1 → openhim-user.2, openhim-password.1 → openhim-password.2");
    verify(swarm).replaceSecrets(workflow, Map.of("openhim-user.1", new SecretRef("u2", "openhim-user.2"),
        "openhim-password.1", new SecretRef("p2", "openhim-password.2")));
  }

  @Test
  void onlyServicesOfSecretsWithOlderVersionsAreFollowed() {
    versions("openhim-user", secret("u1", "openhim-user.1", "a"));
    versions("openhim-password", secret("p1", "openhim-password.1", "c"), secret("p2", "openhim-password.2", "d"));
    when(swarm.servicesUsingSecrets(Set.of("openhim-password.2"))).thenReturn(List.of(service("gateway", "openhim-password.2")));

    assertThat(secrets.servicesToFollow(swarm, List.of("openhim-user", "openhim-password")))
        .isEqualTo(Map.of("gateway", Set.of("p2")));
  }

  @Test
  void anOldVersionStillInUseIsKeptAndNamed() {
    versions("openhim-password", secret("p1", "openhim-password.1", "a"), secret("p2", "openhim-password.2", "b"),
        secret("p3", "openhim-password.3", "c"));
    when(swarm.servicesUsingSecrets(Set.of("openhim-password.2"))).thenReturn(List.of(service("metrics", "openhim-password.2")));

    assertThat(secrets.removeOldVersions(swarm, List.of("openhim-password")))
        .containsExactly("removed openhim-password.1", "kept openhim-password.2: still used by metrics");
    verify(swarm).removeSecret("openhim-password.1");
    verify(swarm, never()).removeSecret("openhim-password.2");
    verify(swarm, never()).removeSecret("openhim-password.3");
  }

  private void versions(String name, Secret... found) {
    when(swarm.secretsLabelled("crvs-ops.secret", name)).thenReturn(List.of(found));
  }

  private static Secret secret(String id, String name, String fingerprint) {
    Secret secret = new Secret();
    secret.setId(id);
    secret.setSpec(new ServiceSpec().withName(name).withLabels(Map.of("crvs-ops.fingerprint", fingerprint)));
    return secret;
  }

  private static Service service(String name, String... secretNames) {
    List<ContainerSpecSecret> refs = java.util.Arrays.stream(secretNames)
        .map(s -> new ContainerSpecSecret().withSecretName(s)).toList();
    return new Service().withSpec(new ServiceSpec().withName(name)
        .withTaskTemplate(new TaskSpec().withContainerSpec(new ContainerSpec().withSecrets(refs))));
  }
}
