package org.crvsops.security;

import java.util.Arrays;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/** Who is calling crvs-ops's own API, and whether their groups allow what they ask. */
@Component
public class ApiAccess {
  private final IdentityService identity;

  ApiAccess(IdentityService identity) {
    this.identity = identity;
  }

  /** The caller's user id, after checking that they are in one of the groups. */
  public String require(String action, String... groups) {
    Authentication auth = identity.getCurrentAuthentication();
    if (auth == null) {
      throw new ForbiddenException("Sign in to " + action + ".");
    }
    List<String> theirs = auth.getGroupIds() == null ? List.of() : auth.getGroupIds();
    if (Arrays.stream(groups).noneMatch(theirs::contains)) {
      throw new ForbiddenException("'" + auth.getUserId() + "' may not " + action + ": only members of "
          + String.join(", ", groups) + " may.");
    }
    return auth.getUserId();
  }

  public boolean isMember(String group) {
    Authentication auth = identity.getCurrentAuthentication();
    return auth != null && auth.getGroupIds() != null && auth.getGroupIds().contains(group);
  }

  /** Refused for the caller's groups; the message says who may. */
  public static class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
      super(message);
    }
  }
}
