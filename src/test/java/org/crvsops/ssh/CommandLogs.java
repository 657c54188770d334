package org.crvsops.ssh;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Stand-ins for the command log, as process tests use them. */
public final class CommandLogs {
  private CommandLogs() {}

  /** A command log whose step sinks drop every line. */
  public static CommandLog silent() {
    CommandLog log = mock(CommandLog.class);
    when(log.sink(anyString(), anyString())).thenReturn(line -> { });
    return log;
  }
}
