package org.crvsops.audit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Nobody deletes or rewrites the audit through the application, administrators included (Camunda
 * lets its administrators delete history): Camunda's REST API and the web apps' copy of it refuse
 * to delete history, to set its removal time, to annotate the operation log, to change or delete
 * comments (an approval's), and to delete a deployment or definition with its history. History
 * goes only by the nightly clean-up, after crvsops.audit.history-time-to-live.
 */
class HistoryProtection extends OncePerRequestFilter {
  private static final List<String> CHANGES_TO_HISTORY = List.of("/history/process-instance/delete",
      "/history/decision-instance/delete", "/set-removal-time", "/set-annotation", "/clear-annotation");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // The query string, not getParameter: that would consume a form's body (the web apps' login) before its servlet.
    if (refused(request.getMethod(), request.getRequestURI(), request.getQueryString())) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setContentType("application/json");
      response.getWriter().write("{\"status\":403,\"message\":\"Nobody deletes or changes the audit through crvs-ops:"
          + " history is removed only by the nightly history clean-up, after crvsops.audit.history-time-to-live.\"}");
      return;
    }
    chain.doFilter(request, response);
  }

  static boolean refused(String method, String path, String query) {
    boolean delete = "DELETE".equals(method);
    if (delete && path.contains("/history/")) {
      return true;
    }
    if ((delete || "PUT".equals(method)) && path.contains("/comment")) {
      return true;
    }
    boolean cascade = query != null && query.toLowerCase(Locale.ROOT).contains("cascade=true");
    if (delete && cascade && (path.contains("/deployment/") || path.contains("/process-definition/")
        || path.contains("/decision-definition/"))) {
      return true;
    }
    return !"GET".equals(method) && CHANGES_TO_HISTORY.stream().anyMatch(path::contains);
  }
}
