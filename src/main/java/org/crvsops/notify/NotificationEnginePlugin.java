package org.crvsops.notify;

import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.incident.IncidentHandler;

/**
 * Puts {@link IncidentMail} beside Camunda's own incident handlers (Camunda's documented
 * extension points: a process engine plugin, customIncidentHandlers). With composite handlers on, the
 * engine's default handler still creates every incident and ours is called after it; without them
 * ours would replace it. With notifications off the engine is left as it is.
 */
class NotificationEnginePlugin extends AbstractProcessEnginePlugin {
  private final List<IncidentMail> handlers;

  NotificationEnginePlugin(List<IncidentMail> handlers) {
    this.handlers = handlers;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (handlers.isEmpty()) {
      return;
    }
    configuration.setCompositeIncidentHandlersEnabled(true);
    List<IncidentHandler> custom = configuration.getCustomIncidentHandlers() == null ? new ArrayList<>()
        : new ArrayList<>(configuration.getCustomIncidentHandlers());
    custom.addAll(handlers);
    configuration.setCustomIncidentHandlers(custom);
  }
}
