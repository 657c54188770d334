package org.crvsops.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.crvsops.release.ComposeFiles;
import org.crvsops.release.ReleasePings;
import org.crvsops.ssh.OutputLine;
import org.crvsops.ssh.RemoteScript;
import org.crvsops.ssh.ShellQuote;
import org.crvsops.ssh.SshSessions;
import org.crvsops.ssh.SshTarget;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * HTTP requests on the stack's own network, from the manager: the one place that does them. Each call runs ONE
 * short-lived container (`docker run --rm`) attached to the release's attachable network, from an image of the
 * release that every node already pulled (crvsops.deploy.probe-image, default its curlimages/curl, upstream's
 * setup-kibana-config image), with scripts/deploy/overlay-http.sh as its `sh -c` script: one answer per task.
 * Upstream pulls appropriate/curl and alpine from Docker Hub on the manager for the same; a closed network has
 * neither. Names, ports and paths are validated before a command is built; none of it is secret.
 */
@Component
class OverlayRequests {
  private static final String NAME = "[a-z0-9][a-z0-9._/-]{0,200}";
  private static final Pattern IMAGE = Pattern.compile(NAME + "(:[A-Za-z0-9_.-]{1,128})?(@sha256:[0-9a-f]{64})?");
  private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~/,-]{0,200}(\\?[A-Za-z0-9._~=&,-]{1,200})?");
  private static final Pattern HOST_FILE = Pattern.compile("/[A-Za-z0-9._/-]{1,400}");
  /** Where an uploaded file of the manager is mounted in the container (read-only). */
  static final String UPLOADS = "/crvs-ops/";
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  /** OpenCRVS v1.9's services that answer GET /ping, and their ports (crvsops.deploy.ping-services). */
  static final String DEFAULT_PINGS = "auth:4040,config:2021,documents:9050,events:5555,gateway:7070,metrics:1050,"
      + "notification:2020,search:9090,user-mgnt:3030,webhooks:2525,workflow:5050,countryconfig:3040";
  private final SshSessions ssh;
  private final String probeImage;
  private final Map<String, Integer> pingServices;

  OverlayRequests(SshSessions ssh, @Value("${crvsops.deploy.probe-image:curlimages/curl}") String probeImage,
      @Value("${crvsops.deploy.ping-services:" + DEFAULT_PINGS + "}") String pingServices) {
    if (!probeImage.matches(NAME)) {
      throw new IllegalArgumentException("crvsops.deploy.probe-image '" + probeImage + "' is not an image name"
          + " without a tag (e.g. curlimages/curl): the release's image of that name is used");
    }
    this.ssh = ssh;
    this.probeImage = probeImage;
    this.pingServices = ReleasePings.known("crvsops.deploy.ping-services", pingServices);
  }

  /**
   * Requests on a release's stack: where they start and its services that answer /ping; no origin, and why, when
   * the release has no attachable network, none of those services on it, or no image to run them from.
   */
  record OnStack(Optional<Origin> origin, List<ReleasePings.Ping> pings, String why) {
    Optional<ReleasePings.Ping> service(String name) {
      return pings.stream().filter(p -> p.service().equals(name)).findFirst();
    }
  }

  OnStack onStack(ComposeFiles files, SshTarget manager) {
    return onStack(files, manager, pingServices, "crvsops.deploy.ping-services");
  }

  /** The same, for these services of the release (name: port; a Traefik port label wins), named so in a why. */
  OnStack onStack(ComposeFiles files, SshTarget manager, Map<String, Integer> services, String named) {
    ReleasePings pings = ReleasePings.of(files, services, DeployOpencrvsProcess.STACK);
    Optional<String> image = image(files);
    if (pings.network().isEmpty()) {
      return new OnStack(Optional.empty(), List.of(), "the release has no attachable network");
    }
    if (pings.pings().isEmpty()) {
      return new OnStack(Optional.empty(), List.of(), "the release has none of " + named + " on "
          + pings.network().get());
    }
    if (image.isEmpty()) {
      return new OnStack(Optional.empty(), pings.pings(), "the release has no image " + probeImage
          + " (crvsops.deploy.probe-image) to run requests from");
    }
    return new OnStack(Optional.of(new Origin(manager, pings.network().get(), image.get())), pings.pings(), "");
  }

  /** Where the requests start: the manager, the stack's network and the release's image to run them from. */
  record Origin(SshTarget manager, String network, String image) {
    Origin {
      if (!Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}").matcher(network).matches()) {
        throw new IllegalArgumentException("network '" + network + "' is not a Docker network name");
      }
      if (!IMAGE.matcher(image).matches()) {
        throw new IllegalArgumentException("image '" + image + "' is not an image reference without variables");
      }
    }
  }

  /** One task's answer: its HTTP status, or none (status -1) and why. */
  record Answer(String service, String address, int status, String detail) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** "HTTP 200", "HTTP 503 Service Unavailable" (the reason only when it is not 2xx), "no answer (why)". */
    String text() {
      return status < 0 ? "no answer (" + detail + ")"
          : "HTTP " + status + (ok() || detail.isBlank() ? "" : " " + detail);
    }
  }

  /** The release's image to run requests from (crvsops.deploy.probe-image with the release's tag), if it has one. */
  Optional<String> image(ComposeFiles files) {
    return files.services().values().stream().map(spec -> spec.get("image")).filter(i -> i instanceof String)
        .map(String.class::cast).filter(i -> i.equals(probeImage) || i.startsWith(probeImage + ":")
            || i.startsWith(probeImage + "@"))
        .filter(i -> IMAGE.matcher(i).matches()).findFirst();
  }

  /** GET path of each task of each service, in order. */
  List<Answer> get(Origin origin, List<ReleasePings.Ping> pings, String path, Consumer<OutputLine> sink) {
    List<String> args = new ArrayList<>(List.of("get"));
    pings.forEach(p -> args.addAll(List.of(p.service(), Integer.toString(p.port()), path(path))));
    return run(origin, "requests on " + origin.network(), args, sink);
  }

  /** POST the JSON to path of the service's first task. */
  Answer postJson(Origin origin, ReleasePings.Ping to, String path, String json, Consumer<OutputLine> sink) {
    List<Answer> answers = run(origin, "POST " + to.service() + path, List.of("post-json", to.service(),
        Integer.toString(to.port()), path(path), json), sink);
    return answers.isEmpty() ? new Answer(to.service(), "-", -1, "no answer printed") : answers.get(0);
  }

  /** What a call answered, and the body it was asked to print ("" when none). */
  record Reply(List<Answer> answers, String body) {}

  /**
   * Starts the search index's rebuild: events' POST /events/reindex, which answers only once the rebuild is done
   * (hours, for a big register), in a container left to run detached (up to an hour, then ended). Returns the
   * manager's clock (UTC, to the second) just before it, the time a status of this rebuild is from or after.
   */
  String startReindex(Origin origin, ReleasePings.Ping auth, ReleasePings.Ping events, Consumer<OutputLine> sink) {
    var result = ssh.run(origin.manager(), "start search index rebuild", "date -u +%Y-%m-%dT%H:%M:%S && "
        + command(origin, List.of("-d"), List.of("reindex", auth.service(), Integer.toString(auth.port()),
        events.service(), Integer.toString(events.port()))), sink, TIMEOUT);
    String since = result.stdout().isEmpty() ? "" : result.stdout().get(0).strip();
    if (!since.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}")) {
      throw new IllegalStateException("The manager's date -u gave '" + since + "', not YYYY-MM-DDTHH:MM:SS");
    }
    return since;
  }

  /** events' GET /events/reindex, with a reindexing token of auth: the rebuilds' statuses as JSON. */
  Reply reindexStatus(Origin origin, ReleasePings.Ping auth, ReleasePings.Ping events, Consumer<OutputLine> sink) {
    var result = ssh.run(origin.manager(), "read search index rebuild", command(origin, List.of("reindex-status",
        auth.service(), Integer.toString(auth.port()), events.service(), Integer.toString(events.port()))),
        sink, TIMEOUT);
    return new Reply(answers(result.stdout()), result.stdout().stream().filter(l -> l.startsWith("body "))
        .map(l -> l.substring(5)).findFirst().orElse(""));
  }

  /** A user and password for HTTP basic auth; never in a toString, a command line or a log. */
  record Credential(String user, String password) {
    Credential {
      if (user == null || !user.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException("user '" + user + "' is not allowed: letters, digits, '.', '_', '-'");
      }
      if (password == null || password.isEmpty() || password.contains("\n") || password.contains("\r")) {
        throw new IllegalArgumentException("the password of " + user + " is empty or holds a line break");
      }
    }

    /** The container's standard input: USER:PASSWORD on one line. */
    String line() {
      return user + ":" + password + "\n";
    }

    @Override
    public String toString() {
      return "Credential[" + user + "]";
    }
  }

  /** One request of {@link #withBasicAuth}: its method, path (a query allowed), and whether it uploads the file. */
  record Call(String method, String path, boolean upload) {
    Call {
      if (method == null || !method.matches("GET|POST|PUT|DELETE")) {
        throw new IllegalArgumentException("method '" + method + "' is not GET, POST, PUT or DELETE");
      }
      OverlayRequests.path(path);
    }
  }

  /** One request's answer and the body the script printed with it ("" when none: it prints a GET's or upload's). */
  record Response(Answer answer, String body) {}

  /**
   * The calls, in order, to the service's first task with HTTP basic auth, in one container. The credential reaches
   * the container on its standard input ({@code docker run -i}), never a command line or an environment; an upload
   * sends the file {@code upload} of the manager (mounted read-only) as the form field "file". A call that got no
   * answer line answers "no answer printed".
   */
  List<Response> withBasicAuth(Origin origin, ReleasePings.Ping to, Credential credential, List<Call> calls,
      Optional<String> upload, Consumer<OutputLine> sink) {
    List<String> options = new ArrayList<>(List.of("-i"));
    String file = "-";
    if (upload.isPresent()) {
      String source = upload.get();
      if (!HOST_FILE.matcher(source).matches() || source.contains("..")) {
        throw new IllegalArgumentException("file '" + source + "' to upload is not an absolute path of letters,"
            + " digits, '.', '_', '/', '-'");
      }
      file = UPLOADS + source.substring(source.lastIndexOf('/') + 1);
      options.addAll(List.of("-v", source + ":" + file + ":ro"));
    } else if (calls.stream().anyMatch(Call::upload)) {
      throw new IllegalArgumentException("a call uploads, but no file to upload was given");
    }
    List<String> args = new ArrayList<>(List.of("basic", to.service(), Integer.toString(to.port())));
    for (Call call : calls) {
      args.addAll(List.of(call.method(), call.path(), call.upload() ? file : "-"));
    }
    var result = ssh.run(origin.manager(), calls.get(0).method() + " " + to.service() + calls.get(0).path()
        + (calls.size() > 1 ? " and " + (calls.size() - 1) + " more" : ""), command(origin, options, args),
        credential.line(), sink, TIMEOUT.plusMinutes(calls.size()));
    List<Response> responses = responses(result.stdout());
    while (responses.size() < calls.size()) {
      responses.add(new Response(new Answer(to.service(), "-", -1, "no answer printed"), ""));
    }
    return responses;
  }

  /** The command for the manager: one container on the network running the script with these arguments. */
  static String command(Origin origin, List<String> args) {
    return command(origin, List.of(), args);
  }

  private static String command(Origin origin, List<String> runOptions, List<String> args) {
    return Stream.of(Stream.of("docker", "run"), runOptions.stream(), Stream.of("--rm", "--network", origin.network(),
        "--entrypoint", "sh", origin.image(), "-c", RemoteScript.of("deploy/overlay-http").text(), "overlay-http"),
        args.stream()).flatMap(s -> s).map(ShellQuote::quote).collect(Collectors.joining(" "));
  }

  /** The script's answer lines, each with the "body …" line that follows it, if any. */
  static List<Response> responses(List<String> lines) {
    List<Response> responses = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("body ") && !responses.isEmpty()) {
        Response last = responses.remove(responses.size() - 1);
        responses.add(new Response(last.answer(), line.substring(5)));
      } else {
        answers(List.of(line)).forEach(a -> responses.add(new Response(a, "")));
      }
    }
    return responses;
  }

  /** The script's answer lines, "answer NAME ADDRESS STATUS DETAIL"; other lines are the container's own. */
  static List<Answer> answers(List<String> lines) {
    List<Answer> answers = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(" ", 5);
      if (f.length >= 4 && f[0].equals("answer")) {
        int status = f[3].matches("[0-9]{3}") ? Integer.parseInt(f[3]) : -1;
        answers.add(new Answer(f[1], f[2], status, f.length == 5 ? f[4].strip() : ""));
      }
    }
    return answers;
  }

  private List<Answer> run(Origin origin, String description, List<String> args, Consumer<OutputLine> sink) {
    var result = ssh.run(origin.manager(), description, command(origin, args), sink, TIMEOUT);
    return answers(result.stdout());
  }

  private static String path(String path) {
    if (path == null || !PATH.matcher(path).matches() || path.contains("..")) {
      throw new IllegalArgumentException("path '" + path + "' is not allowed: '/' then letters, digits, '.', '_',"
          + " '~', '/', ',', '-', and a query of those, '=' and '&' after '?'");
    }
    return path;
  }

  /** The answers by service, services in the order asked, each service's tasks in the order answered. */
  static Map<String, List<Answer>> byService(List<Answer> answers) {
    return answers.stream().collect(Collectors.groupingBy(Answer::service, java.util.LinkedHashMap::new,
        Collectors.toList()));
  }
}
