package org.crvsops.testbed;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * For bench/deploy-stack.sh, which deploys the fixture release through the packaged jar: builds its two git
 * repositories with {@link ReleaseRepos} (so the bench deploys the very commits DeployReleaseIT does, and needs
 * no {@code git} on the machine) and prints, one {@code name value} a line: {@code core} and {@code country}
 * (their file:// addresses), then {@code host} for each host name the release's Traefik rules give for the
 * domain and the country's environment file. Run from the repository's root (the fixture's path is relative):
 * <pre>java -cp target/test-classes:target/classes:&lt;test classpath&gt; org.crvsops.testbed.BenchRelease FOLDER DOMAIN ENV</pre>
 */
public final class BenchRelease {
  private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,200}[a-z0-9])?");
  private static final Pattern ENV = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  private BenchRelease() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      fail("usage: BenchRelease FOLDER DOMAIN ENV (a folder that does not exist yet, e.g. bench.crvs-ops.test staging)");
    }
    Path folder = Path.of(args[0]);
    if (Files.exists(folder)) {
      fail("FOLDER " + folder + " exists already; give one that does not, so that nothing in it is replaced");
    }
    if (!DOMAIN.matcher(args[1]).matches()) {
      fail("DOMAIN '" + args[1] + "' is not a domain name (lower-case letters, digits, '.' and '-')");
    }
    Path infra = ReleaseRepos.FIXTURE.resolve("country-config/infrastructure");
    Path envFile = infra.resolve("docker-compose." + args[2] + "-deploy.yml");
    if (!ENV.matcher(args[2]).matches() || !Files.isRegularFile(envFile)) {
      fail("ENV '" + args[2] + "' names no " + infra + "/docker-compose.<env>-deploy.yml (run from the repository's root)");
    }
    ReleaseRepos repos = ReleaseRepos.build(folder);
    System.out.println("core " + repos.core().uri());
    System.out.println("country " + repos.country().uri());
    ReleaseEnvironment.hostNames(args[2], args[1]).forEach(host -> System.out.println("host " + host));
  }

  private static void fail(String message) {
    System.err.println(message);
    System.exit(2);
  }
}
