package org.crvsops.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.crvsops.cluster.Environment;

/**
 * The plain variables `docker stack deploy` substitutes in OpenCRVS's compose files: versions, host
 * name, modes, replicas. The passwords are added by SecretVariables, on standard input only.
 */
final class StackVariables {
  private StackVariables() {}

  /** What may be shown: versions, host name, modes, replicas. */
  static Map<String, String> plain(Environment env, String coreVersion, String countryConfigVersion, String nodeEnv,
      String qaEnv) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put("VERSION", coreVersion);
    vars.put("COUNTRY_CONFIG_VERSION", countryConfigVersion);
    vars.put("HOSTNAME", env.domain());
    vars.put("DOMAIN", env.domain());
    vars.put("NODE_ENV", nodeEnv);
    vars.put("QA_ENV", qaEnv);
    vars.put("REPLICAS", Integer.toString(env.replicas()));
    return vars;
  }

  /** This deploy's plain variables: its versions and the modes the environment kind gets. */
  static Map<String, String> plain(Environment env, org.camunda.bpm.engine.delegate.DelegateExecution execution) {
    // From git, the country image's tag is what the pre-flight found for the ref (a tag, or the short commit).
    String countryImage = java.util.Optional.ofNullable(DeployOpencrvsProcess.COUNTRY_IMAGE_TAG.from(execution))
        .orElse(DeployOpencrvsProcess.COUNTRY_CONFIG_VERSION.require(execution));
    return plain(env, DeployOpencrvsProcess.CORE_VERSION.require(execution), countryImage, DeployOpencrvsProcess.NODE_ENV.require(execution),
        DeployOpencrvsProcess.QA_ENV.require(execution));
  }
}
