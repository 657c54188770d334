package org.crvsops.cluster;

import java.util.function.Consumer;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.crvsops.ssh.CommandLog;
import org.crvsops.ssh.OutputLine;

/** A step's command log, and its progress lines (as the manager's), each written once however often polled. */
public record StepLog(Consumer<OutputLine> sink, Consumer<String> progress) {
  public static StepLog of(CommandLog log, DelegateExecution execution, Environment env) {
    Consumer<OutputLine> sink = log.sink(execution.getProcessInstanceId(), execution.getCurrentActivityId());
    String[] last = {null};
    Consumer<String> progress = line -> {
      if (!line.equals(last[0])) {
        last[0] = line;
        sink.accept(new OutputLine(env.manager().sshTarget(), OutputLine.Stream.STDOUT, line));
      }
    };
    return new StepLog(sink, progress);
  }
}
