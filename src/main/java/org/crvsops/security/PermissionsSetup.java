package org.crvsops.security;

import static org.crvsops.security.CrvsOpsGroups.*;

import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.authorization.HistoricProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.HistoricTaskPermissions;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.UserOperationLogCategoryPermissions;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Makes the four groups and their rights exist, every start, without removing anything an
 * administrator added in Camunda Admin. Runs after deployment, so every startable process
 * gets its start right.
 */
@Component
record PermissionsSetup(IdentityService identity, Grants grants, RepositoryService repository) {
  private static final Logger log = LoggerFactory.getLogger(PermissionsSetup.class);
  private static final String ANY = "*";

  @Order(1)
  @EventListener(ApplicationReadyEvent.class)
  void setUp() {
    group(OPERATORS, "Operators");
    group(SUPERVISORS, "Supervisors");
    group(AUDITORS, "Auditors");
    group(ADMINS, "Administrators");
    operators();
    supervisors();
    auditors();
    for (Resource resource : Resources.values()) {
      grant(ADMINS, resource, ANY, Permissions.ALL);
    }
    log.info("Groups {}, {}, {} and {} and their rights are in place", OPERATORS, SUPERVISORS, AUDITORS, ADMINS);
  }

  private void operators() {
    grant(OPERATORS, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(OPERATORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    readOnly(OPERATORS);
    grant(OPERATORS, Resources.PROCESS_INSTANCE, ANY, Permissions.CREATE);
    for (String key : startableProcesses()) {
      grant(OPERATORS, Resources.PROCESS_DEFINITION, key, Permissions.CREATE_INSTANCE);
    }
  }

  private void supervisors() {
    grant(SUPERVISORS, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
    grant(SUPERVISORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    readOnly(SUPERVISORS);
  }

  private void auditors() {
    grant(AUDITORS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
    readOnly(AUDITORS);
    grant(AUDITORS, Resources.TASK, ANY, Permissions.READ);
    grant(AUDITORS, Resources.HISTORIC_TASK, ANY, HistoricTaskPermissions.READ);
    grant(AUDITORS, Resources.HISTORIC_PROCESS_INSTANCE, ANY, HistoricProcessInstancePermissions.READ);
    grant(AUDITORS, Resources.DEPLOYMENT, ANY, Permissions.READ);
    grant(AUDITORS, Resources.DECISION_DEFINITION, ANY, Permissions.READ, Permissions.READ_HISTORY);
    grant(AUDITORS, Resources.DECISION_REQUIREMENTS_DEFINITION, ANY, Permissions.READ);
    grant(AUDITORS, Resources.OPERATION_LOG_CATEGORY, ANY, UserOperationLogCategoryPermissions.READ);
  }

  /**
   * Seeing definitions, running instances and history; no update, so nobody edits an approval away.
   * Reading variables is its own right (enforce-specific-variable-permission), so that writing them is too.
   */
  private void readOnly(String group) {
    grant(group, Resources.PROCESS_DEFINITION, ANY, Permissions.READ, Permissions.READ_INSTANCE, Permissions.READ_HISTORY,
        ProcessDefinitionPermissions.READ_INSTANCE_VARIABLE, ProcessDefinitionPermissions.READ_HISTORY_VARIABLE,
        ProcessDefinitionPermissions.READ_TASK_VARIABLE);
    grant(group, Resources.PROCESS_INSTANCE, ANY, Permissions.READ);
  }

  private List<String> startableProcesses() {
    return repository.createProcessDefinitionQuery().latestVersion().startableInTasklist().list()
        .stream().map(ProcessDefinition::getKey).distinct().toList();
  }

  private void group(String id, String name) {
    if (identity.createGroupQuery().groupId(id).count() > 0) {
      return;
    }
    Group group = identity.newGroup(id);
    group.setName(name);
    group.setType("WORKFLOW");
    Grants.saveUnlessRaced(() -> identity.saveGroup(group), () -> identity.createGroupQuery().groupId(id).count() > 0);
  }

  private void grant(String group, Resource resource, String resourceId, Permission... permissions) {
    grants.grant(group, resource, resourceId, permissions);
  }
}
