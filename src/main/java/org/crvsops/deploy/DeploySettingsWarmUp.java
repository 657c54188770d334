package org.crvsops.deploy;

import java.io.InputStream;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.dmn.engine.DmnEngine;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The first decision evaluated after a start loads Camunda's FEEL engine (hundreds of classes, half
 * a second or more), which the first deploy would otherwise wait for. Once crvs-ops is up, a
 * background thread evaluates deploy-settings.dmn once with a stand-alone DMN engine: the classes
 * are then loaded, and nothing is written to the history.
 */
@Component
class DeploySettingsWarmUp {
  private static final Logger log = LoggerFactory.getLogger(DeploySettingsWarmUp.class);

  @EventListener(ApplicationReadyEvent.class)
  void warmUp() {
    Thread thread = new Thread(DeploySettingsWarmUp::evaluateOnce, "deploy-settings-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  private static void evaluateOnce() {
    try (InputStream model = DeploySettingsWarmUp.class.getResourceAsStream("/processes/deploy-settings.dmn")) {
      DmnEngine engine = DmnEngineConfiguration.createDefaultDmnEngineConfiguration().buildEngine();
      DmnDecision decision = engine.parseDecision(DeployOpencrvsProcess.SETTINGS_DECISION, model);
      engine.evaluateDecisionTable(decision, Variables.createVariables().putValue("environmentKind", "staging"));
    } catch (Exception e) {
      // Only speed is lost: the first deploy loads the classes itself.
      log.debug("Warming up the deploy settings decision failed", e);
    }
  }
}
