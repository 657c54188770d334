package org.crvsops.provisioning;

import static org.crvsops.provisioning.ProvisionClusterProcess.ENCRYPT_DATA;

import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.approval.ApprovalRecord;
import org.crvsops.provisioning.ProvisionClusterProcess.SecretName;
import org.springframework.stereotype.Component;

/** Puts /data on a LUKS volume on every node when the run asks for it; an existing volume is only opened. */
@Component
record EncryptDataVolume(ProvisioningTarget target, NodeSteps steps) implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    ApprovalRecord.requireApproved(execution, target.environment(execution));
    if (!Boolean.TRUE.equals(ENCRYPT_DATA.from(execution))) {
      steps.skipOnEach(execution, target.nodes(execution), "encryption of /data was not asked for");
      return;
    }
    String size = target.settings(execution).encryptedDiskSize();
    String passphrase = target.secret(execution, SecretName.DATA_PASSPHRASE).orElseThrow();
    NodeSteps.Step step = steps.step(execution);
    steps.onEach(execution, target.nodes(execution),
        host -> steps.runScript(step, host, "encrypt-data", List.of(size), passphrase));
  }
}
