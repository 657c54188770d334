package org.crvsops.provisioning;

import static org.crvsops.security.CrvsOpsGroups.*;

import org.crvsops.cluster.EnvironmentRepository;
import org.crvsops.security.ApiAccess;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** Read and change an environment's provisioning settings (swap, kernel settings, encrypted disk size). */
@RestController
@RequestMapping("/api/environments/{environment}/provisioning-settings")
class ProvisioningSettingsController {
  private final ProvisioningSettingsRepository settings;
  private final EnvironmentRepository environments;
  private final ApiAccess access;

  ProvisioningSettingsController(ProvisioningSettingsRepository settings, EnvironmentRepository environments,
      ApiAccess access) {
    this.settings = settings;
    this.environments = environments;
    this.access = access;
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
    settings.save(environment, body, user);
    return settings.find(environment);
  }

  private void requireEnvironment(String environment) {
    if (!environments.exists(environment)) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No environment is named '" + environment + "'.");
    }
  }
}
