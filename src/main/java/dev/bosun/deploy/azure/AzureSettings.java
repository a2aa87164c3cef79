package dev.bosun.deploy.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.management.AzureEnvironment;
import java.time.Duration;

/**
 * Where Azure is and how bosun talks to it: the cloud's endpoints, the HTTP client, ARM's retry
 * rules and the long-running-operation poll interval. Tests point all of it at WireMock.
 */
public record AzureSettings(
    AzureEnvironment environment,
    HttpClient httpClient,
    RetryOptions retry,
    Duration pollInterval) {

  /** The public cloud, JDK HTTP client with timeouts, 5 retries on 429/5xx with backoff from 2s. */
  public static AzureSettings publicCloud() {
    HttpClient client =
        new JdkHttpClientBuilder()
            .connectionTimeout(Duration.ofSeconds(15))
            .responseTimeout(Duration.ofSeconds(60))
            .readTimeout(Duration.ofSeconds(60))
            .build();
    return new AzureSettings(
        AzureEnvironment.AZURE,
        client,
        new RetryOptions(
            new ExponentialBackoffOptions()
                .setMaxRetries(5)
                .setBaseDelay(Duration.ofSeconds(2))
                .setMaxDelay(Duration.ofSeconds(30))),
        Duration.ofSeconds(5));
  }

  /** The Entra ID authority host, e.g. {@code https://login.microsoftonline.com/}. */
  public String authorityHost() {
    return environment.getActiveDirectoryEndpoint();
  }

  public boolean isPublicCloud() {
    return environment == AzureEnvironment.AZURE;
  }
}
