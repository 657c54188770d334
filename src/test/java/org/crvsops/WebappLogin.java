package org.crvsops;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A browser session in one of Camunda's web apps: fetch the CSRF cookie, post the login form, then call the app's API. */
public final class WebappLogin {
  private final HttpClient http;
  private final CookieManager cookies = new CookieManager();
  private final String base;
  private final String token;
  private final int status;

  private WebappLogin(int port, String app, String user, String password) throws IOException, InterruptedException {
    this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
    this.base = "http://localhost:" + port + "/camunda";
    http.send(HttpRequest.newBuilder(URI.create(base + "/app/" + app + "/default/")).build(),
        HttpResponse.BodyHandlers.discarding());
    this.token = csrfToken();
    HttpRequest login = HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/default/login/" + app))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)).build();
    this.status = http.send(login, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  public static WebappLogin signIn(int port, String app, String user, String password) throws Exception {
    return new WebappLogin(port, app, user, password);
  }

  /** The HTTP status of the login: 200 signed in, 403 no access to that app (or a wrong password). */
  public static int status(int port, String app, String user, String password) throws Exception {
    return signIn(port, app, user, password).status;
  }

  /** A call to crvs-ops's own /api with nothing but this session's cookie, as a crvs-ops page makes it: its status. */
  public int apiStatus(String method, String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base.replace("/camunda", "") + path))
        .header("Content-Type", "application/json").method(method, method.equals("GET")
            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{\"value\": \"v\"}")).build();
    return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /**
   * DELETE on the web apps' engine API, as the signed-in user. The sign-in began a new session with
   * a token of its own, which the web apps hand out with the next answer: a change needs that one.
   */
  public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
    http.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/default")).build(),
        HttpResponse.BodyHandlers.discarding());
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/engine/engine/default/" + path))
        .header("X-XSRF-TOKEN", csrfToken()).DELETE().build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** POST of a JSON body on the web apps' engine API, as Tasklist sends a form: with the session's new token. */
  public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
    http.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/default")).build(),
        HttpResponse.BodyHandlers.discarding());
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/engine/engine/default/" + path))
        .header("X-XSRF-TOKEN", csrfToken()).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private String csrfToken() {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(HttpCookie::getValue).reduce((first, last) -> last)
        .orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
  }

  /** GET on the web apps' engine API (/camunda/api/engine/engine/default/...), as the signed-in user. */
  public String get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/engine/engine/default/" + path))
        .header("X-XSRF-TOKEN", token).header("Accept", "application/json").build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }
}
