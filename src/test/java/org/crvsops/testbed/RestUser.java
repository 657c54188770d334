package org.crvsops.testbed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** One person calling crvs-ops's REST APIs (its own /api and Camunda's /engine-rest) with basic auth. */
public final class RestUser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String authorization;

  public RestUser(String baseUrl, String user, String password) {
    this.baseUrl = baseUrl;
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  public record Answer(int status, JsonNode body) {
    public Answer expect(int expected) {
      if (status != expected) {
        throw new AssertionError("HTTP " + status + " where " + expected + " was expected: " + body);
      }
      return this;
    }
  }

  public Answer get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  /** The body as text, whatever its type (a CSV export, say); fails on anything but 200. */
  public String getText(String path) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", authorization)
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new AssertionError("HTTP " + response.statusCode() + " for " + path + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Answer post(String path, Object body) {
    return send(HttpRequest.newBuilder(uri(path)).POST(json(body)));
  }

  public Answer put(String path, Object body) {
    return send(HttpRequest.newBuilder(uri(path)).PUT(json(body)));
  }

  public Answer delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  /** Camunda's REST form of process variables: {"name": {"value": ...}}. */
  public static ObjectNode variables(Map<String, ?> values) {
    ObjectNode vars = JSON.createObjectNode();
    values.forEach((name, value) -> vars.set(name, JSON.createObjectNode().set("value", JSON.valueToTree(value))));
    return JSON.createObjectNode().set("variables", vars);
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }

  private static HttpRequest.BodyPublisher json(Object body) {
    try {
      return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = HTTP.send(request.header("Authorization", authorization)
          .header("Content-Type", "application/json").header("Accept", "application/json").build(),
          HttpResponse.BodyHandlers.ofString());
      String text = response.body();
      JsonNode body = text == null || text.isBlank() ? MissingNode.getInstance() : parse(text);
      return new Answer(response.statusCode(), body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException notJson) {
      return JSON.getNodeFactory().textNode(text);
    }
  }
}
