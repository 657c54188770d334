package org.crvsops.release;

/**
 * A release's files could not be had: a bad or missing ref, a repository that could not be read, files the
 * release lacks. The message is for the operator and never holds a credential; no cause is kept, since
 * JGit's messages may quote a URL.
 */
public class ReleaseSourceException extends RuntimeException {
  public ReleaseSourceException(String message) {
    super(message);
  }
}
