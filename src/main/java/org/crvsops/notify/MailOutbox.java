package org.crvsops.notify;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends mails after the engine's transaction commits, one at a time on a thread of its own, so that
 * neither a slow nor a refusing SMTP server holds up or fails a process, and a step that rolls back
 * mails nothing. A mail that cannot be sent is logged, without secrets, and dropped: no retry, no
 * store. A mail queued when crvs-ops is killed is lost (docs/notifications.md).
 */
class MailOutbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MailOutbox.class);
  private static final int QUEUE = 500;

  private final NotificationSettings settings;
  private final MailTransport transport;
  private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(QUEUE), r -> {
        Thread thread = new Thread(r, "crvsops-mail");
        thread.setDaemon(true);
        return thread;
      });

  MailOutbox(NotificationSettings settings, MailTransport transport) {
    this.settings = settings;
    this.transport = transport;
  }

  /** Whether mails of this kind are sent at all: a listener asks first and reads nothing otherwise. */
  boolean mails(MailKind kind) {
    return settings.mails(kind);
  }

  /**
   * Queues a mail for after the current transaction's commit. The notice is written on the mail
   * thread, so it may look things up in the engine; what only the transaction knows is captured before.
   */
  void post(MailKind kind, Supplier<Notice> notice) {
    if (!mails(kind)) {
      return;
    }
    Runnable queue = () -> queue(kind, notice);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          queue.run();
        }
      });
    } else {
      queue.run();
    }
  }

  private void queue(MailKind kind, Supplier<Notice> notice) {
    try {
      sender.execute(() -> deliver(kind, notice));
    } catch (RejectedExecutionException e) {
      log.warn("A {} mail was dropped: {} mails already wait for the SMTP server {}", kind, QUEUE, settings.host());
    }
  }

  private void deliver(MailKind kind, Supplier<Notice> notice) {
    List<String> to = settings.recipients(kind);
    String subject = kind.toString();
    try {
      Notice mail = transport.masked(notice.get());
      subject = mail.subject();
      transport.send(to, mail);
      log.info("Mail sent to {}: {}", to, subject);
    } catch (MailTransport.MailNotSent e) {
      log.warn("Mail not sent to {} ({}): {}", to, subject, e.getMessage());
    } catch (RuntimeException e) {
      // A mail is never worth more than a line in the log.
      log.warn("Mail not sent to {} ({}): {}: {}", to, subject, e.getClass().getSimpleName(),
          transport.masked(e.getMessage()));
    }
  }

  /** Gives queued mails a moment to go out when crvs-ops stops. */
  @Override
  public void close() throws InterruptedException {
    sender.shutdown();
    sender.awaitTermination(settings.timeout().toSeconds() + 1, TimeUnit.SECONDS);
  }
}
