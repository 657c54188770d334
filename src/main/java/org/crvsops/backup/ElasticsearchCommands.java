package org.crvsops.backup;

/**
 * The default dump, restore and check commands of Elasticsearch 8 (OpenCRVS v1.9 runs 8.16.4), for `sh` inside
 * its container, which has curl but no jq. They run as the superuser elastic; the password reaches curl as a config
 * file on its standard input (`-K -`, from the shell's built-in printf), never as an argument that the container's
 * process list would show. Snapshot names must be lowercase: slot Mon is snapshot_mon. Elasticsearch 8 refuses
 * wildcards in closes and deletes (action.destructive_requires_name), so the restore names each index it replaces,
 * read from the snapshot itself. `GET /` is not asked: some builds answer it 405.
 */
final class ElasticsearchCommands {
  static final String REPOSITORY = "/data/backups/elasticsearch";

  /**
   * es: curl as elastic. call WHAT WANT ARGS…: es ARGS, its answer in $r, which must hold WANT; else fails,
   * printing Elasticsearch's answer (its reason) on stderr. $snapshot: the slot's snapshot.
   */
  static final String PRELUDE = "u=$(printf %s \"$ELASTICSEARCH_SUPERUSER_PASSWORD\" | sed 's/[\\\\\"]/\\\\&/g');"
      + " es() { printf 'user = \"elastic:%s\"\\n' \"$u\" | curl -sS -K - -H 'Content-Type: application/json' \"$@\"; };"
      + " call() { w=$1; want=$2; shift 2; r=$(es \"$@\") || { echo \"$w: curl exited with $?\" >&2; return 1; };"
      + " case $r in *\"$want\"*) ;; *) echo \"$w: Elasticsearch answered $r\" >&2; return 1;; esac; };"
      + " url=http://localhost:9200; snapshot=snapshot_$(printf %s '{day}' | tr '[:upper:]' '[:lower:]');";

  /**
   * indices_of: the regular indices of the snapshot whose GET answer is in $r, comma separated, in $indices.
   * A name is refused unless it is one an index can have here (a-z, 0-9, '.', '_', '-'), so that nothing read
   * from the server reaches a URL unchecked. Data streams' backing indices (.ds-*) are left out and named on
   * stderr: their streams keep being written to and cannot be closed or deleted by one index.
   */
  static final String INDICES_OF = " indices_of() { set -f; indices=; streams=;"
      + " case $r in '{\"snapshots\":[{'*) ;; *) echo \"$snapshot: not a snapshot's answer: $r\" >&2; return 1;; esac;"
      + " list=$(printf %s \"$r\" | sed -n 's/^{\"snapshots\":\\[{[^[]*\"indices\":\\[\\([^]]*\\)\\].*/\\1/p');"
      + " if [ -z \"$list\" ]; then case $r in *'\"indices\":[]'*) return 0;; esac;"
      + " echo \"$snapshot: its answer names no index list: $r\" >&2; return 1; fi;"
      + " for q in $(printf %s \"$list\" | tr ',' ' '); do n=${q#\\\"}; n=${n%\\\"};"
      + " case $q in \\\"*\\\") ;; *) n=;; esac;"
      + " case $n in ''|[!a-z0-9.]*|*[!a-z0-9._-]*) echo \"$snapshot: index name $q is not allowed;"
      + " allowed: a-z, 0-9, '.', '_', '-', starting with a letter, a digit or '.'\" >&2; return 1;; esac;"
      + " case $n in .ds-*) streams=\"$streams $n\";; *) indices=\"${indices:+$indices,}$n\";; esac; done;"
      + " [ -z \"$streams\" ] || echo \"$snapshot: data streams' backing indices left as they are:$streams\" >&2; };";

  private static final String REGISTER = " call 'register the snapshot repository ocrvs' '\"acknowledged\":true'"
      + " -X PUT \"$url/_snapshot/ocrvs\""
      + " -d '{\"type\":\"fs\",\"settings\":{\"location\":\"" + REPOSITORY + "\",\"compress\":true}}'";

  private static final String READ = " call \"read $snapshot\" '\"snapshots\":' \"$url/_snapshot/ocrvs/$snapshot\""
      + " && indices_of";

  private static final String HEALTH = " call \"health of $indices\" '\"timed_out\":false'"
      + " \"$url/_cluster/health/$indices?wait_for_status=yellow&timeout=60s\"";

  /**
   * The repository registered, the slot's old snapshot replaced by one of every index (no cluster state: users and
   * passwords stay the cluster's), the repository archived to stdout without crvs-ops's own files in it.
   */
  static final String SNAPSHOT = PRELUDE + REGISTER
      + " && { es -X DELETE \"$url/_snapshot/ocrvs/$snapshot\" >&2 || true; }"
      + " && call \"snapshot $snapshot\" '\"state\":\"SUCCESS\"'"
      + " -X PUT \"$url/_snapshot/ocrvs/$snapshot?wait_for_completion=true\""
      + " -d '{\"indices\":\"*\",\"include_global_state\":false}'"
      + " && tar -cz -C " + REPOSITORY + " --exclude='./elasticsearch-*' .";

