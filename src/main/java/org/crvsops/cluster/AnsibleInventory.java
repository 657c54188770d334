package org.crvsops.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crvsops.cluster.EnvironmentDraft.BackupDraft;
import org.crvsops.cluster.EnvironmentDraft.NodeDraft;

/**
 * Reads an OpenCRVS Ansible inventory in the format of the hosting manual's example-1.ini,
 * example-3.ini and example-5.ini: one host in [docker-manager-first], the workers in
 * [docker-workers], and data1_hostname ... dataN_hostname plus the optional
 * external_backup_server_* settings in [all:vars]. The Nth node (manager first) gets the
 * hostname of dataN_hostname and the label dataN, as the playbooks label them.
 */
public final class AnsibleInventory {
  private static final String MANAGER = "docker-manager-first";
  private static final String WORKERS = "docker-workers";
  private static final String VARS = "all:vars";
  private static final Set<String> SECTIONS = Set.of(MANAGER, WORKERS, VARS);
  private static final Pattern SECTION = Pattern.compile("\\[([^\\]]+)]");
  private static final Pattern HOST_VAR = Pattern.compile("(\\w+)=(\"[^\"]*\"|'[^']*'|\\S+)");
  private static final Pattern PLACEHOLDER = Pattern.compile("(?i).*ENTER[ _]YOUR.*|ENTER_HOSTNAME.*");

  private final List<FieldError> errors = new ArrayList<>();
  private final List<NodeDraft> hosts = new ArrayList<>();
  private final Map<String, String> vars = new LinkedHashMap<>();
  private int managers;

  private AnsibleInventory() {}

  /** Parses the inventory text into a draft; the draft still goes through the validator. */
  public static EnvironmentDraft parse(String name, String kind, String domain, String text) {
    return new AnsibleInventory().read(name, kind, domain, text == null ? "" : text);
  }

  private EnvironmentDraft read(String name, String kind, String domain, String text) {
    String section = null;
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
        continue;
      }
      Matcher m = SECTION.matcher(line);
      if (m.matches()) {
        section = m.group(1).strip();
        checkSection(i + 1, section);
      } else {
        readLine(i + 1, section, line);
      }
    }
    if (managers != 1) {
      errors.add(new FieldError("inventory [" + MANAGER + "]", managers + " host(s)",
          "exactly one host line, e.g. manager1 ansible_host=\"10.0.0.5\""));
    }
    List<NodeDraft> nodes = labelled();
    if (!errors.isEmpty()) {
      throw new InvalidEnvironmentException(errors);
    }
    return new EnvironmentDraft(name, kind, domain, String.valueOf(nodes.size()),
        nodes.get(0), nodes.subList(1, nodes.size()), backup());
  }

  private void checkSection(int lineNo, String section) {
    if (!SECTIONS.contains(section)) {
      errors.add(new FieldError("inventory line " + lineNo, "[" + section + "]",
          "one of the sections [" + MANAGER + "], [" + WORKERS + "] and [" + VARS + "]"));
    }
  }

  private void readLine(int lineNo, String section, String line) {
    if (MANAGER.equals(section) || WORKERS.equals(section)) {
      if (MANAGER.equals(section)) {
        managers++;
        if (managers > 1) {
          return;
        }
      }
      host(lineNo, line, MANAGER.equals(section));
    } else if (VARS.equals(section)) {
      int eq = line.indexOf('=');
      if (eq < 1) {
        errors.add(new FieldError("inventory line " + lineNo, line, "a setting of the form name=value"));
      } else {
        vars.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
      }
    } else if (section == null) {
      errors.add(new FieldError("inventory line " + lineNo, line, "a line below a section such as [" + MANAGER + "]"));
    }
  }

  private void host(int lineNo, String line, boolean manager) {
    String alias = line.split("\\s+", 2)[0];
    Map<String, String> hostVars = new LinkedHashMap<>();
    Matcher m = HOST_VAR.matcher(line.substring(alias.length()));
    while (m.find()) {
      hostVars.put(m.group(1), unquote(m.group(2)));
    }
    String address = hostVars.getOrDefault("ansible_host", alias);
    if (PLACEHOLDER.matcher(address).matches()) {
      errors.add(new FieldError("inventory line " + lineNo, address,
          "the host's real address in place of the example's placeholder"));
    }
    NodeDraft node = new NodeDraft(address, hostVars.get("ansible_port"), hostVars.get("ansible_user"), null, null);
    if (manager) {
      hosts.add(0, node);
    } else {
      hosts.add(node);
    }
  }

  private BackupDraft backup() {
    if (!vars.containsKey("external_backup_server_ip")) {
      return null;
    }
    return new BackupDraft(vars.get("external_backup_server_ip"), vars.get("external_backup_server_user"),
        vars.get("external_backup_server_ssh_port"), vars.get("external_backup_server_remote_directory"));
  }

  // Hostnames and labels come from [all:vars] once every host is known.
  private List<NodeDraft> labelled() {
    List<NodeDraft> out = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      NodeDraft h = hosts.get(i);
      String label = "data" + (i + 1);
      String hostname = vars.get(label + "_hostname");
      if (hostname == null || PLACEHOLDER.matcher(hostname).matches()) {
        errors.add(new FieldError("inventory [" + VARS + "] " + label + "_hostname", hostname,
            "the hostname of node " + (i + 1) + " (" + h.address() + "), e.g. " + label + "_hostname=farajaland-" + (i + 1)));
      }
      out.add(new NodeDraft(h.address(), h.sshPort(), h.sshUser(), hostname, label));
    }
    return out;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }
}
