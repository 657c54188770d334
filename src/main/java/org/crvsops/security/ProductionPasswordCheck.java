package org.crvsops.security;

import java.util.Arrays;
import java.util.Locale;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Under the prod profile, refuses to start before anything is created when the administrator's
 * password is missing, a demo password, or too short; and refuses the demo profile beside prod.
 */
public class ProductionPasswordCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
  static final int MIN_LENGTH = 12;

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    ConfigurableEnvironment env = event.getEnvironment();
    if (!Arrays.asList(env.getActiveProfiles()).contains("prod")) {
      return;
    }
    if (Arrays.asList(env.getActiveProfiles()).contains("demo")) {
      throw new IllegalStateException("The prod and demo profiles cannot run together: demo creates users with known passwords.");
    }
    String id = env.getProperty("camunda.bpm.admin-user.id", "");
    String password = env.getProperty("camunda.bpm.admin-user.password", "");
    String problem = problem(id, password);
    if (problem != null) {
      throw new IllegalStateException("crvs-ops will not start in production: the administrator's password "
          + problem + ". Set CRVSOPS_ADMIN_PASSWORD to a password of at least " + MIN_LENGTH + " characters.");
    }
  }

  static String problem(String id, String password) {
    if (password == null || password.isBlank()) {
      return "is not set";
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (lower.equals("demo") || lower.equals("admin") || lower.equals(id.toLowerCase(Locale.ROOT))) {
      return "is a demo password or the user name";
    }
    if (password.length() < MIN_LENGTH) {
      return "has fewer than " + MIN_LENGTH + " characters";
    }
    return null;
  }
}
