package org.crvsops.release;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LsRemoteCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;

/**
 * Turns a ref an operator gave (a tag, a branch, or a short or full commit id) into a commit of a mirror,
 * fetching only what that needs: the tag or branch alone and one commit deep, or the whole history when a
 * short id must be looked up among all commits.
 */
final class RefResolver {
  private static final int NEAREST_TAGS = 5;

  record Resolved(String ref, RevCommit commit, String imageTag) {}

  private RefResolver() {}

  static Resolved resolve(Repository mirror, GitAccess access, String field, String ref) throws IOException {
    Map<String, Ref> remote = listRemote(mirror, access, field);
    ObjectId id;
    Ref tag = remote.get(Constants.R_TAGS + ref);
    Ref branch = remote.get(Constants.R_HEADS + ref);
    if (tag != null || branch != null) {
      String name = (tag != null ? tag : branch).getName();
      fetch(mirror, access, field, List.of(new RefSpec("+" + name + ":" + name)), tipDepth(mirror));
      id = mirror.exactRef(name).getObjectId();
    } else if (ReleaseInputs.isHex(ref)) {
      id = commitId(mirror, access, field, ref, remote);
    } else {
      throw notFound(field, ref, access, remote);
    }
    try (RevWalk walk = new RevWalk(mirror)) {
      RevCommit commit = walk.parseCommit(id);
      return new Resolved(ref, commit, imageTag(mirror, ref, commit, tag != null, remote));
    }
  }

  private static ObjectId commitId(Repository mirror, GitAccess access, String field, String ref, Map<String, Ref> remote)
      throws IOException {
    // A tip of a branch or tag needs that ref alone, if no other tip shares the prefix.
    List<Ref> tips = remote.values().stream().filter(r -> peeled(r).name().startsWith(ref.toLowerCase())).toList();
    Optional<Ref> tip = tips.stream().map(RefResolver::peeled).distinct().count() == 1 ? tips.stream().findFirst()
        : Optional.empty();
    if (tip.isPresent()) {
      fetch(mirror, access, field, List.of(new RefSpec("+" + tip.get().getName() + ":" + tip.get().getName())),
          tipDepth(mirror));
      return peeled(tip.get());
    }
    // Not a tip: only the whole history can say which commit a short id names.
    forgetShallowHistory(mirror);
    fetch(mirror, access, field, List.of(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*")),
        0);
    Collection<ObjectId> found;
    try (var reader = mirror.newObjectReader()) {
      found = reader.resolve(AbbreviatedObjectId.fromString(ref.toLowerCase()));
    }
    List<ObjectId> commits = new ArrayList<>();
    try (RevWalk walk = new RevWalk(mirror)) {
      for (ObjectId candidate : found) {
        if (walk.parseAny(candidate).getType() == Constants.OBJ_COMMIT) {
          commits.add(candidate);
        }
      }
    }
    if (commits.size() > 1) {
      throw new ReleaseSourceException(field + " '" + ref + "' names " + commits.size() + " commits of " + access.url()
          + ": give more hex digits (" + commits.stream().map(ObjectId::name).collect(Collectors.joining(", ")) + ")");
    }
    if (commits.isEmpty()) {
      throw notFound(field, ref, access, remote);
    }
    return commits.get(0);
  }

  /** One commit deep while the mirror is new or shallow; once it holds the whole history, all of it stays. */
  private static int tipDepth(Repository mirror) throws IOException {
    boolean whole = mirror.getObjectDatabase().getShallowCommits().isEmpty() && mirror.getRefDatabase().hasRefs();
    return whole ? 0 : 1;
  }

  /**
   * Makes a shallow mirror ask for everything again: JGit's unshallow fetch left the older commits' trees
   * out (seen with JGit 7.8.1 over file://), so the refs and the shallow list go and nothing is offered as
   * already here. The objects stay; they are only a cache.
   */
  private static void forgetShallowHistory(Repository mirror) throws IOException {
    if (mirror.getObjectDatabase().getShallowCommits().isEmpty()) {
      return;
    }
    for (Ref ref : mirror.getRefDatabase().getRefs()) {
      RefUpdate delete = mirror.updateRef(ref.getName());
      delete.setForceUpdate(true);
      delete.delete();
    }
    mirror.getObjectDatabase().setShallowCommits(Set.of());
  }

  /**
   * The country image tag as upstream computes it. opencrvs-farajaland's publish-to-dockerhub.yml tags the
   * image it builds with `git describe --tags --exact-match || git rev-parse --short=7 HEAD`, and its
   * deploy.yml deploys the tag it is given (or, given none, `git rev-parse --short=7 HEAD`). So: the tag
   * asked for; else a tag on the commit (annotated ones first, as git describe prefers them, then by
   * name); else the first 7 hex digits of the commit id.
   */
  private static String imageTag(Repository mirror, String ref, RevCommit commit, boolean askedForTag, Map<String, Ref> remote) {
    if (askedForTag) {
      return ref;
    }
    return remote.values().stream()
        .filter(r -> r.getName().startsWith(Constants.R_TAGS) && commit.equals(peeled(r)))
        .sorted(Comparator.comparing((Ref r) -> r.getPeeledObjectId() == null).thenComparing(Ref::getName))
        .map(r -> r.getName().substring(Constants.R_TAGS.length()))
        .findFirst()
        .orElse(commit.abbreviate(7).name());
  }

  private static ObjectId peeled(Ref ref) {
    return ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
  }

  private static Map<String, Ref> listRemote(Repository mirror, GitAccess access, String field) {
    try {
      return access.configure(new LsRemoteCommand(mirror).setRemote(access.url()).setHeads(true).setTags(true)).callAsMap();
    } catch (GitAPIException | RuntimeException e) {
      throw unreadable(field, access, e);
    }
  }

  private static void fetch(Repository mirror, GitAccess access, String field, List<RefSpec> specs, int depth) {
    FetchCommand fetch = Git.wrap(mirror).fetch().setRemote(access.url()).setRefSpecs(specs).setTagOpt(TagOpt.NO_TAGS)
        .setRemoveDeletedRefs(false);
    if (depth > 0) {
      fetch.setDepth(depth);
    }
    try {
      access.configure(fetch).call();
    } catch (GitAPIException | RuntimeException e) {
      throw unreadable(field, access, e);
    }
  }

  private static ReleaseSourceException unreadable(String field, GitAccess access, Exception e) {
    String repository = field.equals(ReleaseInputs.CORE_VERSION) ? ReleaseInputs.CORE_REPOSITORY : ReleaseInputs.COUNTRY_REPOSITORY;
    return new ReleaseSourceException(repository + " " + access.url() + " could not be read for " + field + ": "
        + access.sanitize(e));
  }

  private static ReleaseSourceException notFound(String field, String ref, GitAccess access, Map<String, Ref> remote) {
    List<String> tags = remote.keySet().stream().filter(n -> n.startsWith(Constants.R_TAGS))
        .map(n -> n.substring(Constants.R_TAGS.length()))
        .sorted(Comparator.comparingInt((String t) -> distance(t, ref)).thenComparing(Comparator.reverseOrder()))
        .limit(NEAREST_TAGS).toList();
    return new ReleaseSourceException(field + " '" + ref + "' is not a tag, branch or commit of " + access.url()
        + (tags.isEmpty() ? " (it has no tags)" : "; nearest tags: " + String.join(", ", tags)));
  }

  /** Edit distance, to offer the tags nearest to a mistyped one. */
  static int distance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length()];
  }
}
