package dev.bosun.azure;

import com.azure.core.management.AzureEnvironment;
import dev.bosun.support.BadInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Azure clouds bosun signs in to, named as azure/login names them, with each cloud's endpoints:
 * Azure Resource Manager, the Entra ID authority, the scope of the Entra token that Azure Container
 * Registry exchanges (an ARM token, as {@code az acr login} uses) and the scope Azure Database for
 * PostgreSQL accepts. The values are Microsoft's own
 * (https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud, and the
 * Azure CLI's {@code cloud.py}: {@code active_directory}, {@code resource_manager}, {@code
 * ossrdbms_resource_id}).
 */
public enum AzureCloud {
  AZURE_CLOUD(
      "AzureCloud",
      AzureEnvironment.AZURE,
      "https://ossrdbms-aad.database.windows.net",
      ".azurecr.io",
      "api://AzureADTokenExchange"),
  AZURE_US_GOVERNMENT(
      "AzureUSGovernment",
      AzureEnvironment.AZURE_US_GOVERNMENT,
      "https://ossrdbms-aad.database.usgovcloudapi.net",
      ".azurecr.us",
      "api://AzureADTokenExchangeUSGov"),
  AZURE_CHINA_CLOUD(
      "AzureChinaCloud",
      AzureEnvironment.AZURE_CHINA,
      "https://ossrdbms-aad.database.chinacloudapi.cn",
      ".azurecr.cn",
      "api://AzureADTokenExchangeChina");

  /** The input that chooses the cloud. */
  public static final String INPUT = "azure-environment";

  private final String id;
  private final AzureEnvironment environment;
  private final String postgresResource;
  private final String registrySuffix;
  private final String federationAudience;

  AzureCloud(
      String id,
      AzureEnvironment environment,
      String postgresResource,
      String registrySuffix,
      String federationAudience) {
    this.federationAudience = federationAudience;
    this.id = id;
    this.environment = environment;
    this.postgresResource = postgresResource;
    this.registrySuffix = registrySuffix;
  }

  /**
   * {@code AzureCloud}, {@code AzureUSGovernment} or {@code AzureChinaCloud}, in any case as
   * azure/login takes them.
   */
  public static AzureCloud parse(String value) {
    if (value == null || value.isBlank()) {
      return AZURE_CLOUD;
    }
    String v = value.trim();
    return Arrays.stream(values())
        .filter(c -> c.id.equalsIgnoreCase(v))
        .findFirst()
        .orElseThrow(
            () ->
                new BadInputException(
                    INPUT,
                    "Input '"
                        + INPUT
                        + "' must be one of "
                        + names()
                        + " (as azure/login names them), not '"
                        + v
                        + "'."));
  }

  /**
   * The cloud an Azure Container Registry host belongs to, by its suffix; empty for any other
   * registry.
   */
  public static Optional<AzureCloud> ofRegistry(String registry) {
    String host = registry.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(c -> host.endsWith(c.registrySuffix)).findFirst();
  }

  /**
   * Refuses a registry of another cloud than this one: its Entra token would come from the wrong
   * authority, and the registry would refuse it only after a sign-in.
   */
  public void checkRegistry(String input, String registry) {
    ofRegistry(registry)
        .filter(c -> c != this)
        .ifPresent(
            c -> {
              throw new BadInputException(
                  input,
                  registry
                      + " is a registry of "
                      + c.id
                      + ", and "
                      + INPUT
                      + " is "
                      + id
                      + ". Set '"
                      + INPUT
                      + ": "
                      + c.id
                      + "' to sign in there.");
            });
  }

  private static String names() {
    return Arrays.stream(values()).map(AzureCloud::id).collect(Collectors.joining(", "));
  }

  public String id() {
    return id;
  }

  /** The endpoints azure-resourcemanager takes. */
  public AzureEnvironment environment() {
    return environment;
  }

  /** Azure Resource Manager, e.g. {@code https://management.azure.com/}. */
  public String resourceManager() {
    return withSlash(environment.getResourceManagerEndpoint());
  }

  /** The Entra ID authority host, e.g. {@code https://login.microsoftonline.com/}. */
  public String authorityHost() {
    return withSlash(environment.getActiveDirectoryEndpoint());
  }

  /** The scope of the Entra token ACR exchanges for a refresh token: an ARM token of this cloud. */
  public String acrScope() {
    return resourceManager() + ".default";
  }

  /**
   * The scope Azure Database for PostgreSQL accepts, as {@code az account get-access-token
   * --resource-type oss-rdbms}.
   */
  public String postgresScope() {
    return postgresResource + "/.default";
  }

  /**
   * The audience of the GitHub OIDC token that Entra exchanges, and so of the app's federated
   * credential: the value Entra recommends for this cloud
   * (https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-create-trust).
   */
  public String federationAudience() {
    return federationAudience;
  }

  /**
   * The cloud whose endpoints {@code environment} holds; the public cloud for any other (a test's).
   */
  public static AzureCloud of(AzureEnvironment environment) {
    return Arrays.stream(values())
        .filter(c -> c.environment == environment)
        .findFirst()
        .orElse(AZURE_CLOUD);
  }

  @Override
  public String toString() {
    return id;
  }

  private static String withSlash(String url) {
    return url.endsWith("/") ? url : url + "/";
  }
}
