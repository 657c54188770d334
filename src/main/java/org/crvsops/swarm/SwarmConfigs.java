package org.crvsops.swarm;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecConfig;
import com.github.dockerjava.api.model.Service;
import java.util.List;
import java.util.Map;

/** Docker configs (a stack's files, e.g. opencrvs_kibana.1718000000), and the services that refer to them. */
record SwarmConfigs(DockerClient docker) {
  List<String> names() {
    return docker.listConfigsCmd().exec().stream().map(c -> c.getSpec().getName()).toList();
  }

  void remove(String name) {
    docker.listConfigsCmd().withFilters(Map.of("name", List.of(name))).exec().stream()
        .filter(c -> name.equals(c.getSpec().getName())).forEach(c -> docker.removeConfigCmd(c.getId()).exec());
  }

  static List<String> names(Service service) {
    ContainerSpec container = service.getSpec().getTaskTemplate() == null ? null
        : service.getSpec().getTaskTemplate().getContainerSpec();
    return container == null || container.getConfigs() == null ? List.of()
        : container.getConfigs().stream().map(ContainerSpecConfig::getConfigName).toList();
  }
}
