package org.crvsops.deploy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The record of what was deployed where: read by people, and by the next deploy's rollback. */
@Repository
public class Deployments {
  private final JdbcClient db;

  Deployments(JdbcClient db) {
    this.db = db;
  }

  /**
   * One successful deploy. composeFolder is where its files stay on the manager, for a rollback; the release
   * (commits, or a bundle's name twice), its country image tag and its {{ts}} are empty for deploys before releases.
   */
  public record Deployment(String environmentName, String processInstanceId, String coreVersion,
      String countryConfigVersion, String composeFolder, boolean factoryReset, String startedBy, String approvedBy,
      Instant deployedAt, String coreCommit, String countryCommit, String countryImageTag, String releaseTs) {
    public Deployment(String environmentName, String processInstanceId, String coreVersion,
        String countryConfigVersion, String composeFolder, boolean factoryReset, String startedBy, String approvedBy,
        Instant deployedAt) {
      this(environmentName, processInstanceId, coreVersion, countryConfigVersion, composeFolder, factoryReset,
          startedBy, approvedBy, deployedAt, null, null, null, null);
    }

    /** The country image's tag it ran: as noted, else (earlier deploys) the version asked. */
    public String countryImage() {
      return countryImageTag != null ? countryImageTag : countryConfigVersion;
    }
  }

  void record(Deployment d) {
    db.sql("insert into crvsops_deployment (environment_name, process_instance_id, core_version, country_config_version,"
            + " compose_folder, factory_reset, started_by, approved_by, deployed_at, core_commit, country_commit,"
            + " country_image_tag, release_ts) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(d.environmentName(), d.processInstanceId(), d.coreVersion(), d.countryConfigVersion(), d.composeFolder(),
            d.factoryReset(), d.startedBy(), d.approvedBy(), Timestamp.from(d.deployedAt()), d.coreCommit(),
            d.countryCommit(), d.countryImageTag(), d.releaseTs())
        .update();
  }

  public boolean recorded(String processInstanceId) {
    return db.sql("select count(*) from crvsops_deployment where process_instance_id = ?").param(processInstanceId)
        .query(Long.class).single() > 0;
  }

  /** Newest first. */
  public List<Deployment> list(String environment) {
    return db.sql("select environment_name, process_instance_id, core_version, country_config_version, compose_folder,"
            + " factory_reset, started_by, approved_by, deployed_at, core_commit, country_commit, country_image_tag,"
            + " release_ts from crvsops_deployment where environment_name = ? order by id desc").param(environment)
        .query((rs, i) -> new Deployment(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getString(8), rs.getTimestamp(9).toInstant(),
            rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13)))
        .list();
  }

  public Optional<Deployment> latest(String environment) {
    return list(environment).stream().findFirst();
  }
}
