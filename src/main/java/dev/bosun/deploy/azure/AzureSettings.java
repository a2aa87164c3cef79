package dev.bosun.deploy.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.management.AzureEnvironment;
import dev.bosun.azure.AzureCloud;
import dev.bosun.azure.SignIn;
import dev.bosun.support.BosunException;
import java.time.Duration;

/**
 * Where Azure is and how bosun talks to it: the cloud's endpoints, the HTTP client, ARM's retry
 * rules, the long-running-operation poll interval and how long one sign-in may take. Tests point
 * the HTTP client at WireMock.
 *
 * @param signInTimeout how long one Entra token request may take, all of azure-identity's own
 *     retries included
 */
public record AzureSettings(
    AzureEnvironment environment,
    HttpClient httpClient,
    RetryOptions retry,
    Duration pollInterval,
    Duration signInTimeout) {

  /** The default bound of one sign-in (see {@link SignIn#DEFAULT_TIMEOUT}). */
  public static final Duration SIGN_IN_TIMEOUT = SignIn.DEFAULT_TIMEOUT;

  /** Settings for the cloud {@code azure-environment} names. */
  public static AzureSettings of(AzureCloud cloud) {
    HttpClient client =
        new JdkHttpClientBuilder()
            .connectionTimeout(Duration.ofSeconds(15))
            .responseTimeout(Duration.ofSeconds(60))
            .readTimeout(Duration.ofSeconds(60))
            .build();
    return new AzureSettings(
        cloud.environment(),
        client,
        new RetryOptions(
            new ExponentialBackoffOptions()
                .setMaxRetries(5)
                .setBaseDelay(Duration.ofSeconds(2))
                .setMaxDelay(Duration.ofSeconds(30))),
        Duration.ofSeconds(5),
        SIGN_IN_TIMEOUT);
  }

  /** The public cloud, JDK HTTP client with timeouts, 5 retries on 429/5xx with backoff from 2s. */
  public static AzureSettings publicCloud() {
    return of(AzureCloud.AZURE_CLOUD);
  }

  /** The same client and timings, talking to {@code cloud}'s endpoints. */
  public AzureSettings forCloud(AzureCloud cloud) {
    return new AzureSettings(cloud.environment(), httpClient, retry, pollInterval, signInTimeout);
  }

  /** The Entra ID authority host, e.g. {@code https://login.microsoftonline.com/}. */
  public String authorityHost() {
    String host = environment.getActiveDirectoryEndpoint();
    return host.endsWith("/") ? host : host + "/";
  }

  /** The scope of an ARM token of this cloud, which ACR also exchanges. */
  public String armScope() {
    return environment.getResourceManagerEndpoint().replaceAll("/*$", "/") + ".default";
  }

  public boolean isPublicCloud() {
    return environment == AzureEnvironment.AZURE;
  }

  /**
   * ARM's retry rules, minus sign-in failures: the credential already had its own retries and its
   * bound, and a refused sign-in (a wrong secret, a missing federated credential) does not change
   * by asking again.
   */
  public RetryOptions armRetry() {
    ExponentialBackoffOptions backoff = retry.getExponentialBackoffOptions();
    ExponentialBackoff strategy = new ExponentialBackoff(backoff);
    return new RetryOptions(backoff)
        .setShouldRetryCondition(
            condition ->
                !signInFailed(condition.getThrowable())
                    && strategy.shouldRetryCondition(condition));
  }

  /**
   * A failure of the credential rather than of ARM: azure-core asks the condition again for each
   * cause of the failure, so each of them must be recognised, down to azure-identity's and MSAL's
   * own exceptions.
   */
  private static boolean signInFailed(Throwable t) {
    for (int depth = 0; t != null && depth < 8; depth++, t = t.getCause()) {
      String type = t.getClass().getName();
      if (t instanceof BosunException
          || t instanceof ClientAuthenticationException
          || type.startsWith("com.azure.identity.")
          || type.startsWith("com.microsoft.aad.msal4j.")) {
        return true;
      }
    }
    return false;
  }
}
