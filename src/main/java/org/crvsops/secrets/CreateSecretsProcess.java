package org.crvsops.secrets;

import static org.crvsops.engine.CommonVariables.ENVIRONMENT_NAME;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.crvsops.engine.ModelledWait;
import org.crvsops.engine.ProcessVariable;

/** What code knows of processes/create-secrets.bpmn: its key, element IDs and variables. */
public final class CreateSecretsProcess {
  public static final String KEY = "create-secrets";
  public static final String CALL_APPROVE_CHANGE = "CallActivity_ApproveChange";
  public static final String TASK_CREATE_SECRET_VERSIONS = "Task_CreateSecretVersions";
  public static final String TASK_POINT_SERVICES_AT_NEW_VERSIONS = "Task_PointServicesAtNewVersions";
  public static final String TASK_WAIT_FOR_CONVERGENCE = "Task_WaitForServicesToConverge";
  public static final String TIMER_WAIT_FOR_SERVICES = "Event_WaitedForServices";
  public static final String TASK_REMOVE_OLD_VERSIONS = "Task_RemoveOldVersions";
  public static final String END_SECRETS_IN_PLACE = "EndEvent_SecretsInPlace";
  public static final String END_CHANGE_REJECTED = "EndEvent_ChangeRejected";

  public static final ProcessVariable<String> SMS_PROVIDER = ProcessVariable.of("smsProvider", String.class);
  /** Per Docker secret: "openhim-password: changed (created openhim-password.2)" or "unchanged (...)". */
  public static final ProcessVariable<String> SECRET_OUTCOMES = ProcessVariable.of("secretOutcomes", String.class);
  /** One line per service moved to a new version. */
  public static final ProcessVariable<String> SERVICE_UPDATES = ProcessVariable.of("serviceUpdates", String.class);
  /** One line per old version removed, or kept because a service still uses it. */
  /** The modelled wait for the services: the check's answer, the timer's interval and the deadline (ISO-8601). */
  public static final ProcessVariable<Boolean> SERVICES_CONVERGED = ProcessVariable.of("servicesConverged", Boolean.class);
  public static final ProcessVariable<String> CONVERGENCE_POLL = ProcessVariable.of("convergencePoll", String.class);
  public static final ProcessVariable<String> CONVERGENCE_DEADLINE = ProcessVariable.of("convergenceDeadline", String.class);
  public static final ModelledWait CONVERGENCE_WAIT = new ModelledWait(SERVICES_CONVERGED, CONVERGENCE_POLL,
      CONVERGENCE_DEADLINE);
  public static final ProcessVariable<String> REMOVED_VERSIONS = ProcessVariable.of("removedVersions", String.class);

  /** The SMS providers OpenCRVS's notification service knows. */
  public enum SmsProvider {
    CLICKATELL, INFOBIP;

    public String id() {
      return name().toLowerCase();
    }

    public static Optional<SmsProvider> parse(String text) {
      return Arrays.stream(values()).filter(p -> p.id().equals(text)).findFirst();
    }
  }

  /**
   * The Docker secrets of the hosting manual, each with the start variable that names the stored value
   * it is made from (never the value). A null provider: needed whichever provider is chosen.
   */
  public enum DockerSecret {
    OPENHIM_USER("openhim-user", "openhimUserSecret", null),
    OPENHIM_PASSWORD("openhim-password", "openhimPasswordSecret", null),
    CLICKATELL_USER("clickatell-user", "clickatellUserSecret", SmsProvider.CLICKATELL),
    CLICKATELL_PASSWORD("clickatell-password", "clickatellPasswordSecret", SmsProvider.CLICKATELL),
    CLICKATELL_API_ID("clickatell-api-id", "clickatellApiIdSecret", SmsProvider.CLICKATELL),
    INFOBIP_GATEWAY_ENDPOINT("infobip-gateway-endpoint", "infobipGatewayEndpointSecret", SmsProvider.INFOBIP),
    INFOBIP_API_KEY("infobip-api-key", "infobipApiKeySecret", SmsProvider.INFOBIP),
    INFOBIP_SENDER_ID("infobip-sender-id", "infobipSenderIdSecret", SmsProvider.INFOBIP);

    /** The Docker secret's name, without its version; the stored value's proposed name too. */
    public final String dockerName;
    public final ProcessVariable<String> variable;
    private final SmsProvider provider;

    DockerSecret(String dockerName, String variable, SmsProvider provider) {
      this.dockerName = dockerName;
      this.variable = ProcessVariable.of(variable, String.class);
      this.provider = provider;
    }

    /** The secrets a run with this provider creates, in the manual's order. */
    public static List<DockerSecret> forProvider(SmsProvider provider) {
      return Arrays.stream(values()).filter(s -> s.provider == null || s.provider == provider).toList();
    }
  }

  /** The start variables of a run, each stored value named as its Docker secret unless given, for REST and tests. */
  public static Map<String, Object> startVariables(String environment, SmsProvider provider, Map<DockerSecret, String> names) {
    Map<String, Object> vars = new LinkedHashMap<>();
    ENVIRONMENT_NAME.put(vars, environment);
    SMS_PROVIDER.put(vars, provider.id());
    for (DockerSecret secret : DockerSecret.forProvider(provider)) {
      secret.variable.put(vars, names.getOrDefault(secret, secret.dockerName));
    }
    return vars;
  }

  private CreateSecretsProcess() {}
}
