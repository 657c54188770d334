package org.crvsops.notify;

/** What a mail is about, and so who receives it: each kind has its own list of addresses. */
enum MailKind {
  /** A production change waits for a supervisor. */
  APPROVAL("approvals-to", null),
  /** A step failed after its retries and waits in Cockpit. */
  INCIDENT("incidents-to", null),
  /** A deploy, backup or restore ended; unless set, to the incidents' addresses. */
  PROCESS_END("process-ends-to", INCIDENT);

  private final String property;
  final MailKind fallback;

  MailKind(String suffix, MailKind fallback) {
    this.property = NotificationSettings.PREFIX + suffix;
    this.fallback = fallback;
  }

  String property() {
    return property;
  }
}
