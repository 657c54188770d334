package org.crvsops.approval;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.Map;
import java.util.Optional;
import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.rest.exception.ProcessEngineExceptionHandler;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;

/**
 * Camunda's REST API reports an exception from a task listener as a 500 whatever it was. A
 * four-eyes refusal is a 403 and a missing rejection comment a 400, each with the listener's own
 * message; everything else is answered as Camunda answers it. Some endpoints (POST /task/{id}/assignee)
 * let the engine's exception through unwrapped: {@link Unwrapped} answers those the same way.
 */
@Priority(1)
public class ListenerRefusalMapper implements ExceptionMapper<RestException> {
  private final RestExceptionHandler camunda = new RestExceptionHandler();

  @Override
  public Response toResponse(RestException exception) {
    return refusalIn(exception).orElseGet(() -> camunda.toResponse(exception));
  }

  /** A listener's refusal that reached the API as the engine's wrapper, not as a RestException. */
  @Priority(1)
  public static class Unwrapped implements ExceptionMapper<ProcessEngineException> {
    private final ProcessEngineExceptionHandler camunda = new ProcessEngineExceptionHandler();

    @Override
    public Response toResponse(ProcessEngineException exception) {
      // The engine's own refusals keep Camunda's answer (with its missing authorizations); only wrappers are looked into.
      if (exception instanceof AuthorizationException || exception instanceof BadUserRequestException) {
        return camunda.toResponse(exception);
      }
      return refusalIn(exception.getCause()).orElseGet(() -> camunda.toResponse(exception));
    }
  }

  /** The first refusal among from and its causes: a 403 for an AuthorizationException, a 400 for a BadUserRequest. */
  private static Optional<Response> refusalIn(Throwable from) {
    for (Throwable cause = from; cause != null; cause = cause.getCause()) {
      if (cause instanceof AuthorizationException) {
        return Optional.of(refusal(Response.Status.FORBIDDEN, cause));
      }
      if (cause instanceof BadUserRequestException) {
        return Optional.of(refusal(Response.Status.BAD_REQUEST, cause));
      }
    }
    return Optional.empty();
  }

  private static Response refusal(Response.Status status, Throwable cause) {
    return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
        .entity(Map.of("type", cause.getClass().getSimpleName(), "message", cause.getMessage())).build();
  }
}
