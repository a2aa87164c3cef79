package dev.bosun.image.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bosun.actions.IdToken;
import dev.bosun.actions.OidcTokenClient;
import dev.bosun.image.registry.RegistryClient;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.image.registry.RegistryCredentials;
import dev.bosun.support.BadInputException;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.Json;
import dev.bosun.support.OutsideSystemException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/**
 * Logins to Amazon ECR and Google Artifact Registry through the job's GitHub OIDC token, with the
 * clouds' documented REST calls and no SDK:
 *
 * <ul>
 *   <li>ECR: STS {@code AssumeRoleWithWebIdentity}
 *       (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html,
 *       unsigned), then ECR {@code GetAuthorizationToken}
 *       (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html,
 *       SigV4-signed with the temporary keys); the token decodes to {@code AWS:<password>}.
 *   <li>GAR: Google STS token exchange
 *       (https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token), then, with a
 *       service account, IAM credentials {@code generateAccessToken}
 *       (https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateAccessToken);
 *       the registry user is {@code oauth2accesstoken}.
 * </ul>
 *
 * Other registries go to {@code fallback}. Every token and key is masked as soon as it arrives.
 */
public final class CloudLogins implements RegistryCredentials {

  static final Pattern ECR =
      Pattern.compile("\\d{12}\\.dkr\\.ecr(?:-fips)?\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");
  static final Pattern GAR =
      Pattern.compile("(?:[a-z0-9-]+-docker\\.pkg\\.dev|(?:[a-z]+\\.)?gcr\\.io)");
  private static final Pattern ROLE =
      Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern PROVIDER =
      Pattern.compile(
          "projects/\\d+/locations/global/workloadIdentityPools/[a-z0-9-]+/providers/[a-z0-9-]+");
  private static final Pattern SERVICE_ACCOUNT =
      Pattern.compile("[a-z][a-z0-9-]{4,61}[a-z0-9]@[a-z0-9.-]+\\.iam\\.gserviceaccount\\.com");
  private static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
  private static final int MAX_ANSWER = 64 * 1024;
  private static final ObjectMapper JSON = Json.mapper();

