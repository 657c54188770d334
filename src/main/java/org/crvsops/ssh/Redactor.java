package org.crvsops.ssh;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Replaces every registered secret value with *** in whatever is about to be shown or stored:
 * command output, log lines, error messages. Values live only in memory, never in a log.
 */
@Component
public class Redactor {
  public static final String MASK = "***";
  private final Set<String> secrets = ConcurrentHashMap.newKeySet();

  public void register(String secret) {
    if (secret != null && !secret.isEmpty()) {
      secrets.add(secret);
    }
  }

  public String redact(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    // Longest first, so that a secret containing another is masked whole.
    for (String s : secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
      out = out.replace(s, MASK);
    }
    return out;
  }
}
