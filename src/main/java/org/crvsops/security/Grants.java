package org.crvsops.security;

import static org.camunda.bpm.engine.authorization.Authorization.AUTH_TYPE_GRANT;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Adds a group's rights where they are missing; never removes what an administrator granted. */
@Component
record Grants(AuthorizationService authorizations) {
  private static final Logger log = LoggerFactory.getLogger(Grants.class);

  void grant(String group, Resource resource, String resourceId, Permission... permissions) {
    Authorization auth = find(group, resource, resourceId);
    if (auth == null) {
      auth = authorizations.createNewAuthorization(AUTH_TYPE_GRANT);
      auth.setGroupId(group);
      auth.setResource(resource);
      auth.setResourceId(resourceId);
    } else if (grantsAll(auth, permissions)) {
      return;
    }
    for (Permission p : permissions) {
      auth.addPermission(p);
    }
    Authorization toSave = auth;
    saveUnlessRaced(() -> authorizations.saveAuthorization(toSave), () -> {
      Authorization saved = find(group, resource, resourceId);
      return saved != null && grantsAll(saved, permissions);
    });
  }

  /** A second orchestrator starting on the same database may save the same row first; any other failure is real. */
  static void saveUnlessRaced(Runnable save, BooleanSupplier savedByOther) {
    try {
      save.run();
    } catch (RuntimeException e) {
      if (!savedByOther.getAsBoolean()) {
        throw e;
      }
      log.info("Another crvs-ops instance set up the same right first");
    }
  }

  private Authorization find(String group, Resource resource, String resourceId) {
    return authorizations.createAuthorizationQuery().authorizationType(AUTH_TYPE_GRANT).groupIdIn(group)
        .resourceType(resource).resourceId(resourceId).list().stream().findFirst().orElse(null);
  }

  private static boolean grantsAll(Authorization auth, Permission... permissions) {
    return Arrays.stream(permissions).allMatch(auth::isPermissionGranted);
  }
}
