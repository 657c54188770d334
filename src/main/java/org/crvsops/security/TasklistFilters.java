package org.crvsops.security;

import static org.crvsops.security.CrvsOpsGroups.*;

import java.util.Map;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.crvsops.approval.ApproveChangeProcess;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** The saved task lists each group finds in Tasklist, made once and shared by name. */
@Component
record TasklistFilters(FilterService filters, TaskService tasks, Grants grants) {
  static final String APPROVALS = "Approvals waiting for me";
  static final String GROUP_TASKS = "Tasks for my groups";

  @Order(2)
  @EventListener(ApplicationReadyEvent.class)
  void setUp() {
    TaskQuery approvals = tasks.createTaskQuery().processDefinitionKey(ApproveChangeProcess.KEY)
        .taskCandidateGroup(SUPERVISORS).includeAssignedTasks();
    filter(APPROVALS, approvals, -10,
        "Changes to production that someone else started and that wait for a supervisor's decision.", SUPERVISORS);
    TaskQuery groupTasks = tasks.createTaskQuery().taskCandidateGroupInExpression("${currentUserGroups()}")
        .includeAssignedTasks();
    filter(GROUP_TASKS, groupTasks, 0, "Every open task offered to one of your groups.", OPERATORS, SUPERVISORS);
  }

  private void filter(String name, TaskQuery query, int priority, String description, String... groups) {
    Filter filter = filters.createFilterQuery().filterName(name).singleResult();
    if (filter == null) {
      filter = filters.newTaskFilter(name).setQuery(query)
          .setProperties(Map.of("description", description, "priority", priority, "refresh", true));
      filters.saveFilter(filter);
    }
    for (String group : groups) {
      grants.grant(group, Resources.FILTER, filter.getId(), Permissions.READ);
    }
  }
}
