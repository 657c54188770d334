package org.crvsops.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, driven as a person would use it (typing, clicking, reading the page)
 * through the Chrome DevTools Protocol over a WebSocket of java.net.http: no browser driver to install.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
  private final Path profile;
  private final Process browser;
  private final WebSocket page;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

  /** Starts the browser on a blank page, with its own profile in a temporary folder; log: where its output goes. */
  public HeadlessChromium(Path log) throws IOException, InterruptedException {
    Path binary = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of).filter(Files::isExecutable)
        .findFirst().orElseThrow(() -> new IllegalStateException(
            "No Chromium: install Debian's package chromium (scripts/test.sh does)"));
    profile = Files.createTempDirectory("crvs-ops-chromium-");
    ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--headless=new", "--no-sandbox",
        "--remote-debugging-port=0", "--user-data-dir=" + profile, "--no-first-run", "--disable-gpu",
        "--disable-dev-shm-usage", "--window-size=1280,900", "about:blank").redirectErrorStream(true).redirectOutput(log.toFile());
    // Chromium writes beside its profile too (caches, crash reports): keep all of it in the temporary folder.
    builder.environment().put("HOME", profile.toString());
    builder.environment().put("TMPDIR", profile.toString());
    browser = builder.start();
    page = connect(pageSocket(debuggingPort()));
  }

  /** Opens the address and waits until the page has loaded. */
  public void open(String url) {
    JsonNode navigated = send("Page.navigate", Map.of("url", url));
    if (navigated.has("errorText")) {
      throw new IllegalStateException("Chromium could not open " + url + ": " + navigated.get("errorText").asText());
    }
    // A single-page app may change the part after '#' as it starts.
    String address = url.replaceFirst("#.*", "");
    awaitValue("the page " + url + " to load", "document.readyState === 'complete' ? location.href.replace(/#.*/, '') : ''",
        address::equals, Duration.ofSeconds(30));
  }

  /** Clicks into the element (CSS selector) and types the text as keystrokes would. */
  public void type(String selector, String text) {
    click(selector);
    send("Input.insertText", Map.of("text", text));
  }

  /** A real mouse click in the middle of the element, once it is on the page. */
  public void click(String selector) {
    String centre = awaitValue("the element " + selector, "(() => { const e = document.querySelector("
        + JSON.valueToTree(selector) + "); if (!e) return ''; e.scrollIntoView(); const r = e.getBoundingClientRect();"
        + " return (r.left + r.width / 2) + ',' + (r.top + r.height / 2); })()", v -> !v.isEmpty(), Duration.ofSeconds(30));
    double x = Double.parseDouble(centre.split(",")[0]);
    double y = Double.parseDouble(centre.split(",")[1]);
    for (String type : List.of("mousePressed", "mouseReleased")) {
      send("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left", "clickCount", 1));
    }
  }

  /** The page's text as a reader sees it (document.body.innerText), once it satisfies the condition. */
  public String awaitText(String what, Predicate<String> condition, Duration timeout) {
    return awaitValue(what, "document.body ? document.body.innerText : ''", condition, timeout);
  }

  /** Evaluates the expression until its value (as text) satisfies the condition; fails naming the last value. */
  public String awaitValue(String what, String expression, Predicate<String> condition, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    String last = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        last = evaluate(expression);
        if (condition.test(last)) {
          return last;
        }
      } catch (IllegalStateException betweenPages) {
        last = betweenPages.getMessage();
      }
      pause();
    }
    throw new AssertionError("Waited " + timeout.toSeconds() + " s in vain for " + what + "; last seen:\n" + last);
  }

  public String evaluate(String expression) {
    JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true)).path("result");
    return result.path("value").isMissingNode() || result.path("value").isNull() ? "" : result.path("value").asText();
  }

  private JsonNode send(String method, Map<String, Object> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    page.sendText(message.toString(), true).join();
    JsonNode reply;
    try {
      reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(method + " had no answer from Chromium: " + e, e);
    } finally {
      pending.remove(id);
    }
    if (reply.has("error")) {
      throw new IllegalStateException(method + " failed: " + reply.get("error"));
    }
    return reply.path("result");
  }

  // Chromium writes the port it chose into the profile once it listens.
  private int debuggingPort() throws IOException, InterruptedException {
    Path file = profile.resolve("DevToolsActivePort");
    Instant deadline = Instant.now().plusSeconds(30);
    while (!Files.isRegularFile(file) || Files.readAllLines(file).isEmpty()) {
      if (!browser.isAlive() || Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("Chromium did not open its DevTools port (alive: " + browser.isAlive() + ")");
      }
      Thread.sleep(100);
    }
    return Integer.parseInt(Files.readAllLines(file).get(0).strip());
  }

  private static URI pageSocket(int port) throws IOException, InterruptedException {
    HttpResponse<String> targets = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/json/list")).build(), HttpResponse.BodyHandlers.ofString());
    for (JsonNode target : JSON.readTree(targets.body())) {
      if ("page".equals(target.path("type").asText())) {
        return URI.create(target.get("webSocketDebuggerUrl").asText());
      }
    }
    throw new IllegalStateException("Chromium has no page open: " + targets.body());
  }

  private WebSocket connect(URI uri) {
    return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
      private final StringBuilder text = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
          answered(text.toString());
          text.setLength(0);
        }
        socket.request(1);
        return null;
      }
    }).join();
  }

  // Answers carry the id of their command; events (no id) are not needed here.
  private void answered(String message) {
    try {
      JsonNode json = JSON.readTree(message);
      CompletableFuture<JsonNode> waiting = json.has("id") ? pending.get(json.get("id").asInt()) : null;
      if (waiting != null) {
        waiting.complete(json);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void pause() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Ends the browser by its process id, then any of its helper processes still there, and removes its profile. */
  @Override
  public void close() throws IOException {
    List<ProcessHandle> helpers = browser.descendants().toList();
    page.abort();
    browser.destroy();
    try {
      if (!browser.waitFor(10, TimeUnit.SECONDS)) {
        browser.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    helpers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    try (Stream<Path> files = Files.walk(profile)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
