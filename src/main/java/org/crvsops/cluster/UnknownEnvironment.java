package org.crvsops.cluster;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The REST answer to a request for an environment that is not registered: 404, naming it. */
public class UnknownEnvironment extends ResponseStatusException {
  public UnknownEnvironment(String name) {
    super(HttpStatus.NOT_FOUND, "No environment is named '" + name + "'.");
  }
}
