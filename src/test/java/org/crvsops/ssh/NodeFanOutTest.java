package org.crvsops.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every server at once, the outcomes in the servers' order, and one failure naming each server that failed. */
class NodeFanOutTest {
  private final Redactor redactor = new Redactor();
  private final NodeFanOut fanOut = new NodeFanOut(redactor);
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final NodeFanOut.Step step = new NodeFanOut.Step("Install Docker engine", line -> log.add(line.text()));
  private final List<Server> servers = List.of(new Server("node1"), new Server("node2"), new Server("node3"));

  record Server(String name) implements RemoteHost {
    @Override
    public SshTarget sshTarget() {
      return new SshTarget("10.0.0." + name.charAt(4), 22, "root");
    }

    @Override
    public String label() {
      return name + " (" + sshTarget().host() + ")";
    }
  }

  record Done(String line) implements NodeFanOut.Outcome {}

  @AfterEach
  void stop() {
    fanOut.destroy();
  }

  @Test
  void everyServerRunsAtOnceAndTheOutcomesComeInTheServersOrder() {
    CountDownLatch allStarted = new CountDownLatch(servers.size());

    List<Done> outcomes = fanOut.onEach(step, servers, server -> {
      allStarted.countDown();
      await(allStarted);
      return new Done(server.name() + ": changed");
    });

    assertThat(outcomes).extracting(Done::line).containsExactly("node1: changed", "node2: changed", "node3: changed");
    assertThat(log).hasSize(3).allMatch(l -> l.startsWith("[crvs-ops] node") && l.matches(".* \\([123] of 3 done\\)"));
  }

  @Test
  void theOthersFinishAndTheStepFailsNamingEveryFailedServerWithoutTheSecret() {
    redactor.register("s3cret");

    assertThatThrownBy(() -> fanOut.onEach(step, servers, server -> {
      if (!server.name().equals("node2")) {
        throw new IllegalStateException("apt-get failed with token s3cret");
      }
      return new Done("node2: unchanged");
    })).hasMessage("Install Docker engine failed on 2 of 3 nodes: node1 (10.0.0.1): apt-get failed with token ***;"
        + " node3 (10.0.0.3): apt-get failed with token ***");
    assertThat(log).contains("[crvs-ops] node2: unchanged (1 of 3 done)",
        "[crvs-ops] FAILED node1 (10.0.0.1): apt-get failed with token ***");
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).as("every server started before any ended").isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
