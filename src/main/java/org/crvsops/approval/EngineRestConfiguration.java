package org.crvsops.approval;

import jakarta.ws.rs.ApplicationPath;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.stereotype.Component;

/** Camunda's REST API as the starter makes it, plus crvs-ops's answer to refused approvals. */
@Component
@ApplicationPath("/engine-rest")
public class EngineRestConfiguration extends CamundaJerseyResourceConfig {
  @Override
  protected void registerAdditionalResources() {
    register(ListenerRefusalMapper.class);
    register(ListenerRefusalMapper.Unwrapped.class);
  }
}
