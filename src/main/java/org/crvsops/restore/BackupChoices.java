package org.crvsops.restore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.crvsops.backup.BackupSets;
import org.crvsops.backup.OffsiteSets;

/**
 * The backups a restore may choose from, newest first: the manager's sets by their slot, the backup server's by
 * their date (Contract A's set name). A run copied off-site is on both sides; the starter may choose either copy
 * (the manager's needs no fetch, the backup server's is the one that survives the manager). A set without its
 * offsite-*.json is listed, marked incomplete, and cannot be chosen: nothing could check what would be fetched.
 */
record BackupChoices(List<String> lines, List<String> allowed) {
  /** A backup server's set name: the date of its run. */
  static final Pattern SET = OffsiteSets.SET_NAME;

  /** The choice that is filled in: the newest backup, the manager's copy when it has one. */
  String proposed() {
    return allowed.get(0);
  }

  static boolean isOffsite(String choice) {
    return SET.matcher(choice).matches();
  }

  /**
   * @param offsite the backup server's sets, empty when there is none
   * @param note a line on what could not be listed (the backup server unreachable), or empty
   */
  static BackupChoices of(List<BackupSets.Manifest> onManager, List<OffsiteSets.OffsiteSet> offsite, String note,
      int limit) {
    List<Entry> entries = new ArrayList<>();
    List<OffsiteSets.OffsiteSet> unmatched = new ArrayList<>(offsite);
    for (BackupSets.Manifest manifest : onManager) {
      Optional<OffsiteSets.OffsiteSet> copy = unmatched.stream().filter(s -> sameRun(manifest, s)).findFirst();
      copy.ifPresent(unmatched::remove);
      entries.add(new Entry(manifest.startedAt(), manifest.slot(), copy.filter(OffsiteSets.OffsiteSet::complete)
          .map(OffsiteSets.OffsiteSet::set), manifest.describe() + copy.map(BackupChoices::alsoOffsite)
          .orElse(" — on the manager")));
    }
    for (OffsiteSets.OffsiteSet set : unmatched) {
      entries.add(new Entry(set.startedAt(), set.complete() ? set.set() : null, Optional.empty(), set.describe()
          + " — on the backup server only" + (set.complete() ? "" : ", " + incomplete(set) + ", cannot be chosen")));
    }
    entries.sort(Comparator.comparing(Entry::startedAt).reversed());
    List<Entry> shown = entries.stream().limit(limit).toList();
    List<String> lines = new ArrayList<>(shown.stream().map(Entry::line).toList());
    if (!note.isBlank()) {
      lines.add(note);
    }
    List<String> allowed = new ArrayList<>();
    shown.forEach(e -> {
      if (e.choice() != null) {
        allowed.add(e.choice());
      }
      e.offsiteToo().ifPresent(allowed::add);
    });
    return new BackupChoices(List.copyOf(lines), List.copyOf(allowed));
  }

  private static boolean sameRun(BackupSets.Manifest manifest, OffsiteSets.OffsiteSet set) {
    return manifest.slot().equals(set.slot()) && manifest.startedAt().equals(set.startedAt());
  }

  private static String alsoOffsite(OffsiteSets.OffsiteSet set) {
    return set.complete() ? " — on the manager and on the backup server (choose " + set.set() + " for the backup"
        + " server's copy)" : " — on the manager; the backup server's copy " + set.set() + " is " + incomplete(set);
  }

  private static String incomplete(OffsiteSets.OffsiteSet set) {
    return "incomplete (no offsite-" + set.slot() + ".json: its copy did not finish)";
  }

  /** One line of the list; choice null when it cannot be chosen, offsiteToo the backup server's copy of it. */
  private record Entry(String startedAt, String choice, Optional<String> offsiteToo, String line) {}
}
