package org.crvsops.security;

import static org.crvsops.security.CrvsOpsGroups.*;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * People to try crvs-ops with, in the demo profile only (the default when no profile is
 * named). "lead" is both operator and supervisor, to show that nobody approves their own change.
 */
@Component
@Profile("demo")
class DemoUsers {
  private record Demo(String id, String first, String last, List<String> groups) {}

  private static final List<Demo> USERS = List.of(
      new Demo("operator", "Olive", "Operator", List.of(OPERATORS)),
      new Demo("supervisor", "Sam", "Supervisor", List.of(SUPERVISORS)),
      new Demo("lead", "Lee", "Lead", List.of(OPERATORS, SUPERVISORS)),
      new Demo("auditor", "Ada", "Auditor", List.of(AUDITORS)));

  private final IdentityService identity;
  private final String password;

  DemoUsers(IdentityService identity, @Value("${crvsops.demo.password:demo}") String password) {
    this.identity = identity;
    this.password = password;
  }

  @Order(3)
  @EventListener(ApplicationReadyEvent.class)
  void create() {
    for (Demo demo : USERS) {
      if (identity.createUserQuery().userId(demo.id()).count() == 0) {
        User user = identity.newUser(demo.id());
        user.setFirstName(demo.first());
        user.setLastName(demo.last());
        user.setEmail(demo.id() + "@demo.crvs-ops.invalid");
        user.setPassword(password);
        identity.saveUser(user);
        demo.groups().forEach(g -> identity.createMembership(demo.id(), g));
      }
    }
  }
}
