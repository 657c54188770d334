package org.crvsops.ssh;

import static org.crvsops.security.CrvsOpsGroups.*;

import java.util.List;
import org.crvsops.security.ApiAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The pinned host keys. Forgetting one (after a server was reinstalled) is an administrator's
 * decision: the next contact then asks an operator to confirm the new key.
 */
@RestController
@RequestMapping("/api/host-keys")
record HostKeyController(HostKeyPins pins, SshSessions sessions, ApiAccess access) {
  private static final Logger log = LoggerFactory.getLogger(HostKeyController.class);

  @GetMapping
  List<HostKeyPins.Pin> list() {
    access.require("read pinned host keys", OPERATORS, SUPERVISORS, AUDITORS, ADMINS);
    return pins.all();
  }

  @DeleteMapping
  ResponseEntity<Void> forget(@RequestParam String host, @RequestParam(defaultValue = "22") int port) {
    String admin = access.require("forget a pinned host key", ADMINS);
    if (!pins.forget(host, port)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No host key is pinned for " + host + ":" + port + ".");
    }
    sessions.disconnect(host, port);
    log.info("{} forgot the pinned host key of {}:{}", admin, host, port);
    return ResponseEntity.noContent().build();
  }
}
