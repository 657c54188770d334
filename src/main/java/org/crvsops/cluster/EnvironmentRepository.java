package org.crvsops.cluster;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Environments in the orchestrator's database. Runs in the caller's transaction, so a save
 * made by a process step commits or rolls back together with the step.
 */
@Repository
public class EnvironmentRepository {
  private final JdbcClient db;

  public EnvironmentRepository(JdbcClient db) {
    this.db = db;
  }

  public List<Environment> findAll() {
    return db.sql("select * from crvsops_environment order by name").query(this::environment).list();
  }

  public Optional<Environment> find(String name) {
    return db.sql("select * from crvsops_environment where name = ?").param(name).query(this::environment).optional();
  }

  public boolean exists(String name) {
    return db.sql("select count(*) from crvsops_environment where name = ?").param(name)
        .query(Integer.class).single() > 0;
  }

  /**
   * Inserts or replaces the environment and its nodes as one change. Checked again here, in the saving
   * transaction, so that a server registered elsewhere since the request was checked is still refused.
   */
  @Transactional
  public void save(Environment env, String savedBy) {
    EnvironmentValidator.validate(EnvironmentDraft.of(env), findAll());
    db.sql("delete from crvsops_environment_node where environment_name = ?").param(env.name()).update();
    int updated = db.sql("""
        update crvsops_environment set kind = ?, domain = ?, replicas = ?, backup_address = ?, backup_user = ?,
          backup_port = ?, backup_directory = ?, updated_at = ?, updated_by = ? where name = ?""")
        .params(environmentColumns(env, savedBy)).param(env.name()).update();
    if (updated == 0) {
      db.sql("""
          insert into crvsops_environment (kind, domain, replicas, backup_address, backup_user, backup_port,
            backup_directory, updated_at, updated_by, name) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
          .params(environmentColumns(env, savedBy)).param(env.name()).update();
    }
    List<Node> nodes = env.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      db.sql("""
          insert into crvsops_environment_node (environment_name, position, address, ssh_port, ssh_user,
            hostname, data_label) values (?, ?, ?, ?, ?, ?, ?)""")
          .params(env.name(), i, n.address(), n.sshPort(), n.sshUser(), n.hostname(), n.dataLabel()).update();
    }
  }

  @Transactional
  public boolean delete(String name) {
    return db.sql("delete from crvsops_environment where name = ?").param(name).update() > 0;
  }

  private static List<Object> environmentColumns(Environment env, String savedBy) {
    BackupServer b = env.backup();
    return java.util.Arrays.asList(env.kind().id(), env.domain(), env.replicas(),
        b == null ? null : b.address(), b == null ? null : b.user(), b == null ? null : b.port(),
        b == null ? null : b.directory(), Timestamp.from(Instant.now()), savedBy);
  }

  private Environment environment(ResultSet rs, int row) throws SQLException {
    String name = rs.getString("name");
    List<Node> nodes = db.sql("select * from crvsops_environment_node where environment_name = ? order by position")
        .param(name).query((r, i) -> new Node(r.getString("address"), r.getInt("ssh_port"), r.getString("ssh_user"),
            r.getString("hostname"), r.getString("data_label"))).list();
    BackupServer backup = rs.getString("backup_address") == null ? null
        : new BackupServer(rs.getString("backup_address"), rs.getString("backup_user"),
            rs.getInt("backup_port"), rs.getString("backup_directory"));
    return new Environment(name, EnvironmentKind.parse(rs.getString("kind")).orElseThrow(), rs.getString("domain"),
        rs.getInt("replicas"), nodes.get(0), nodes.subList(1, nodes.size()), backup);
  }
}
