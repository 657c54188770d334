package org.crvsops.notify;

/**
 * Where a mail sends its reader: Tasklist for a waiting task, Cockpit for a process. The base is
 * crvsops.notifications.link-base-url, the address people open crvs-ops at, not the one it listens on.
 */
record CamundaLinks(String baseUrl, String applicationPath, String engineName) {

  String task(String taskId) {
    return app("tasklist") + "/#/?task=" + taskId;
  }

  String processInstance(String processInstanceId) {
    return app("cockpit") + "/#/process-instance/" + processInstanceId + "/runtime";
  }

  String processDefinition(String processDefinitionId) {
    return app("cockpit") + "/#/process-definition/" + processDefinitionId + "/runtime";
  }

  String history(String processInstanceId) {
    return baseUrl + "/engine-rest/history/process-instance/" + processInstanceId;
  }

  private String app(String name) {
    return baseUrl + applicationPath + "/app/" + name + "/" + engineName;
  }
}