  /**
   * extra: the open, visible indices that are not in $indices (made after the backup), deleted one by one by name
   * and named on stderr, so that the store holds what the backup held; hidden and system ones (names starting with
   * '.', Kibana's, the security index) are the cluster's and stay, unlike upstream's DELETE /*.
   */
  static final String EXTRA = " extra() { set -f; r=$(es \"$url/_cat/indices?h=index&expand_wildcards=open\")"
      + " || { echo \"list the indices: curl exited with $?\" >&2; return 1; };"
      + " case $r in *'{'*) echo \"list the indices: Elasticsearch answered $r\" >&2; return 1;; esac;"
      + " for n in $r; do case $n in .*) continue;; [!a-z0-9]*|*[!a-z0-9._-]*) echo \"index name $n is not allowed;"
      + " allowed: a-z, 0-9, '.', '_', '-', starting with a letter, a digit or '.'\" >&2; return 1;; esac;"
      + " case \",$indices,\" in *\",$n,\"*) continue;; esac;"
      + " call \"delete $n, made after the backup\" '\"acknowledged\":true' -X DELETE \"$url/$n\" || return 1;"
      + " echo \"deleted index $n: it is not in $snapshot\" >&2; done; };";

  /**
   * The repository unregistered (so that Elasticsearch reads it anew), its files replaced by the archive's and
   * registered again; indices made after the backup deleted ({@link #EXTRA}); the snapshot's indices deleted by
   * name (a missing one is no error), restored, and their health waited for (yellow at least, 60 s).
   */
  static final String RESTORE = PRELUDE + INDICES_OF + EXTRA
      + " { es -X DELETE \"$url/_snapshot/ocrvs\" >&2 || true; }"
      + " && find " + REPOSITORY + " -mindepth 1 -maxdepth 1 ! -name 'elasticsearch-*' -exec rm -rf {} +"
      + " && tar -xz -C " + REPOSITORY + " -f {file} &&" + REGISTER + " &&" + READ + " && extra"
      + " && if [ -z \"$indices\" ]; then echo \"$snapshot holds no index: nothing to restore\" >&2; else"
      + " call \"delete $indices\" '\"acknowledged\":true' -X DELETE \"$url/$indices?ignore_unavailable=true\""
      + " && call \"restore $snapshot\" '\"failed\":0'"
      + " -X POST \"$url/_snapshot/ocrvs/$snapshot/_restore?wait_for_completion=true\""
      + " -d \"{\\\"indices\\\":\\\"$indices\\\",\\\"include_global_state\\\":false}\" &&" + HEALTH
      + " && echo \"restored $snapshot: $indices\" >&2; fi";

  /**
   * Each index of the slot's snapshot exists, is open and not red, and their health reaches yellow; with none, the
   * cluster's.
   */
  static final String VERIFY = PRELUDE + INDICES_OF + READ
      + " && if [ -z \"$indices\" ]; then call 'cluster health' '\"timed_out\":false'"
      + " \"$url/_cluster/health?wait_for_status=yellow&timeout=60s\"; else"
      + " call \"the indices of $snapshot\" '\"health\":' \"$url/_cat/indices/$indices?format=json&h=index,health,status\""
      + " && case $r in *'\"health\":\"red\"'*|*'\"status\":\"close\"'*) echo \"$snapshot: an index is red or closed: $r\" >&2;"
      + " false;; esac &&" + HEALTH + "; fi";

  /**
   * The figures: "index &lt;name&gt; &lt;documents&gt;" for each open index that is not hidden (system indices, data
   * streams' backing indices and the like are the cluster's own, which the restore leaves as they are). Counted by
   * _count after a refresh: _cat/indices' docs.count counts Lucene's documents, nested ones too, and misses those
   * not yet refreshed, which a snapshot holds. Each name is checked before it reaches a URL.
   */
  static final String FIGURES = PRELUDE + " set -f; r=$(es \"$url/_cat/indices?h=index&expand_wildcards=open&s=index\")"
      + " || { echo \"list the indices: curl exited with $?\" >&2; exit 1; };"
      + " case $r in *'{'*) echo \"list the indices: Elasticsearch answered $r\" >&2; exit 1;; esac;"
      + " for n in $r; do case $n in [!a-z0-9.]*|*[!a-z0-9._-]*) echo \"index name $n is not allowed;"
      + " allowed: a-z, 0-9, '.', '_', '-', starting with a letter, a digit or '.'\" >&2; exit 1;; esac;"
      + " call \"refresh $n\" '\"_shards\"' -X POST \"$url/$n/_refresh\" && call \"count $n\" '\"count\":' \"$url/$n/_count\""
      + " || exit 1; c=$(printf %s \"$r\" | sed -n 's/^{\"count\":\\([0-9][0-9]*\\),.*/\\1/p');"
      + " [ -n \"$c\" ] || { echo \"count $n: Elasticsearch answered $r\" >&2; exit 1; }; echo \"index $n $c\"; done";

  private ElasticsearchCommands() {}
}
