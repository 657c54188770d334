package org.crvsops.release;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the merged services of a release are, for deciding when a deploy has converged:
 * <ul>
 *   <li>one-shots: `deploy.restart_policy.condition` `none` or `on-failure` (migration, mongo-on-update,
 *       postgres-on-update): done when a task of this deploy exited 0;</li>
 *   <li>setup jobs: a compose `restart: on-failure` or `restart: "no"` and no `deploy.restart_policy`
 *       (setup-elasticsearch-users, setup-kibana-config). docker stack deploy makes `on-failure` Swarm's
 *       on-failure (no new task after exit 0) and `"no"` no policy, Swarm's default `any` (a new task
 *       after every exit): one run to completion is enough either way. `always`/`unless-stopped` are left
 *       out: those services are meant to run for ever, which is what Swarm does anyway;</li>
 *   <li>scaled to zero: `deploy.replicas: 0` (base, data-seeder): never running is their normal state;</li>
 *   <li>each service's image with variables substituted.</li>
 * </ul>
 */
public record ReleaseServices(SortedSet<String> oneShots, SortedSet<String> restartForEver,
    SortedSet<String> scaledToZero, SortedMap<String, String> images) {
  private static final Set<String> ONE_SHOT = Set.of("none", "on-failure");
  private static final Set<String> MEANT_TO_STOP = Set.of("on-failure", "no", "false");

  public ReleaseServices {
    oneShots = Collections.unmodifiableSortedSet(new TreeSet<>(oneShots));
    restartForEver = Collections.unmodifiableSortedSet(new TreeSet<>(restartForEver));
    scaledToZero = Collections.unmodifiableSortedSet(new TreeSet<>(scaledToZero));
    images = Collections.unmodifiableSortedMap(new TreeMap<>(images));
  }

  public static ReleaseServices of(ComposeFiles files, Map<String, String> variables) {
    SortedSet<String> oneShots = new TreeSet<>();
    SortedSet<String> restartForEver = new TreeSet<>();
    SortedSet<String> scaledToZero = new TreeSet<>();
    SortedMap<String, String> images = new TreeMap<>();
    files.services().forEach((name, spec) -> {
      Map<String, Object> deploy = ComposeFiles.mapAt(spec, "deploy");
      Object condition = ComposeFiles.mapAt(deploy, "restart_policy").get("condition");
      if (condition != null && ONE_SHOT.contains(String.valueOf(condition))) {
        oneShots.add(name);
      }
      // YAML 1.1 reads an unquoted `restart: no` as false.
      if (!deploy.containsKey("restart_policy") && spec.containsKey("restart")
          && MEANT_TO_STOP.contains(String.valueOf(spec.get("restart")))) {
        restartForEver.add(name);
      }
      if ("0".equals(String.valueOf(deploy.get("replicas")))) {
        scaledToZero.add(name);
      }
      if (spec.get("image") != null) {
        images.put(name, image(name, spec.get("image"), variables));
      }
    });
    return new ReleaseServices(oneShots, restartForEver, scaledToZero, images);
  }

  /** The distinct images, what the nodes must pull. */
  public SortedSet<String> distinctImages() {
    return new TreeSet<>(images.values());
  }

  private static String image(String service, Object image, Map<String, String> variables) {
    try {
      return ComposeVariables.substitute(String.valueOf(image), variables);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("service '" + service + "' image: " + e.getMessage(), e);
    }
  }
}
