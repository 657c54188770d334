package org.crvsops.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.crvsops.ssh.CommandLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * crvs-ops's command log follows Camunda's history out: once a day, after the history clean-up's
 * window, the commands and lines of instances that Camunda no longer keeps go too. Only lines older
 * than the time to live are looked at, so a running or recent instance is never touched.
 */
@Configuration
@EnableScheduling
class CommandLogRetention {
  private static final Logger log = LoggerFactory.getLogger(CommandLogRetention.class);
  private static final int IN_LIST = 500;

  private final CommandLog commandLog;
  private final HistoryService history;
  private final HistoryRetention retention;

  CommandLogRetention(CommandLog commandLog, HistoryService history, HistoryRetention retention) {
    this.commandLog = commandLog;
    this.history = history;
    this.retention = retention;
  }

  @Scheduled(cron = "${crvsops.audit.command-log-clean-up}")
  void cleanUp() {
    List<String> old = commandLog.instancesLoggedBefore(Instant.now().minus(Duration.ofDays(retention.days())));
    List<String> gone = new ArrayList<>();
    for (int from = 0; from < old.size(); from += IN_LIST) {
      List<String> chunk = old.subList(from, Math.min(old.size(), from + IN_LIST));
      Set<String> kept = new HashSet<>();
      history.createHistoricProcessInstanceQuery().processInstanceIds(new HashSet<>(chunk)).list()
          .stream().map(HistoricProcessInstance::getId).forEach(kept::add);
      chunk.stream().filter(id -> !kept.contains(id)).forEach(gone::add);
    }
    if (!gone.isEmpty()) {
      log.info("Removed {} command log rows of {} process instances whose history was cleaned up",
          commandLog.delete(gone), gone.size());
    }
  }
}
