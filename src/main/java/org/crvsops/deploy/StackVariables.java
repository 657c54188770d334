package org.crvsops.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.crvsops.cluster.Environment;
import org.crvsops.security.SecretStore;
import org.crvsops.ssh.ShellQuote;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The variables `docker stack deploy` substitutes in OpenCRVS's compose files. They reach the
 * manager on standard input, never on a command line (where `ps` would show the passwords); the
 * passwords come from crvs-ops's secret store, under the names the administrator maps them to.
 */
@Component
class StackVariables {
  private final SecretStore secrets;
  private final Map<String, String> secretVariables;

  StackVariables(SecretStore secrets,
      @Value("#{${crvsops.deploy.secret-variables:{'MONGODB_ADMIN_USER':'mongodb_admin_user',"
          + "'MONGODB_ADMIN_PASSWORD':'mongodb_admin_password',"
          + "'ELASTICSEARCH_SUPERUSER_PASSWORD':'elasticsearch_superuser_password'}}}") Map<String, String> secretVariables) {
    this.secrets = secrets;
    this.secretVariables = new TreeMap<>(secretVariables);
  }

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
    return plain(env, DeployOpencrvsProcess.CORE_VERSION.require(execution),
        DeployOpencrvsProcess.COUNTRY_CONFIG_VERSION.require(execution), DeployOpencrvsProcess.NODE_ENV.require(execution),
        DeployOpencrvsProcess.QA_ENV.require(execution));
  }

  /** A shell fragment of assignments, the stored secrets included, for `set -a; . /dev/stdin`. */
  String envFile(Environment env, Map<String, String> plain) {
    StringBuilder file = new StringBuilder();
    plain.forEach((name, value) -> file.append(name).append('=').append(ShellQuote.quote(value)).append('\n'));
    secretVariables.forEach((variable, secret) -> secrets.get(env.name(), secret)
        .ifPresent(value -> file.append(variable).append('=').append(ShellQuote.quote(value)).append('\n')));
    return file.toString();
  }
}
