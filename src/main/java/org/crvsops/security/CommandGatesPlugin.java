package org.crvsops.security;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.CommandInterceptor;
import org.springframework.stereotype.Component;

/**
 * Puts {@link CommandGates} before the engine's own interceptors, and {@link TaskCompletionGuard}
 * after them, inside the command's context where it reads the task (the Camunda starter picks up plugin beans).
 */
@Component
class CommandGatesPlugin extends AbstractProcessEnginePlugin {

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    List<CommandInterceptor> pre = configuration.getCustomPreCommandInterceptorsTxRequired() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPreCommandInterceptorsTxRequired());
    pre.add(0, new CommandGates(() -> configuration.getIdentityService().getCurrentAuthentication()));
    configuration.setCustomPreCommandInterceptorsTxRequired(pre);
    List<CommandInterceptor> post = configuration.getCustomPostCommandInterceptorsTxRequired() == null
        ? new ArrayList<>() : new ArrayList<>(configuration.getCustomPostCommandInterceptorsTxRequired());
    post.add(new TaskCompletionGuard());
    configuration.setCustomPostCommandInterceptorsTxRequired(post);
  }
}
