package dev.bosun.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.microsoft.aad.msal4j.MsalServiceException;
import dev.bosun.support.BosunException;
import dev.bosun.support.OutsideSystemException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * One Entra ID sign-in, bounded and explained: a token request that gets no answer within {@code
 * timeout} fails with a message saying what it waited for, and a refusal (Entra's 4xx) fails at
 * once with what to fix. Every failure is a {@link BosunException}, which ARM's retry policy does
 * not retry ({@code AzureSettings.armRetry}): asking again with the same wrong secret only makes a
 * run fail a minute later.
 */
public final class SignIn implements TokenCredential {

  /**
   * The default bound of one sign-in: Entra answers in well under a second when it is reachable at
   * all.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");

  private final TokenCredential delegate;
  private final String who;
  private final String authority;
  private final Duration timeout;

  /**
   * @param who the identity, for messages: "client secret for app …", "OIDC federation for app …"
   * @param authority where the token is asked for, e.g. {@code
   *     https://login.microsoftonline.com/<tenant>}
   */
  public SignIn(TokenCredential delegate, String who, String authority, Duration timeout) {
    this.delegate = delegate;
    this.who = who;
    this.authority = authority;
    this.timeout = timeout;
  }

  /** What the log says before the first token request. */
  public String describe() {
    return who + " at " + authority + " (waits at most " + seconds(timeout) + ")";
  }

  @Override
  public AccessToken getTokenSync(TokenRequestContext request) {
    CompletableFuture<AccessToken> token = new CompletableFuture<>();
    Thread worker =
        Thread.ofVirtual()
            .name("entra-sign-in")
            .start(
                () -> {
                  try {
                    token.complete(delegate.getTokenSync(request));
                  } catch (Throwable t) {
                    token.completeExceptionally(t);
                  }
                });
    try {
      return token.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      worker.interrupt();
      throw new OutsideSystemException(
          "azure",
          "Azure sign-in ("
              + who
              + ") got no answer from Entra ID at "
              + authority
              + " within "
              + seconds(timeout)
              + " for a token for "
              + String.join(" ", request.getScopes())
              + ". Check that this runner reaches "
              + host(authority)
              + " (a proxy or firewall in the way?) and that "
              + "azure-environment names the cloud of the tenant.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      worker.interrupt();
      throw new OutsideSystemException("azure", "Azure sign-in (" + who + ") was interrupted");
    } catch (ExecutionException e) {
      throw explain(e.getCause());
    }
  }

  @Override
  public Mono<AccessToken> getToken(TokenRequestContext request) {
    return Mono.fromCallable(() -> getTokenSync(request)).subscribeOn(Schedulers.boundedElastic());
  }

  /** A failed sign-in as one message that says what Entra said and what to change. */
  RuntimeException explain(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof BosunException ours) {
        return ours; // the GitHub OIDC step failed inside the assertion supplier; its message says
        // what to fix
      }
    }
    Optional<MsalServiceException> answer = find(failure, MsalServiceException.class);
    String said = firstLine(answer.<Throwable>map(a -> a).orElse(failure));
    Matcher code = AADSTS.matcher(said);
    String fix = fix(code.find() ? code.group(1) : "");
    if (answer.isPresent()) {
      Integer status = answer.get().statusCode();
      String http = status == null ? "" : "HTTP " + status + " ";
      String error = answer.get().errorCode() == null ? "" : answer.get().errorCode() + ": ";
      return new OutsideSystemException(
          "azure",
          "Azure sign-in ("
              + who
              + ") was refused by Entra ID at "
              + authority
              + " ("
              + http
              + error
              + said
              + "). "
              + fix,
          failure);
    }
    return new OutsideSystemException(
        "azure",
        "Azure sign-in (" + who + ") failed at " + authority + ": " + said + ". " + fix,
        failure);
  }

  /**
   * What to change for the Entra errors people meet
   * (https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes).
   */
  static String fix(String aadsts) {
    return switch (aadsts) {
      case "7000215", "7000222" ->
          "The client secret is wrong or expired: create a new one for the app registration"
              + " and put it in azure-client-secret (or use OIDC federation, which needs no secret).";
      case "700016" ->
          "No app with this azure-client-id in tenant azure-tenant-id: check both IDs (the app "
              + "registration's Application (client) ID and its Directory (tenant) ID) and azure-environment.";
      case "90002", "900023" ->
          "Tenant azure-tenant-id is not known to this cloud: check the tenant ID and "
              + "azure-environment.";
      case "700213", "70021", "700212", "700211" ->
          "No federated credential of the app matches this job's OIDC "
              + "token: add one with issuer https://token.actions.githubusercontent.com, audience "
              + "api://AzureADTokenExchange and the subject of this job (docs/setup/azure.md section 2).";
      case "700024" ->
          "The job's OIDC token is outside its valid time: rerun the job (the token lives 5 minutes).";
      case "50053", "50057" ->
          "The app or account is locked or disabled in Entra ID: ask the tenant's admin.";
      default ->
          "Check azure-client-id, azure-tenant-id, azure-environment and the app registration's federated "
              + "credential (or secret).";
    };
  }

  private static <T extends Throwable> Optional<T> find(Throwable t, Class<T> type) {
    for (int depth = 0; t != null && depth < 10; depth++, t = t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
      for (Throwable s : t.getSuppressed()) {
        Optional<T> found = find(s, type);
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .findFirst()
        .orElse(m)
        .replaceAll("[.\\s]+$", "");
  }

  private static String host(String url) {
    return url.replaceFirst("^https?://", "").replaceFirst("/.*$", "");
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
