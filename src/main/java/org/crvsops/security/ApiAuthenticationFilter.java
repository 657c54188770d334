package org.crvsops.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sign-in for crvs-ops's own API (/api/*) against Camunda's users and groups, so that the engine
 * sees the caller as the person who starts a process and checks their rights: HTTP Basic, or, for
 * reading only, the session of Camunda's web apps, so that crvs-ops's pages need no second login.
 * A change needs Basic: a session cookie goes with any request the browser makes, even one that
 * another site's page makes it send (cross-site request forgery).
 */
public class ApiAuthenticationFilter extends OncePerRequestFilter {
  private final IdentityService identity;
  private final String engineName;

  public ApiAuthenticationFilter(IdentityService identity, String engineName) {
    this.identity = identity;
    this.engineName = engineName;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String user = request.getHeader("Authorization") == null && isRead(request) ? webappUser(request)
        : basicUser(request.getHeader("Authorization"));
    if (user == null) {
      response.setHeader("WWW-Authenticate", "Basic realm=\"crvs-ops\"");
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setContentType("application/json");
      response.getWriter().write("{\"status\":401,\"message\":\"Sign in with your crvs-ops user name and password"
          + " (HTTP Basic), or, to read, in Camunda's web apps (/camunda/app/). After a wrong password, that user's"
          + " next sign-in is refused for a while (seconds at first, at most a minute), even with the right one.\"}");
      return;
    }
    // Groups as they are now, not as they were when the session began.
    List<String> groups = identity.createGroupQuery().groupMember(user).list().stream().map(Group::getId).toList();
    identity.setAuthentication(user, groups);
    try {
      chain.doFilter(request, response);
    } finally {
      identity.clearAuthentication();
    }
  }

  private static boolean isRead(HttpServletRequest request) {
    return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
  }

  private String webappUser(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Authentication signedIn = session == null ? null
        : AuthenticationUtil.getAuthsFromSession(session).getAuthenticationForProcessEngine(engineName);
    return signedIn == null ? null : signedIn.getIdentityId();
  }

  /** The engine checks the password, so a wrong one delays that user's next sign-in here as everywhere else. */
  private String basicUser(String header) {
    String[] credentials = basicCredentials(header);
    return credentials != null && identity.checkPassword(credentials[0], credentials[1]) ? credentials[0] : null;
  }

  private static String[] basicCredentials(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 1 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