  /**
   * The cloud login inputs, checked at the boundary.
   *
   * @param awsRoleArn the role with a trust policy for this repository's OIDC tokens and ECR push
   *     rights
   * @param awsRegion the region for STS and ECR; default: the registry host's
   * @param gcpProvider the workload identity provider, {@code
   *     projects/N/locations/global/workloadIdentityPools/P/providers/X}
   * @param gcpServiceAccount the service account to impersonate; empty: the federated token is used
   *     directly
   */
  public record Settings(
      Optional<String> awsRoleArn,
      Optional<String> awsRegion,
      Optional<String> gcpProvider,
      Optional<String> gcpServiceAccount) {

    public static final Settings NONE =
        new Settings(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public Settings {
      awsRoleArn
          .filter(r -> !ROLE.matcher(r).matches())
          .ifPresent(
              r -> {
                throw new BadInputException(
                    "aws-role-arn",
                    "'"
                        + r
                        + "' is not an IAM role ARN such as "
                        + "arn:aws:iam::123456789012:role/github-ecr-push");
              });
      awsRegion
          .filter(r -> !REGION.matcher(r).matches())
          .ifPresent(
              r -> {
                throw new BadInputException(
                    "aws-region", "'" + r + "' is not an AWS region such as eu-central-1");
              });
      gcpProvider
          .filter(p -> !PROVIDER.matcher(p).matches())
          .ifPresent(
              p -> {
                throw new BadInputException(
                    "gcp-workload-identity-provider",
                    "'"
                        + p
                        + "' is not a provider name such as "
                        + "projects/123456789/locations/global/workloadIdentityPools/github/providers/my-repo");
              });
      gcpServiceAccount
          .filter(s -> !SERVICE_ACCOUNT.matcher(s).matches())
          .ifPresent(
              s -> {
                throw new BadInputException(
                    "gcp-service-account",
                    "'"
                        + s
                        + "' is not a service account email such as "
                        + "pusher@my-project.iam.gserviceaccount.com");
              });
      if (gcpServiceAccount.isPresent() && gcpProvider.isEmpty()) {
        throw new BadInputException(
            "gcp-workload-identity-provider",
            "gcp-service-account needs "
                + "gcp-workload-identity-provider, through which this job's OIDC token is exchanged");
      }
    }

    /**
     * Checks an explicit {@code login: ecr} or {@code login: gar} against the image's registry and
     * the inputs.
     */
    public void check(LoginMode mode, String registry) {
      if (mode == LoginMode.ECR && (awsRoleArn.isEmpty() || !ECR.matcher(registry).matches())) {
        throw new BadInputException(
            awsRoleArn.isEmpty() ? "aws-role-arn" : "login",
            awsRoleArn.isEmpty()
                ? "login: ecr needs aws-role-arn (a role trusting this repository's OIDC tokens) and 'permissions: "
                    + "id-token: write'"
                : registry + " is not an ECR registry (<account>.dkr.ecr.<region>.amazonaws.com)");
      }
      if (mode == LoginMode.GAR && (gcpProvider.isEmpty() || !GAR.matcher(registry).matches())) {
        throw new BadInputException(
            gcpProvider.isEmpty() ? "gcp-workload-identity-provider" : "login",
            gcpProvider.isEmpty()
                ? "login: gar needs gcp-workload-identity-provider (and usually "
                    + "gcp-service-account) and 'permissions: id-token: write'"
                : registry + " is not an Artifact Registry host (<location>-docker.pkg.dev)");
      }
    }
  }

  /** Where the APIs are; tests point them at WireMock. */
  public record Endpoints(
      String awsStsTemplate, String ecrTemplate, String googleSts, String iamCredentials) {

    /**
     * The public endpoints, with AWS's documented {@code AWS_ENDPOINT_URL_STS}/{@code _ECR}
     * overrides.
     */
    public static Endpoints of(Map<String, String> env) {
      return new Endpoints(
          env.getOrDefault("AWS_ENDPOINT_URL_STS", "https://sts.{region}.amazonaws.com"),
          env.getOrDefault("AWS_ENDPOINT_URL_ECR", "https://api.ecr.{region}.amazonaws.com"),
          "https://sts.googleapis.com",
          "https://iamcredentials.googleapis.com");
    }
  }

  private final Settings settings;
  private final Endpoints endpoints;
  private final OidcTokenClient oidc;
  private final HttpRetry http;
  private final Consumer<String> mask;
  private final RegistryCredentials fallback;
  private final Clock clock;
  private final String sessionName;

  public CloudLogins(
      Settings settings,
      Endpoints endpoints,
      OidcTokenClient oidc,
      HttpRetry http,
      Consumer<String> mask,
      RegistryCredentials fallback,
      Clock clock,
      String sessionName) {
    this.settings = settings;
    this.endpoints = endpoints;
    this.oidc = oidc;
    this.http = http;
    this.mask = mask;
    this.fallback = fallback;
    this.clock = clock;
    this.sessionName = sessionName;
  }

  /** True when bosun logs in to {@code registry} here (a cloud login or a registry-auth entry). */
  public boolean handles(String registry) {
    return settings.awsRoleArn().isPresent() && ECR.matcher(registry).matches()
        || settings.gcpProvider().isPresent() && GAR.matcher(registry).matches()
        || fallback instanceof RegistryAuth auth && auth.registries().contains(registry);
  }

  /** How {@code registry} will be logged in to, for the plan. */
  public String describe(String registry) {
    if (settings.awsRoleArn().isPresent() && ECR.matcher(registry).matches()) {
      return "OIDC as AWS role "
          + settings.awsRoleArn().get()
          + " (STS AssumeRoleWithWebIdentity, then ECR "
          + "GetAuthorizationToken in "
          + region(registry)
          + ")";
    }
    if (settings.gcpProvider().isPresent() && GAR.matcher(registry).matches()) {
      return "OIDC through "
          + settings.gcpProvider().get()
          + settings
              .gcpServiceAccount()
              .map(s -> " as " + s)
              .orElse(" (federated token, no service account)")
          + " (Google STS token exchange"
          + (settings.gcpServiceAccount().isPresent()
              ? ", then IAM credentials generateAccessToken)"
              : ")");
    }
    return fallback instanceof RegistryAuth auth
        ? auth.describe(registry)
        : fallback instanceof DockerConfigCredentials files
            ? files.describe()
            : "a docker config's login, or anonymous";
  }

  @Override
  public Optional<RegistryCredential> forRegistry(String registry) {
    if (settings.awsRoleArn().isPresent() && ECR.matcher(registry).matches()) {
      return Optional.of(ecr(registry));
    }
    if (settings.gcpProvider().isPresent() && GAR.matcher(registry).matches()) {
      return Optional.of(gar());
    }
    return fallback.forRegistry(registry);
  }

  private String region(String registry) {
    return settings
        .awsRegion()
        .orElseGet(
            () -> {
              Matcher m = ECR.matcher(registry);
              return m.matches() ? m.group(1) : "us-east-1";
            });
  }

  private String jwt(String audience, String system) {
    return oidc.token(audience)
        .map(IdToken::jwt)
        .orElseThrow(
            () ->
                new OutsideSystemException(
                    system,
                    "No GitHub "
                        + "OIDC token: give the job 'permissions: id-token: write' (ACTIONS_ID_TOKEN_REQUEST_URL is not set)"));
  }

  RegistryCredential ecr(String registry) {
    String region = region(registry);
    String form =
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn="
            + enc(settings.awsRoleArn().get())
            + "&RoleSessionName="
            + enc(sessionName)
            + "&DurationSeconds=3600&WebIdentityToken="
            + enc(jwt("sts.amazonaws.com", "aws-sts"));
    HttpResponse<byte[]> sts =
        http.send(
            HttpRequest.newBuilder(URI.create(endpoint(endpoints.awsStsTemplate(), region) + "/"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(),
            RegistryClient.capped(MAX_ANSWER));
    Document xml = xml(sts.body());
    if (sts.statusCode() != 200) {
      throw new OutsideSystemException(
          "aws-sts",
          "AWS STS refused AssumeRoleWithWebIdentity for "
              + settings.awsRoleArn().get()
              + " (HTTP "
              + sts.statusCode()
              + " "
              + text(xml, "Code")
              + ": "
              + text(xml, "Message")
              + "). The role's trust policy must allow token.actions.githubusercontent.com with "
              + "audience sts.amazonaws.com and this repository's subject");
    }
    AwsSigV4.Keys keys =
        new AwsSigV4.Keys(
            text(xml, "AccessKeyId"), text(xml, "SecretAccessKey"), text(xml, "SessionToken"));
    mask.accept(keys.secretAccessKey());
    mask.accept(keys.sessionToken());
    URI ecr = URI.create(endpoint(endpoints.ecrTemplate(), region) + "/");
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", ecr.getAuthority());
    headers.put("content-type", "application/x-amz-json-1.1");
    headers.put("x-amz-target", "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken");
    Map<String, String> signed =
        AwsSigV4.sign("POST", "/", headers, body, keys, region, "ecr", clock.instant());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(ecr)
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    // the JDK sets Host from the URI itself and refuses it as a header; it is the same value that
    // was signed
    signed.forEach(
        (k, v) -> {
          if (!k.equalsIgnoreCase("host")) {
            request.header(k, v);
          }
        });
    HttpResponse<byte[]> answer = http.send(request.build(), RegistryClient.capped(MAX_ANSWER));
    JsonNode json = json(answer.body(), "ecr");
    if (answer.statusCode() != 200) {
      throw new OutsideSystemException(
          "ecr",
          "ECR refused GetAuthorizationToken (HTTP "
              + answer.statusCode()
              + " "
              + json.path("__type").asText("")
              + ": "
              + json.path("message").asText(json.path("Message").asText(""))
              + "). The role needs ecr:GetAuthorizationToken");
    }
    String token = json.path("authorizationData").path(0).path("authorizationToken").asText("");
    String pair;
    try {
      pair = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new OutsideSystemException("ecr", "ECR's authorization token is not base64");
    }
    int colon = pair.indexOf(':');
    if (colon <= 0) {
      throw new OutsideSystemException("ecr", "ECR's authorization token is not user:password");
    }
    mask.accept(token);
    mask.accept(pair.substring(colon + 1));
    return new RegistryCredential(pair.substring(0, colon), pair.substring(colon + 1));
  }

  RegistryCredential gar() {
    String provider = settings.gcpProvider().get();
    ObjectNode exchange = JSON.createObjectNode();
    exchange.put("grantType", "urn:ietf:params:oauth:grant-type:token-exchange");
    exchange.put("audience", "//iam.googleapis.com/" + provider);
    exchange.put("scope", CLOUD_PLATFORM);
    exchange.put("requestedTokenType", "urn:ietf:params:oauth:token-type:access_token");
    exchange.put("subjectToken", jwt("https://iam.googleapis.com/" + provider, "google-sts"));
    exchange.put("subjectTokenType", "urn:ietf:params:oauth:token-type:jwt");
    JsonNode sts = postJson(endpoints.googleSts() + "/v1/token", exchange, null, "google-sts");
    String federated = sts.path("access_token").asText("");
    if (federated.isEmpty()) {
      throw new OutsideSystemException("google-sts", "Google STS answered without an access_token");
    }
    mask.accept(federated);
    if (settings.gcpServiceAccount().isEmpty()) {
      return new RegistryCredential("oauth2accesstoken", federated);
    }
    ObjectNode generate = JSON.createObjectNode();
    generate.putArray("scope").add(CLOUD_PLATFORM);
    generate.put("lifetime", "3600s");
    JsonNode iam =
        postJson(
            endpoints.iamCredentials()
                + "/v1/projects/-/serviceAccounts/"
                + settings.gcpServiceAccount().get()
                + ":generateAccessToken",
            generate,
            federated,
            "google-iam");
    String token = iam.path("accessToken").asText("");
    if (token.isEmpty()) {
      throw new OutsideSystemException(
          "google-iam", "IAM credentials answered without an accessToken");
    }
    mask.accept(token);
    return new RegistryCredential("oauth2accesstoken", token);
  }

  private JsonNode postJson(String url, ObjectNode body, String bearer, String system) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<byte[]> response = http.send(b.build(), RegistryClient.capped(MAX_ANSWER));
    JsonNode json = json(response.body(), system);
    if (response.statusCode() != 200) {
      String why =
          json.path("error").isObject()
              ? json.path("error").path("message").asText("")
              : json.path("error").asText("") + " " + json.path("error_description").asText("");
      throw new OutsideSystemException(
          system,
          system
              + " refused the request (HTTP "
              + response.statusCode()
              + ": "
              + why.trim()
              + ")"
              + (system.equals("google-iam")
                  ? ". The workload identity principal needs "
                      + "roles/iam.workloadIdentityUser on the service account"
                  : ". Check the provider's attribute "
                      + "condition and that it trusts token.actions.githubusercontent.com"));
    }
    return json;
  }

  private static JsonNode json(byte[] body, String system) {
    try {
      return body == null || body.length == 0 ? JSON.missingNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new OutsideSystemException(
          system, system + " answered with something that is not JSON");
    }
  }

  /**
   * STS answers XML; parsed with DOCTYPEs refused, so the answer cannot pull in external entities.
   */
  private static Document xml(byte[] body) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      return f.newDocumentBuilder()
          .parse(new ByteArrayInputStream(body == null ? new byte[0] : body));
    } catch (Exception e) {
      throw new OutsideSystemException(
          "aws-sts", "AWS STS answered with something that is not XML");
    }
  }

  private static String text(Document xml, String tag) {
    var nodes = xml.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
  }

  private static String endpoint(String template, String region) {
    return template.replace("{region}", region).replaceAll("/+$", "");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
