package org.crvsops.provisioning;

import static org.crvsops.provisioning.ProvisionClusterProcess.ENCRYPT_DATA;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.provisioning.ProvisionClusterProcess.SecretName;
import org.springframework.stereotype.Component;

/** Puts /data on a LUKS volume on every node when the run asks for it; an existing volume is only opened. */
@Component
record EncryptDataVolume(ProvisioningRun run, NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    NodeSteps.Step step = steps.approvedStep(execution);
    if (!Boolean.TRUE.equals(ENCRYPT_DATA.from(execution))) {
      steps.skipOnEach(execution, step.nodes(), "encryption of /data was not asked for");
      return;
    }
    String size = run.settings(execution).encryptedDiskSize();
    String passphrase = run.requiredSecret(execution, SecretName.DATA_PASSPHRASE);
    steps.scriptOnNodes(execution, step, "encrypt-data", List.of(size), passphrase);
  }
}
