package org.crvsops.ssh;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The host key fingerprint each server proved itself with at first contact, confirmed by a person. */
@Repository
public class HostKeyPins {
  private final JdbcClient db;

  HostKeyPins(JdbcClient db) {
    this.db = db;
  }

  public Optional<String> pinned(SshTarget target) {
    return db.sql("select fingerprint from crvsops_host_key where host = ? and port = ?")
        .params(target.host(), target.port()).query(String.class).optional();
  }

  /** Pins the fingerprint unless one is pinned already (a changed key is never pinned over silently). */
  public void pin(SshTarget target, String fingerprint, String confirmedBy) {
    if (pinned(target).isPresent()) {
      return;
    }
    db.sql("insert into crvsops_host_key (host, port, fingerprint, pinned_at, pinned_by) values (?, ?, ?, ?, ?)")
        .params(target.host(), target.port(), fingerprint, Timestamp.from(Instant.now()), confirmedBy).update();
  }

  /** A pinned key: which server, its fingerprint, when and by whom it was confirmed. */
  public record Pin(String host, int port, String fingerprint, java.time.Instant pinnedAt, String pinnedBy) {}

  public java.util.List<Pin> all() {
    return db.sql("select * from crvsops_host_key order by host, port").query((rs, i) -> new Pin(rs.getString("host"),
        rs.getInt("port"), rs.getString("fingerprint"), rs.getTimestamp("pinned_at").toInstant(),
        rs.getString("pinned_by"))).list();
  }

  /** Forgets a pin, e.g. after a server was reinstalled; the next contact asks again. */
  public boolean forget(String host, int port) {
    return db.sql("delete from crvsops_host_key where host = ? and port = ?").params(host, port).update() > 0;
  }
}
