package org.crvsops.notify;

import static org.crvsops.security.CrvsOpsGroups.ADMINS;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crvsops.security.ApiAccess;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tries the SMTP settings at once: one test mail to every configured address, sent while the caller
 * waits, and the server's answer (secrets masked) if it refuses. Administrators only: it mails everyone.
 */
@RestController
record NotificationController(NotificationSettings settings, MailTransport transport, ApiAccess access) {
  @PostMapping("/api/notifications/test-mail")
  ResponseEntity<Map<String, Object>> testMail() {
    String user = access.require("send a test mail", ADMINS);
    if (!settings.enabled()) {
      return answer(HttpStatus.CONFLICT, "Notifications are off: set " + NotificationSettings.ENABLED
          + "=true and the SMTP settings (docs/notifications.md), then restart crvs-ops.", List.of());
    }
    Set<String> to = new LinkedHashSet<>();
    for (MailKind kind : MailKind.values()) {
      to.addAll(settings.recipients(kind));
    }
    try {
      transport.send(List.copyOf(to), new Notice("[crvs-ops] Test mail", "This is a test mail that " + user
          + " asked crvs-ops to send, to check its SMTP settings (" + settings.host() + ":" + settings.port() + ", security "
          + settings.security().toString().toLowerCase(java.util.Locale.ROOT) + "). Nothing needs to be done.\n"));
    } catch (MailTransport.MailNotSent e) {
      return answer(HttpStatus.BAD_GATEWAY, "The SMTP server " + settings.host() + ":" + settings.port()
          + " did not take the mail: " + e.getMessage(), List.copyOf(to));
    }
    return answer(HttpStatus.OK, "Test mail sent to " + String.join(", ", to) + ".", List.copyOf(to));
  }

  private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String message, List<String> to) {
    return ResponseEntity.status(status).body(Map.of("status", status.value(), "message", message, "to", to));
  }
}
