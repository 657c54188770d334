package org.crvsops.secrets;

import static java.util.Comparator.comparingInt;

import com.github.dockerjava.api.model.Service;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.crvsops.swarm.SwarmClient;
import org.crvsops.swarm.SwarmClient.SecretRef;
import org.springframework.stereotype.Component;

/**
 * crvs-ops's Docker secrets: each value in versions {@code <name>.<n>}, labelled with the secret's name
 * and the value's fingerprint. Docker cannot change a secret, nor show its value: a new value is a new
 * version, and the fingerprint tells whether the newest one already holds the stored value.
 */
@Component
public class DockerSecrets {
  /** What creating a secret did: the version that holds the value now, and whether this run made it. */
  record Created(String version, boolean changed) {}

  /** The newest version of the secret in this swarm, e.g. openhim-password.3; empty before the first. */
  public Optional<String> current(SwarmClient swarm, String name) {
    return newest(versions(swarm, name)).map(SecretVersion::name);
  }

  /** Every version crvs-ops made of the secret, oldest first. */
  List<SecretVersion> versions(SwarmClient swarm, String name) {
    return swarm.secretsLabelled(SecretVersion.SECRET_LABEL, name).stream()
        .flatMap(s -> SecretVersion.of(name, s).stream()).sorted(comparingInt(SecretVersion::number)).toList();
  }

  /** Creates the next version with this value, unless the newest already holds it (same fingerprint). */
  Created create(SwarmClient swarm, String name, String value, String fingerprint) {
    Optional<SecretVersion> newest = newest(versions(swarm, name));
    if (newest.isPresent() && fingerprint.equals(newest.get().fingerprint())) {
      return new Created(newest.get().name(), false);
    }
    String next = SecretVersion.name(name, newest.map(v -> v.number() + 1).orElse(1));
    swarm.createSecret(next, value, SecretVersion.labels(name, fingerprint));
    return new Created(next, true);
  }

  /** Moves every service that uses an older version of these secrets to the newest, one update per service. */
  List<String> pointServicesAtCurrent(SwarmClient swarm, List<String> names) {
    Map<String, SecretRef> replacements = new HashMap<>();
    for (String name : names) {
      List<SecretVersion> versions = versions(swarm, name);
      newest(versions).ifPresent(current -> older(versions).forEach(old ->
          replacements.put(old.name(), new SecretRef(current.id(), current.name()))));
    }
    List<String> updated = new ArrayList<>();
    for (Service service : swarm.servicesUsingSecrets(replacements.keySet())) {
      List<String> moved = SwarmClient.secretNames(service).stream().filter(replacements::containsKey)
          .map(old -> old + " → " + replacements.get(old).name()).toList();
      swarm.replaceSecrets(service, replacements);
      updated.add(service.getSpec().getName() + ": " + String.join(", ", moved));
    }
    return updated;
  }

  /**
   * The services to follow before old versions go: those using the newest version of a secret that still
   * has older ones, each with the ids of those newest versions. Worked out from the swarm, not from what
   * a step remembers, so that a step retried after a crash follows the same services.
   */
  Map<String, Set<String>> servicesToFollow(SwarmClient swarm, List<String> names) {
    Map<String, Set<String>> follow = new LinkedHashMap<>();
    for (String name : names) {
      List<SecretVersion> versions = versions(swarm, name);
      Optional<SecretVersion> current = newest(versions);
      if (current.isPresent() && !older(versions).isEmpty()) {
        for (Service service : swarm.servicesUsingSecrets(Set.of(current.get().name()))) {
          follow.computeIfAbsent(service.getSpec().getName(), s -> new java.util.HashSet<>()).add(current.get().id());
        }
      }
    }
    return follow;
  }

  /** Removes the older versions that no service uses; one still in use is kept and named. */
  List<String> removeOldVersions(SwarmClient swarm, List<String> names) {
    List<String> lines = new ArrayList<>();
    for (String name : names) {
      for (SecretVersion old : older(versions(swarm, name))) {
        List<String> users = swarm.servicesUsingSecrets(Set.of(old.name())).stream().map(s -> s.getSpec().getName()).toList();
        if (users.isEmpty()) {
          swarm.removeSecret(old.name());
          lines.add("removed " + old.name());
        } else {
          lines.add("kept " + old.name() + ": still used by " + String.join(", ", users));
        }
      }
    }
    return lines;
  }

  private static Optional<SecretVersion> newest(List<SecretVersion> versions) {
    return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
  }

  private static List<SecretVersion> older(List<SecretVersion> versions) {
    return versions.isEmpty() ? List.of() : versions.subList(0, versions.size() - 1);
  }
}
