package org.crvsops.ssh;

import static org.crvsops.security.CrvsOpsGroups.*;

import java.util.List;
import org.crvsops.security.ApiAccess;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** What a process instance's remote commands printed, for operators following it and for auditors. */
@RestController
record CommandLogController(CommandLog log, ApiAccess access) {
  @GetMapping("/api/process-instances/{id}/command-log")
  List<CommandLog.Entry> read(@PathVariable String id) {
    access.require("read command logs", OPERATORS, SUPERVISORS, AUDITORS, ADMINS);
    return log.read(id);
  }
}
