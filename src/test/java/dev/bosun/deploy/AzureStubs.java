package dev.bosun.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.bosun.azure.AzureCloud;
import dev.bosun.deploy.azure.AzureSettings;
import dev.bosun.testing.CloudLoopback;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * ARM and Entra ID on WireMock's HTTPS port, shaped as Microsoft's REST reference shows them. Token
 * credentials insist on HTTPS, so the SDK gets an HTTP client that trusts WireMock's self-signed
 * certificate.
 */
public final class AzureStubs {

  public static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  public static final String CLIENT_ID = "5a1b2c3d-0000-4000-8000-00000000c0de";
  public static final String SUBSCRIPTION = "250423f6-1a79-4c0b-bddb-885fbfa85b53";
  public static final String RG = "rg-shop-dev";
  public static final String ACCESS_TOKEN =
      "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.arm-access-token.sig";

  private final WireMockServer server;

  public AzureStubs(WireMockServer server) {
    this.server = server;
  }

  public String base() {
    return "https://localhost:" + server.httpsPort() + "/";
  }

  /**
   * The public cloud's real endpoints, every request sent to WireMock by {@link CloudLoopback},
   * with millisecond retries and polls so tests stay fast.
   */
  public AzureSettings settings() {
    return settings(AzureCloud.AZURE_CLOUD, Duration.ofSeconds(20));
  }

  /**
   * {@code cloud}'s endpoints on WireMock, with {@code signInTimeout} as the bound of one sign-in.
   */
  public AzureSettings settings(AzureCloud cloud, Duration signInTimeout) {
    return new AzureSettings(
        cloud.environment(),
        new CloudLoopback(
            new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(trustAll()))
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(10))
                .build(),
            server.httpsPort()),
        new RetryOptions(
            new ExponentialBackoffOptions()
                .setMaxRetries(3)
                .setBaseDelay(Duration.ofMillis(5))
                .setMaxDelay(Duration.ofMillis(20))),
        Duration.ofMillis(10),
        signInTimeout);
  }

  /**
   * Entra ID's v2 token endpoint for the client-credentials grant (secret or federated assertion).
   */
  public void tokenEndpoint() {
    server.stubFor(
        post(urlPathEqualTo("/" + TENANT + "/oauth2/v2.0/token"))
            .withRequestBody(containing("grant_type=client_credentials"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json; charset=utf-8")
                    .withBody(
                        "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,\"access_token\":\""
                            + ACCESS_TOKEN
                            + "\"}")));
  }

  public static String appPath(String subscription, String rg, String app) {
    return "/subscriptions/"
        + subscription
        + "/resourceGroups/"
        + rg
        + "/providers/Microsoft.App/containerApps/"
        + app;
  }

  /**
   * The body of GET containerApps/{name} as the REST reference shows it (trimmed to what matters).
   */
  public static String appJson(
      String subscription,
      String rg,
      String app,
      String mode,
      String latest,
      String ready,
      String image,
      String traffic) {
    return """
        {
          "id": "%s",
          "name": "%s",
          "type": "Microsoft.App/containerApps",
          "location": "West Europe",
          "properties": {
            "provisioningState": "Succeeded",
            "runningStatus": "Running",
            "managedEnvironmentId": "/subscriptions/%s/resourceGroups/%s/providers/Microsoft.App/managedEnvironments/cae-shop",
            "latestRevisionName": "%s",
            "latestReadyRevisionName": "%s",
            "latestRevisionFqdn": "%s--x.lemonbay-8d9b5898.westeurope.azurecontainerapps.io",
            "configuration": {
              "activeRevisionsMode": "%s",
              "secrets": [ { "name": "db-password" } ],
              "registries": [ { "server": "acrshop.azurecr.io", "identity": "system" } ],
              "ingress": {
                "fqdn": "%s.lemonbay-8d9b5898.westeurope.azurecontainerapps.io",
                "external": true,
                "targetPort": 8080,
                "transport": "Auto",
                "traffic": [ %s ]
              }
            },
            "template": {
              "containers": [
                { "name": "%s", "image": "%s", "resources": { "cpu": 0.5, "memory": "1Gi" },
                  "env": [ { "name": "DB_PASSWORD", "secretRef": "db-password" } ] },
                { "name": "otel-sidecar", "image": "otel/opentelemetry-collector:0.98.0",
                  "resources": { "cpu": 0.25, "memory": "0.5Gi" } }
              ],
              "scale": { "minReplicas": 1, "maxReplicas": 3 }
            }
          }
        }
        """
        .formatted(
            appPath(subscription, rg, app),
            app,
            subscription,
            rg,
            latest,
            ready,
            latest,
            mode,
            app,
            traffic,
            app,
            image);
  }

  /** The body of GET revisions/{name}. */
  public static String revisionJson(
      String subscription,
      String rg,
      String app,
      String revision,
      String image,
      String provisioning,
      String running,
      String health,
      boolean active,
      int weight,
      String error) {
    return """
        {
          "id": "%s/revisions/%s",
          "name": "%s",
          "type": "Microsoft.App/containerApps/revisions",
          "properties": {
            "createdTime": "2026-11-21T09:00:00+00:00",
            "fqdn": "%s.lemonbay-8d9b5898.westeurope.azurecontainerapps.io",
            "template": {
              "containers": [ { "name": "%s", "image": "%s", "resources": { "cpu": 0.5, "memory": "1Gi" } } ],
              "scale": { "minReplicas": 1, "maxReplicas": 3 }
            },
            "active": %s,
            "replicas": 1,
            "trafficWeight": %d,
            "healthState": "%s",
            "provisioningState": "%s",
            "runningState": "%s"%s
          }
        }
        """
        .formatted(
            appPath(subscription, rg, app),
            revision,
            revision,
            revision,
            app,
            image,
            active,
            weight,
            health,
            provisioning,
            running,
            error == null ? "" : ",\n      \"provisioningError\": \"" + error + "\"");
  }

  public static SSLContext trustAll() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new TrustAll()}, null);
      return ctx;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Trusts WireMock's self-signed certificate on loopback; being an extended manager it also skips
   * host checks.
   */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}

    @Override
    public void checkClientTrusted(X509Certificate[] c, String a) {}

    @Override
    public void checkServerTrusted(X509Certificate[] c, String a) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
