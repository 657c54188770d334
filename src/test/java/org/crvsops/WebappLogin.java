package org.crvsops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.CookieManager;
import java.net.HttpCookie;

/** Signs in to one of Camunda's web apps as a browser does: fetch the CSRF cookie, then post the login form. */
public final class WebappLogin {
  private WebappLogin() {}

  /** The HTTP status of the login: 200 signed in, 403 no access to that app (or a wrong password). */
  public static int status(int port, String app, String user, String password) throws Exception {
    CookieManager cookies = new CookieManager();
    HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
    String base = "http://localhost:" + port + "/camunda";
    http.send(HttpRequest.newBuilder(URI.create(base + "/app/" + app + "/default/")).build(),
        HttpResponse.BodyHandlers.discarding());
    String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
        .map(HttpCookie::getValue).findFirst().orElseThrow(() -> new AssertionError("no XSRF-TOKEN cookie"));
    HttpRequest login = HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/default/login/" + app))
        .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", token)
        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)).build();
    return http.send(login, HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
