package org.crvsops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The users.acl that Redis reads from the secret redis-acl.{{ts}}, line for line as upstream's deploy.sh writes it. */
class RedisAclTest {
  private static final String DEFAULT = "DefaultPassword0123456789ab";

  @Test
  void theDefaultUserThenEachServicesUserInUpstreamsOrder() {
    Map<String, String> credentials = new TreeMap<>(Map.of("DEFAULT_REDIS_PASSWORD", DEFAULT,
        "AUTH_REDIS_USERNAME", "authUser0123456789abcdefghij", "AUTH_REDIS_PASSWORD", "authPass0123456789abcdefghij",
        "GATEWAY_REDIS_USERNAME", "gatewayUser0123456789abcdef", "GATEWAY_REDIS_PASSWORD", "gatewayPass0123456789abcdef",
        "WORKFLOW_REDIS_USERNAME", "workflowUser0123456789abcde", "WORKFLOW_REDIS_PASSWORD", "workflowPass0123456789abcde",
        "WEBHOOKS_REDIS_USERNAME", "webhooksUser0123456789abcde", "WEBHOOKS_REDIS_PASSWORD", "webhooksPass0123456789abcde",
        "HEARTH_MONGODB_PASSWORD", "hearthPass0123456789abcdefg"));

    assertThat(RedisAcl.text(credentials)).isEqualTo("""
        user default on >DefaultPassword0123456789ab ~* +@all
        user gatewayUser0123456789abcdef on >gatewayPass0123456789abcdef ~* +@all
        user workflowUser0123456789abcde on >workflowPass0123456789abcde ~* +@all
        user authUser0123456789abcdefghij on >authPass0123456789abcdefghij ~* +@all
        user webhooksUser0123456789abcde on >webhooksPass0123456789abcde ~* +@all
        """);
  }

  @Test
  void aServiceWhoseUserTheReleaseDoesNotNeedHasNoLine() {
    assertThat(RedisAcl.text(Map.of("DEFAULT_REDIS_PASSWORD", DEFAULT)))
        .isEqualTo("user default on >" + DEFAULT + " ~* +@all\n");
  }

  @Test
  void refusesAnAclWithoutDefaultPasswordOrAUserWithoutPasswordNamingTheVariableNotTheValue() {
    assertThatThrownBy(() -> RedisAcl.text(Map.of("AUTH_REDIS_USERNAME", "authUser0123456789abcdefghij",
        "AUTH_REDIS_PASSWORD", "authPass0123456789abcdefghij")))
        .hasMessage("The Redis ACL needs DEFAULT_REDIS_PASSWORD, which this deploy's credentials do not hold");
    assertThatThrownBy(() -> RedisAcl.text(Map.of("DEFAULT_REDIS_PASSWORD", DEFAULT,
        "AUTH_REDIS_USERNAME", "authUser0123456789abcdefghij")))
        .hasMessage("The Redis ACL needs AUTH_REDIS_PASSWORD, which this deploy's credentials do not hold");
    assertThatThrownBy(() -> RedisAcl.text(Map.of("DEFAULT_REDIS_PASSWORD", "short pass ~* +@all")))
        .hasMessageContaining("DEFAULT_REDIS_PASSWORD of 25 to 128").hasMessageNotContaining("short pass");
  }
}
