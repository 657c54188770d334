package org.crvsops.cluster;

import static org.crvsops.security.CrvsOpsGroups.*;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.crvsops.security.ApiAccess;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Environments over REST. Every change runs the register-environment process as the caller,
 * so it is in the history and a production change waits for a supervisor, as from Tasklist.
 */
@RestController
@RequestMapping("/api/environments")
record EnvironmentController(EnvironmentRepository environments, RuntimeService runtime, ApiAccess access) {
  private static final String[] READERS = {OPERATORS, SUPERVISORS, AUDITORS, ADMINS};
  private static final String[] WRITERS = {OPERATORS, ADMINS};

  /** An inventory file pasted in, with what the file does not say. */
  record InventoryImport(String name, String kind, String domain, String inventory) {}

  /** A change accepted but not yet saved: it waits for a supervisor. */
  record PendingChange(String status, String processInstanceId, String message) {}

  @GetMapping
  List<Environment> list() {
    access.require("read environments", READERS);
    return environments.findAll();
  }

  @GetMapping("/{name}")
  Environment get(@PathVariable String name) {
    access.require("read environments", READERS);
    return environments.find(name).orElseThrow(() -> notFound(name));
  }

  @PostMapping
  ResponseEntity<?> create(@RequestBody EnvironmentDraft draft) {
    return register(draft, true);
  }

  @PostMapping("/import")
  ResponseEntity<?> importInventory(@RequestBody InventoryImport file) {
    // Rights first: whoever may not register learns nothing about their inventory's faults.
    access.require("register or change environments", WRITERS);
    return register(AnsibleInventory.parse(file.name(), file.kind(), file.domain(), file.inventory()), true);
  }

  @PutMapping("/{name}")
  ResponseEntity<?> update(@PathVariable String name, @RequestBody EnvironmentDraft draft) {
    if (draft.name() != null && !draft.name().equals(name)) {
      throw new InvalidEnvironmentException(List.of(new FieldError("name", draft.name(),
          "the name in the address, '" + name + "': an environment cannot be renamed")));
    }
    return register(new EnvironmentDraft(name, draft.kind(), draft.domain(), draft.replicas(), draft.manager(),
        draft.workers(), draft.backup()), false);
  }

  @DeleteMapping("/{name}")
  ResponseEntity<Void> delete(@PathVariable String name) {
    access.require("delete environments", WRITERS);
    Environment env = environments.find(name).orElseThrow(() -> notFound(name));
    if (env.isProduction() && !access.isMember(ADMINS)) {
      throw new ApiAccess.ForbiddenException("Production environment '" + name
          + "' can be deleted only by a member of " + ADMINS + ".");
    }
    environments.delete(name);
    return ResponseEntity.noContent().build();
  }

  private ResponseEntity<?> register(EnvironmentDraft draft, boolean create) {
    access.require("register or change environments", WRITERS);
    Environment env = EnvironmentValidator.validate(draft, environments.findAll());
    boolean exists = environments.exists(env.name());
    if (create && exists) {
      throw new ResponseStatusException(HttpStatus.CONFLICT, "Environment '" + env.name()
          + "' exists already: change it with PUT /api/environments/" + env.name() + ".");
    }
    if (!create && !exists) {
      throw notFound(env.name());
    }
    Map<String, Object> vars = new HashMap<>();
    RegisterEnvironmentProcess.INPUT_MODE.put(vars, RegisterEnvironmentProcess.DRAFT);
    RegisterEnvironmentProcess.ENVIRONMENT_DRAFT.put(vars, RegisterEnvironmentProcess.json(EnvironmentDraft.of(env)));
    ProcessInstance instance = runtime.startProcessInstanceByKey(RegisterEnvironmentProcess.KEY, env.name(), vars);
    if (instance.isEnded()) {
      Environment saved = environments.find(env.name()).orElseThrow();
      return create ? ResponseEntity.created(URI.create("/api/environments/" + env.name())).body(saved)
          : ResponseEntity.ok(saved);
    }
    return ResponseEntity.accepted().body(new PendingChange("waiting-for-approval", instance.getId(),
        "Production environment '" + env.name() + "' is saved once a supervisor other than you approves it in Tasklist."));
  }

  private static ResponseStatusException notFound(String name) {
    return new UnknownEnvironment(name);
  }
}
