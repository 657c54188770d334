package org.crvsops.cluster;

import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationException;
import org.crvsops.security.ApiAccess;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;

/** Every refusal of the API as {"status", "message"} and, for bad input, the list of bad fields. */
@RestControllerAdvice
class ApiErrors {

  @ExceptionHandler(InvalidEnvironmentException.class)
  ResponseEntity<Map<String, Object>> invalid(InvalidEnvironmentException e) {
    return ResponseEntity.badRequest().body(Map.of("status", 400, "message", e.getMessage(), "errors", e.errors()));
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<Map<String, Object>> unreadable(HttpMessageNotReadableException e) {
    return body(HttpStatus.BAD_REQUEST, "The request body is not the JSON expected here: "
        + e.getMostSpecificCause().getMessage());
  }

  @ExceptionHandler({ApiAccess.ForbiddenException.class, AuthorizationException.class})
  ResponseEntity<Map<String, Object>> forbidden(RuntimeException e) {
    return body(HttpStatus.FORBIDDEN, e.getMessage());
  }

  @ExceptionHandler(ChangeFreeze.EnvironmentHeldException.class)
  ResponseEntity<Map<String, Object>> held(ChangeFreeze.EnvironmentHeldException e) {
    return body(HttpStatus.CONFLICT, e.getMessage());
  }

  @ExceptionHandler(ResponseStatusException.class)
  ResponseEntity<Map<String, Object>> status(ResponseStatusException e) {
    return body(HttpStatus.valueOf(e.getStatusCode().value()), e.getReason());
  }

  private static ResponseEntity<Map<String, Object>> body(HttpStatus status, String message) {
    return ResponseEntity.status(status).body(Map.of("status", status.value(), "message", message,
        "errors", List.of()));
  }
}
