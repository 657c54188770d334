package org.crvsops.notify;

/** One mail's subject and plain-text body, before secrets are masked. */
record Notice(String subject, String body) {}
