package org.crvsops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.crvsops.cluster.AnsibleInventoryFixtures;
import org.crvsops.cluster.BackupServer;
import org.crvsops.cluster.Environment;
import org.crvsops.security.SecretStore;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.HostKeyPins;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.SshSessions;
import org.junit.jupiter.api.Test;

/** The off-site copy's rules: the passphrase first, a complete set not copied again, rotation, trusted host keys. */
class BackupServerCopyTest {
  private static final Environment LAB = AnsibleInventoryFixtures.threeNodeQaWithBackup("lab-3");
  private static final String SHA = "a".repeat(64);
  private static final BackupFile MINIO = new BackupFile("minio", "minio/minio-Thu.tar.gz", 100, SHA,
      "2026-12-03T00:00:05Z", "2026-12-03T00:00:06Z");
  private static final BackupFile MANIFEST = new BackupFile("manifest", "manifest-Thu.json", 100, "b".repeat(64),
      "2026-12-03T00:00:05Z", "2026-12-03T00:00:06Z");

  private final SshSessions ssh = mock(SshSessions.class);
  private final SecretStore secrets = mock(SecretStore.class);
  private final BackupServerCopy copy = new BackupServerCopy(ssh, new OffsiteLink(ssh, mock(HostKeyPins.class),
      secrets), 80, 3);
  private final List<String> lines = new ArrayList<>();

  @Test
  void withoutThePassphraseNothingIsCopiedAndTheMessageSaysHowToStoreIt() {
    when(secrets.get("lab-3", "backup_encryption_passphrase")).thenReturn(Optional.empty());

    assertThatThrownBy(() -> copy.copy(LAB, "2026-12-03", List.of(MINIO, MANIFEST), line -> { }))
        .hasMessage("Secret backup_encryption_passphrase of environment lab-3 is not set: nothing was copied. Store it"
            + " with PUT /api/environments/lab-3/secrets/backup_encryption_passphrase (and keep a copy outside"
            + " crvs-ops: the off-site sets cannot be decrypted without it)");
    verify(ssh, never()).run(any(), anyString(), anyString(), any(), any());
  }

  @Test
  void aSetAlreadyCompleteWithTheSameManifestIsNotCopiedAgainAndOldSetsAreRotated() {
    when(secrets.get("lab-3", "backup_encryption_passphrase")).thenReturn(Optional.of("pass"));
    when(ssh.probe(any(), anyString(), contains("2026-12-03/offsite-Thu.json"), any(), any()))
        .thenReturn(new CommandResult(0, List.of(new OffsiteManifest("lab-3", "2026-12-03", "Thu", MANIFEST.sha256(),
            List.of(new OffsiteManifest.EncryptedFile("minio/minio-Thu.tar.gz.enc", 128, SHA))).toJson()), List.of()));
    when(ssh.run(any(), eq("sets in /home/backup/opencrvs"), anyString(), any(), any())).thenReturn(new CommandResult(0,
        List.of("2026-11-30", "2026-12-01", "lost+found", "2026-12-02", "2026-12-03"), List.of()));

    copy.copy(LAB, "2026-12-03", List.of(MINIO, MANIFEST), line -> lines.add(line.text()));

    verify(ssh, never()).run(any(), contains("encrypted copy"), anyString(), anyString(), any(), any());
    verify(ssh).run(any(), eq("remove old sets"), eq("cd '/home/backup/opencrvs' && rm -rf -- '2026-11-30'"), any(), any());
    assertThat(lines).containsExactly(
        "Set 2026-12-03 is already complete on 10.0.0.9 with this manifest: not copied again",
        "Removed off-site sets 2026-11-30 from 10.0.0.9 (keeping the newest 3)");
  }

  @Test
  void rotationKeepsTheNewestDatedSetsAndNeverTouchesAnyOtherName() {
    assertThat(BackupServerCopy.expired(List.of("2026-12-01", "x; rm -rf /", "2026-11-28", "2026-12-03", "notes",
        "2026-11-29"), 2)).containsExactly("2026-11-29", "2026-11-28");
    assertThat(BackupServerCopy.expired(List.of("2026-12-01"), 7)).isEmpty();
  }

  @Test
  void keepSetsBelowOneIsRefusedNamingTheSetting() {
    assertThatThrownBy(() -> new BackupServerCopy(ssh, null, 80, 0)).hasMessage("crvsops.backup.keep-sets 0: allowed"
        + " 1 or more (how many daily sets the backup server keeps)");
  }

  @Test
  void aSafetyBackupIsNeverCopiedOffSite() {
    BackupFile safety = new BackupFile("manifest", "manifest-before-restore-20261203-101010.json", 1, SHA,
        "2026-12-03T00:00:05Z", "2026-12-03T00:00:06Z");
    assertThatThrownBy(() -> copy.copy(LAB, "2026-12-03", List.of(safety), line -> { }))
        .hasMessageStartingWith("slot 'before-restore-20261203-101010' is not copied off-site");
  }

  @Test
  void theManagersKnownHostsHoldOnlyTheKeysWithTheFingerprintCrvsOpsConfirmed() {
    String key = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
    String other = "AAAAC3NzaC1lZDI1NTE5AAAAIDNo7jWTbcm6BAMoZqK3wYxLUKvR/a2ZYukE0kuF0Y8W";
    String pinned = OffsiteLink.fingerprint(key);
    BackupServer onPort2222 = new BackupServer("10.0.0.9", "backup", 2222, "/home/backup/opencrvs");

    assertThat(OffsiteLink.knownHosts(onPort2222, List.of("# 10.0.0.9:2222 SSH-2.0-OpenSSH_9.6",
        "[10.0.0.9]:2222 ssh-ed25519 " + other, "[10.0.0.9]:2222 ssh-ed25519 " + key, "evil ssh-ed25519 " + key
        + " ; touch /x"), pinned)).isEqualTo("[10.0.0.9]:2222 ssh-ed25519 " + key + "\n");
    assertThat(OffsiteLink.knownHosts(LAB.backup(), List.of("10.0.0.9 ssh-ed25519 " + other), pinned)).isEmpty();
  }

  @Test
  void whatTheBackupServerMeasuredOnArrivalIsReadAndNothingElseIsTakenForIt() {
    assertThat(BackupServerCopy.Arrival.of(List.of("1040", SHA + "  /b/x.enc.partial"), "/b/x.enc", LAB.backup()))
        .isEqualTo(new BackupServerCopy.Arrival(1040, SHA));
    assertThatThrownBy(() -> BackupServerCopy.Arrival.of(List.of("1040", "; rm"), "/b/x.enc", LAB.backup()))
        .hasMessage("/b/x.enc on " + LAB.backup().address() + ": the backup server reported [1040, ; rm] for its size"
            + " and SHA-256 on arrival, not a byte count and 64 hex digits");
  }

  static OutputLine line(String text) {
    return new OutputLine(LAB.backup().sshTarget(), OutputLine.Stream.STDOUT, text);
  }
}
