package org.crvsops.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstanceQuery;
import org.camunda.bpm.engine.repository.DecisionDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps every process's history for crvsops.audit.history-time-to-live after it ended, whatever its
 * model says: at every start each process and decision definition, of every version, gets that time
 * to live (models keep their own only as the value Camunda requires to deploy them). Instances that
 * ended before a change get their removal time computed again, so that a changed setting holds for
 * the whole history. Camunda's history clean-up then removes what is due, in its nightly window.
 */
@Component
class HistoryRetention {
  static final String PROPERTY = "crvsops.audit.history-time-to-live";
  private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);
  private static final Pattern DAYS = Pattern.compile("P(\\d{1,6})D");

  private final RepositoryService repository;
  private final HistoryService history;
  private final int days;

  HistoryRetention(RepositoryService repository, HistoryService history, @Value("${" + PROPERTY + "}") String timeToLive) {
    this.repository = repository;
    this.history = history;
    this.days = days(timeToLive);
  }

  int days() {
    return days;
  }

  /** Camunda counts history's time to live in whole days: P1825D, five years. */
  static int days(String value) {
    Matcher m = DAYS.matcher(value == null ? "" : value.strip());
    if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
      throw new IllegalArgumentException(PROPERTY + " '" + value + "' is not allowed: a number of days of at least 1"
          + " written P<days>D, e.g. P1825D for five years");
    }
    return Integer.parseInt(m.group(1));
  }

  @EventListener(ApplicationReadyEvent.class)
  void apply() {
    List<String> changed = new ArrayList<>();
    for (ProcessDefinition d : repository.createProcessDefinitionQuery().list()) {
      if (!Integer.valueOf(days).equals(d.getHistoryTimeToLive())) {
        update(() -> repository.updateProcessDefinitionHistoryTimeToLive(d.getId(), days));
        changed.add(d.getId());
      }
    }
    for (DecisionDefinition d : repository.createDecisionDefinitionQuery().list()) {
      if (!Integer.valueOf(days).equals(d.getHistoryTimeToLive())) {
        update(() -> repository.updateDecisionDefinitionHistoryTimeToLive(d.getId(), days));
      }
    }
    for (String definition : changed) {
      HistoricProcessInstanceQuery ended = history.createHistoricProcessInstanceQuery().processDefinitionId(definition)
          .rootProcessInstances().finished();
      if (ended.count() > 0) {
        // A batch: the job executor recomputes the removal time of each instance and everything it called.
        history.setRemovalTimeToHistoricProcessInstances().calculatedRemovalTime().byQuery(ended).hierarchical()
            .executeAsync();
      }
    }
    log.info("History of every process is kept {} days after it ended ({} definitions changed)", days, changed.size());
  }

  // Two orchestrators starting on one database may both set it; the second finds it set.
  private static void update(Runnable change) {
    try {
      change.run();
    } catch (OptimisticLockingException e) {
      log.info("Another crvs-ops instance set the same history time to live first");
    }
  }
}
