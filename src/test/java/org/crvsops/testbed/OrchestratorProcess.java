package org.crvsops.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * crvs-ops as an operator runs it: the packaged jar in its own JVM, so that a test can kill it
 * (SIGKILL, no shutdown hook runs) and start it again on the same database and data folder.
 * Each launch writes its own log file, which tests may read.
 */
public final class OrchestratorProcess implements AutoCloseable {
  private static final Path JAR = Path.of("target/crvs-ops.jar");
  private final List<String> arguments;
  private final Path logDir;
  private final int port;
  private final List<Path> logs = new ArrayList<>();
  private Process process;
  private java.util.function.BooleanSupplier ready = () -> true;

  /** arguments: Spring properties as --name=value, as `java -jar` takes them. */
  public OrchestratorProcess(Path logDir, List<String> arguments) {
    this.logDir = logDir;
    this.arguments = List.copyOf(arguments);
    this.port = freePort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The log files of every launch so far, oldest first. */
  public List<Path> logs() {
    return List.copyOf(logs);
  }

  /**
   * What start() waits for too, after the REST API answers: the port opens before the ApplicationReadyEvent
   * listeners (the demo users' creation among them) have run.
   */
  public void readyWhen(java.util.function.BooleanSupplier ready) {
    this.ready = ready;
  }

  /** Starts the jar and waits until its REST API answers and it is ready (see readyWhen). */
  public void start() {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run the ITs with `mvn verify`, which packages it first");
    }
    Path log = logDir.resolve("orchestrator-" + (logs.size() + 1) + ".log");
    logs.add(log);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // The quick compiler only: a start (half a minute on two busy cores) is most of what a test pays for.
        "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", JAR.toString(), "--server.port=" + port));
    command.addAll(arguments);
    try {
      Files.createDirectories(logDir);
      process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitAnswer(log);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    while (!ready.getAsBoolean()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("crvs-ops did not get ready; its log:\n" + tail(log));
      }
      pause();
    }
  }

  /** kill -9: the engine stops wherever it is, its open transactions are lost. */
  public void kill() {
    process.destroyForcibly();
    awaitExit();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      awaitExit();
    }
  }

  private void awaitExit() {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitAnswer(Path log) {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("crvs-ops ended at start-up; its log:\n" + tail(log));
      }
      try {
        http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/engine-rest/engine")).build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        pause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    throw new IllegalStateException("crvs-ops did not answer within 3 minutes; its log:\n" + tail(log));
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
