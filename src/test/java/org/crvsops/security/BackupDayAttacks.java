package org.crvsops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.Locale;
import java.util.Map;
import org.crvsops.testbed.RestUser;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, point 8: a backup writes only today's day slot. An operator starting Daily backup over REST
 * with another day would overwrite that day's backup, one a restore may need.
 */
abstract class BackupDayAttacks {
  private final InsiderOrchestrator crvsOps = InsiderOrchestrator.get();

  @Test
  void operatorStartsTheDailyBackupWithAnotherDaysSlot() {
    // The jar runs on this machine, in its zone: tomorrow is never its slot.
    DayOfWeek tomorrow = LocalDate.now().getDayOfWeek().plus(1);
    String other = tomorrow.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    long before = backupsStarted();
    long commands = commandsLogged();

    RestUser.Answer answer = crvsOps.operator.post("/engine-rest/process-definition/key/backup-environment/start",
        RestUser.variables(Map.of("backupDay", other)));

    assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
    assertThat(answer.body().path("message").asText()).contains("backupDay '" + other + "' refused: a backup writes"
        + " only today's slot");
    assertThat(backupsStarted()).as("no backup instance, so nothing ran").isEqualTo(before);
    assertThat(commandsLogged()).as("no command was sent to a server").isEqualTo(commands);
  }

  private long commandsLogged() {
    return crvsOps.db.sql("select count(*) from crvsops_command_log").query(Long.class).single();
  }

  private long backupsStarted() {
    return crvsOps.operator.get("/engine-rest/history/process-instance/count?processDefinitionKey=backup-environment")
        .expect(200).body().path("count").asLong();
  }
}
