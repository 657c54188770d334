package org.crvsops.restore;

import static org.crvsops.restore.EmergencyRestoreProcess.*;
import static org.crvsops.restore.RestoreDrillProcess.SOURCE_ENVIRONMENT;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.crvsops.backup.OffsiteSets;
import org.crvsops.cluster.Environment;
import org.crvsops.cluster.EnvironmentStep;
import org.crvsops.cluster.EnvironmentSteps;
import org.springframework.stereotype.Component;

/**
 * The drill's source is the copy a disaster would restore from: the source's newest complete set on its backup
 * server, pulled straight onto the target's manager and decrypted there with the source's passphrase. So a passed
 * drill proves the off-site copy and its decryption too. The source's manager is not touched.
 */
@Component
record FetchFromSourceBackupServer(EnvironmentSteps steps, OffsiteSets offsite, DrillAccess access)
    implements JavaDelegate {
  @Override
  public void execute(DelegateExecution execution) {
    Environment source = steps.of(execution, SOURCE_ENVIRONMENT).environment();
    EnvironmentStep target = steps.of(execution);
    String server = source.backup().address() + ":" + source.backup().directory();
    OffsiteSets.OffsiteSet newest = offsite.list(source, target.sink()).stream().filter(OffsiteSets.OffsiteSet::complete)
        .findFirst().orElseThrow(() -> new IllegalStateException("There is no complete backup set of " + source.name()
            + " on its backup server " + server + " to drill with: run Daily backup there first"));
    String set = FetchFromBackupServer.requireSet(newest.set());
    target.progress().accept("fetching " + source.name() + "'s set " + set + " from " + server + " onto "
        + target.environment().manager().hostname());
    OffsiteSets.Fetched fetched = fetch(source, target, set);
    if (!fetched.damaged().isEmpty()) {
      throw FetchFromBackupServer.damaged(execution, "Backup " + set + " of " + source.name() + " on its backup server "
          + source.backup().address(), fetched);
    }
    OFFSITE_SET.set(execution, set);
    BACKUP_ROOT.set(execution, OffsiteSets.fetchedRoot(set));
    BACKUP_SLOT.set(execution, fetched.manifest().slot());
  }

  /** The target's key is authorized for the fetch only: withdrawn after it, whatever its outcome. */
  private OffsiteSets.Fetched fetch(Environment source, EnvironmentStep target, String set) {
    access.grant(source, target.environment(), target.sink());
    OffsiteSets.Fetched fetched;
    try {
      fetched = offsite.fetch(DrillAccess.onto(source, target.environment()), set, target.progress(), target.sink());
    } catch (RuntimeException e) {
      try {
        access.withdraw(source, target.environment(), target.sink());
      } catch (RuntimeException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
    access.withdraw(source, target.environment(), target.sink());
    return fetched;
  }
}
