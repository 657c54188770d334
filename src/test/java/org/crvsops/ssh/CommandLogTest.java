package org.crvsops.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** What a step's sink keeps of the commands SshSessions gives it, as the audit reads it back. */
class CommandLogTest {
  private final CommandLog log = commandLog();
  private final SshTarget node = new SshTarget("10.0.0.5", 22, "root");

  @Test
  void keepsEachCommandWithItsExitCodeTimesAndItsOwnLines() {
    CommandSink sink = (CommandSink) log.sink("pi-1", "Task_PullImages");

    long id = sink.started(node, "pull images", "docker pull opencrvs/ocrvs-gateway:v1.9.0");
    sink.accept(new OutputLine(node, OutputLine.Stream.STDOUT, "v1.9.0: Pulling from opencrvs/ocrvs-gateway", id));
    sink.accept(new OutputLine(node, OutputLine.Stream.STDOUT, "[crvs-ops] pulled on 1 of 3 nodes"));
    sink.ended(id, 0, null);

    assertThat(log.commands("pi-1")).singleElement().satisfies(c -> {
      assertThat(c.activityId()).isEqualTo("Task_PullImages");
      assertThat(c.node()).isEqualTo("10.0.0.5");
      assertThat(c.description()).isEqualTo("pull images");
      assertThat(c.command()).isEqualTo("docker pull opencrvs/ocrvs-gateway:v1.9.0");
      assertThat(c.exitCode()).isZero();
      assertThat(c.failure()).isNull();
      assertThat(c.endedAt()).isAfterOrEqualTo(c.startedAt());
    });
    assertThat(log.read("pi-1")).extracting(CommandLog.Entry::commandId).containsExactly(id, null);
  }

  @Test
  void aCommandWithoutExitCodeKeepsWhyAndAReaderAddedToTheSinkKeepsTheRecord() {
    List<String> read = new ArrayList<>();
    Consumer<OutputLine> sink = log.sink("pi-2", "Task_InspectNode").andThen(line -> read.add(line.text()));

    assertThat(sink).isInstanceOf(CommandSink.class);
    CommandSink recorder = (CommandSink) sink;
    long id = recorder.started(node, "node inspection", "uname -a");
    recorder.accept(new OutputLine(node, OutputLine.Stream.STDOUT, "Linux node1", id));
    recorder.ended(id, null, "node inspection (no exit status within PT30S)");

    assertThat(read).containsExactly("Linux node1");
    assertThat(log.commands("pi-2")).singleElement().satisfies(c -> {
      assertThat(c.exitCode()).isNull();
      assertThat(c.failure()).contains("no exit status");
    });
    assertThat(log.read("pi-2")).extracting(CommandLog.Entry::line).containsExactly("Linux node1");
  }

  private static CommandLog commandLog() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(h2).locations("classpath:db/migration").load().migrate();
    return new CommandLog(JdbcClient.create(h2), new DataSourceTransactionManager(h2));
  }
}
