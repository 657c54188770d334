package org.crvsops.deploy;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crvsops.release.ReleaseLayout;
import org.crvsops.ssh.CommandResult;
import org.crvsops.ssh.SshSessions;

/**
 * For the steps that make requests on the stack's network: a release folder of a few v1.9-shaped services, and a
 * manager whose every command prints the next of the given outputs (the commands are kept, to read).
 */
final class OverlayFixtures {
  /** gateway's port from its Traefik label; auth, events and countryconfig from the list; search off the network. */
  static final String V19_SHAPED = """
      services:
        gateway:
          image: ghcr.io/opencrvs/ocrvs-gateway:v1.9.0
          networks: [overlay_net]
          deploy:
            labels:
              - traefik.http.services.gateway.loadbalancer.server.port=7070
        auth: {image: 'ghcr.io/opencrvs/ocrvs-auth:v1.9.0', networks: [overlay_net]}
        events: {image: 'ghcr.io/opencrvs/ocrvs-events:v1.9.0', networks: [overlay_net]}
        countryconfig:
          image: farajaland/opencrvs-farajaland:v1.9.0
          networks: [overlay_net]
        search:
          image: ghcr.io/opencrvs/ocrvs-search:v1.9.0
        setup-kibana-config:
          image: curlimages/curl:7.88.1
          networks: [overlay_net]
      networks:
        overlay_net:
          driver: overlay
          attachable: true
      """;
  /** The same with Elasticsearch, Elastalert and Kibana (its port from its Traefik label) on the network. */
  static final String V19_WITH_MONITORING = V19_SHAPED.replace("networks:\n  overlay_net:", """
        elasticsearch: {image: 'ghcr.io/opencrvs/elasticsearch:8.16.4', networks: [overlay_net]}
        elastalert: {image: 'jertel/elastalert2:2.19.0', networks: [overlay_net], deploy: {replicas: 1}}
        kibana:
          image: ghcr.io/opencrvs/kibana:8.16.4
          networks: [overlay_net]
          deploy: {labels: ['traefik.http.services.kibana.loadbalancer.server.port=5601']}
      networks:
        overlay_net:""");
  static final String PINGS = "gateway:80,countryconfig:3040,notification:2020";

  final List<String> commands = new ArrayList<>();
  /** What each command got on its standard input ("" for none). */
  final List<String> stdins = new ArrayList<>();
  final List<List<String>> outputs = new ArrayList<>();
  final SshSessions ssh = mock(SshSessions.class);

  OverlayFixtures() {
    when(ssh.run(any(), any(), any(), any(), any())).thenAnswer(call -> {
      commands.add(call.getArgument(2));
      stdins.add("");
      return new CommandResult(0, outputs.isEmpty() ? List.of() : outputs.remove(0), List.of());
    });
    when(ssh.run(any(), any(), any(), any(), any(), any())).thenAnswer(call -> {
      commands.add(call.getArgument(2));
      stdins.add(call.getArgument(3));
      return new CommandResult(0, outputs.isEmpty() ? List.of() : outputs.remove(0), List.of());
    });
  }

  OverlayRequests overlay(String pings) {
    return new OverlayRequests(ssh, "curlimages/curl", pings);
  }

  /** The four compose files of a qa deploy, the deploy file holding these services. */
  static DeployRelease release(Path folder, String deployFile) throws Exception {
    for (String file : List.of("core/docker-compose.deps.yml", "core/docker-compose.yml",
        "infrastructure/docker-compose.deploy.yml", "infrastructure/docker-compose.qa-deploy.yml")) {
      Files.createDirectories(folder.resolve(file).getParent());
      Files.writeString(folder.resolve(file), file.endsWith("/docker-compose.deploy.yml") ? deployFile : "services: {}\n");
    }
    DeployRelease release = mock(DeployRelease.class);
    when(release.open(any(), any())).thenReturn(new DeployRelease.Copy(ReleaseLayout.of(folder, "qa"), "c", "c", "v1"));
    return release;
  }
}
