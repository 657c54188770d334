package org.crvsops.status;

import org.crvsops.cluster.Node;

/** The environment's manager did not answer, or its Docker engine refused: the message names the node and the cause. */
class ManagerUnreachableException extends RuntimeException {
  ManagerUnreachableException(String environment, Node manager, String cause, Throwable e) {
    super("Cannot read the swarm of " + environment + " from its manager " + manager.hostname() + " ("
        + manager.address() + "): " + cause, e);
  }
}
