package org.crvsops.ssh;

import static org.crvsops.security.CrvsOpsGroups.*;

import org.crvsops.security.ApiAccess;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** crvs-ops's public SSH key, to put into each server's authorized_keys. */
@RestController
record SshKeyController(OrchestratorKey key, ApiAccess access) {
  @GetMapping(path = "/api/ssh/public-key", produces = MediaType.TEXT_PLAIN_VALUE)
  String publicKey() {
    access.require("read crvs-ops's public key", OPERATORS, SUPERVISORS, AUDITORS, ADMINS);
    return key.publicKey() + "\n";
  }
}
