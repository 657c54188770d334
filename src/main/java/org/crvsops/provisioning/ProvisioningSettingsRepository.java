package org.crvsops.provisioning;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Provisioning settings per environment; an environment without any gets the manual's defaults. */
@Repository
class ProvisioningSettingsRepository {
  private final JdbcClient db;

  ProvisioningSettingsRepository(JdbcClient db) {
    this.db = db;
  }

  ProvisioningSettings find(String environment) {
    return db.sql("select swap_size_mb, kernel_settings, encrypted_disk_size from crvsops_provisioning_settings"
            + " where environment_name = ?").param(environment)
        .query((rs, i) -> new ProvisioningSettings(rs.getInt(1), rs.getBoolean(2), rs.getString(3)))
        .optional().orElse(ProvisioningSettings.DEFAULTS);
  }

  void save(String environment, ProvisioningSettings settings, String by) {
    Timestamp now = Timestamp.from(Instant.now());
    int updated = db.sql("update crvsops_provisioning_settings set swap_size_mb = ?, kernel_settings = ?,"
            + " encrypted_disk_size = ?, updated_at = ?, updated_by = ? where environment_name = ?")
        .params(settings.swapSizeMb(), settings.kernelSettings(), settings.encryptedDiskSize(), now, by, environment)
        .update();
    if (updated == 0) {
      db.sql("insert into crvsops_provisioning_settings (swap_size_mb, kernel_settings, encrypted_disk_size,"
              + " updated_at, updated_by, environment_name) values (?, ?, ?, ?, ?, ?)")
          .params(settings.swapSizeMb(), settings.kernelSettings(), settings.encryptedDiskSize(), now, by, environment)
          .update();
    }
  }
}
