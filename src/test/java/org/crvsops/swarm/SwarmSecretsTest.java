package org.crvsops.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateSecretCmd;
import com.github.dockerjava.api.command.CreateSecretResponse;
import com.github.dockerjava.api.model.SecretSpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** What goes to the engine when a secret is created, and what docker-java's command log can show of it. */
class SwarmSecretsTest {
  @Test
  void theEngineGetsTheValueBase64EncodedOnceAndNoLogLineHoldsIt() throws Exception {
    DockerClient docker = mock(DockerClient.class, RETURNS_DEEP_STUBS);
    CreateSecretCmd command = mock(CreateSecretCmd.class);
    CreateSecretResponse created = mock(CreateSecretResponse.class);
    ArgumentCaptor<SecretSpec> spec = ArgumentCaptor.forClass(SecretSpec.class);
    when(docker.createSecretCmd(spec.capture())).thenReturn(command);
    when(command.exec()).thenReturn(created);
    when(created.getId()).thenReturn("id1");

    String id = new SwarmClient(docker, null).createSecret("openhim-password.1", "Openhim-Pass-1",
        Map.of("crvs-ops.secret", "openhim-password"));

    assertThat(id).isEqualTo("id1");
    JsonNode json = new ObjectMapper().valueToTree(spec.getValue());
    assertThat(json.get("Name").asText()).isEqualTo("openhim-password.1");
    assertThat(new String(Base64.getDecoder().decode(json.get("Data").asText()), StandardCharsets.UTF_8))
        .isEqualTo("Openhim-Pass-1");
    assertThat(json.get("Labels").get("crvs-ops.secret").asText()).isEqualTo("openhim-password");
    assertThat(spec.getValue().toString()).contains("openhim-password.1").doesNotContain(json.get("Data").asText())
        .doesNotContain("Openhim-Pass-1");
  }
}
