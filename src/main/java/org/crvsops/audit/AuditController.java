package org.crvsops.audit;

import static org.crvsops.security.CrvsOpsGroups.*;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import org.crvsops.security.ApiAccess;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The audit over REST, read only: every group reads it; nothing here changes or deletes anything. */
@RestController
@RequestMapping("/api/audit")
record AuditController(AuditTrail trail, SettingsChanges settingsChanges, ApiAccess access) {
  static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

  /** JSON, or CSV when asked for with Accept: text/csv. */
  @GetMapping("/process-instances")
  ResponseEntity<?> processInstances(@RequestParam(required = false) String environment,
      @RequestParam(required = false) String process, @RequestParam(required = false) String person,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to,
      @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
    List<AuditRecord> records = find(environment, process, person, from, to);
    if (accept != null && accept.contains("text/csv")) {
      return ResponseEntity.ok().contentType(CSV).body(AuditCsv.write(records));
    }
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(records);
  }

  @GetMapping("/export.json")
  ResponseEntity<List<AuditRecord>> exportJson(@RequestParam(required = false) String environment,
      @RequestParam(required = false) String process, @RequestParam(required = false) String person,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).headers(download("crvs-ops-audit.json"))
        .body(find(environment, process, person, from, to));
  }

  @GetMapping("/export.csv")
  ResponseEntity<String> exportCsv(@RequestParam(required = false) String environment,
      @RequestParam(required = false) String process, @RequestParam(required = false) String person,
      @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
    return ResponseEntity.ok().contentType(CSV).headers(download("crvs-ops-audit.csv"))
        .body(AuditCsv.write(find(environment, process, person, from, to)));
  }

  /** Who changed which secret (by name) or which provisioning settings of which environment, and when. */
  @GetMapping("/settings-changes")
  List<SettingsChanges.Change> settingsChanges(@RequestParam(required = false) String environment,
      @RequestParam(required = false) String person, @RequestParam(required = false) String from,
      @RequestParam(required = false) String to) {
    return settingsChanges.find(filter(environment, null, person, from, to));
  }

  private List<AuditRecord> find(String environment, String process, String person, String from, String to) {
    return trail.find(filter(environment, process, person, from, to));
  }

  private AuditFilter filter(String environment, String process, String person, String from, String to) {
    access.require("read the audit", OPERATORS, SUPERVISORS, AUDITORS, ADMINS);
    try {
      return AuditFilter.of(environment, process, person, from, to, ZoneId.systemDefault());
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
    }
  }

  private static HttpHeaders download(String fileName) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentDisposition(ContentDisposition.attachment().filename(fileName).build());
    return headers;
  }
}
