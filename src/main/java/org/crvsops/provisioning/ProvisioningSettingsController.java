package org.crvsops.provisioning;

import static org.crvsops.security.CrvsOpsGroups.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.crvsops.audit.SettingsChanges;
import org.crvsops.cluster.ChangeFreeze;
import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.security.ApiAccess;
import org.crvsops.cluster.UnknownEnvironment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read and change an environment's provisioning settings (swap, kernel settings, encrypted disk size).
 * Every change is in the audit, naming the settings that changed; a production environment's are not
 * changed while a change holds the environment.
 */
@RestController
@RequestMapping("/api/environments/{environment}/provisioning-settings")
class ProvisioningSettingsController {
  private final ProvisioningSettingsRepository settings;
  private final EnvironmentRepository environments;
  private final ApiAccess access;
  private final ChangeFreeze freeze;
  private final SettingsChanges changes;
  private final TransactionTemplate transaction;

  ProvisioningSettingsController(ProvisioningSettingsRepository settings, EnvironmentRepository environments,
      ApiAccess access, ChangeFreeze freeze, SettingsChanges changes, PlatformTransactionManager transactions) {
    this.settings = settings;
    this.environments = environments;
    this.access = access;
    this.freeze = freeze;
    this.changes = changes;
    this.transaction = new TransactionTemplate(transactions);
  }

  @GetMapping
  ProvisioningSettings get(@PathVariable String environment) {
    access.require("read provisioning settings", OPERATORS, SUPERVISORS, AUDITORS, ADMINS);
    requireEnvironment(environment);
    return settings.find(environment);
  }

  @PutMapping
  ProvisioningSettings put(@PathVariable String environment, @RequestBody ProvisioningSettings body) {
    String user = access.require("change provisioning settings", OPERATORS, ADMINS);
    requireEnvironment(environment);
    freeze.refuseWhileHeld(environment, "Provisioning settings");
    transaction.executeWithoutResult(status -> {
      String changed = changedSettings(settings.find(environment), body);
      settings.save(environment, body, user);
      changes.record(environment, SettingsChanges.PROVISIONING_SETTINGS, changed, "changed", user);
    });
    return settings.find(environment);
  }

  /** The names of the settings that differ, for the audit. */
  private static String changedSettings(ProvisioningSettings before, ProvisioningSettings after) {
    List<String> names = new ArrayList<>();
    if (before.swapSizeMb() != after.swapSizeMb()) {
      names.add("swapSizeMb");
    }
    if (before.kernelSettings() != after.kernelSettings()) {
      names.add("kernelSettings");
    }
    if (!Objects.equals(before.encryptedDiskSize(), after.encryptedDiskSize())) {
      names.add("encryptedDiskSize");
    }
    return names.isEmpty() ? "none" : String.join(", ", names);
  }

  private void requireEnvironment(String environment) {
    if (!environments.exists(environment)) {
      throw new UnknownEnvironment(environment);
    }
  }
}
