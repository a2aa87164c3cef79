package dev.bosun.image.login;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.bosun.actions.IdToken;
import dev.bosun.image.registry.RegistryCredential;
import dev.bosun.image.registry.RegistryCredentials;
import dev.bosun.support.BadInputException;
import dev.bosun.support.HttpRetry;
import dev.bosun.support.OutsideSystemException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ECR and Artifact Registry sign-in through the job's OIDC token, against WireMock answering as the
 * clouds' API references show: AWS STS AssumeRoleWithWebIdentity
 * (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html), ECR
 * GetAuthorizationToken
 * (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_GetAuthorizationToken.html),
 * Google STS token (https://cloud.google.com/iam/docs/reference/sts/rest/v1/TopLevel/token) and IAM
 * credentials generateAccessToken
 * (https://cloud.google.com/iam/docs/reference/credentials/rest/v1/projects.serviceAccounts/generateAccessToken).
 */
class CloudLoginsTest {

  static final String ECR_HOST = "123456789012.dkr.ecr.eu-central-1.amazonaws.com";
  static final String GAR_HOST = "europe-west3-docker.pkg.dev";
  static final String ROLE = "arn:aws:iam::123456789012:role/github-ecr-push";
  static final String PROVIDER =
      "projects/123456789/locations/global/workloadIdentityPools/github/providers/shop";
  static final String SA = "pusher@acme-shop.iam.gserviceaccount.com";
  static final String JWT =
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOmFjbWUvc2hvcDpyZWY6cmVmcy9oZWFkcy9tYWluIn0.c2ln";
  static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";
  static final String SESSION = "AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp+IEXAMPLE";
  static final String ECR_PASSWORD = "ecr-password-eyJwYXlsb2FkIjoi";
  static final Instant NOW = Instant.parse("2026-11-29T15:30:00Z");

  WireMockServer wm;
  final List<String> masked = new ArrayList<>();
  final List<String> audiences = new ArrayList<>();

  @BeforeEach
  void start() {
    wm = new WireMockServer(options().dynamicPort());
    wm.start();
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  CloudLogins logins(CloudLogins.Settings settings) {
    CloudLogins.Endpoints endpoints =
        new CloudLogins.Endpoints(
            wm.baseUrl() + "/sts-{region}",
            wm.baseUrl() + "/ecr-{region}",
            wm.baseUrl() + "/google-sts",
            wm.baseUrl() + "/iamcredentials");
    HttpRetry http =
        HttpRetry.standard(
            HttpClient.newHttpClient(), "cloud sign-in", Duration.ofSeconds(20), s -> {});
    return new CloudLogins(
        settings,
        endpoints,
        audience -> {
          audiences.add(audience);
          return Optional.of(IdToken.parse(JWT));
        },
        http,
        masked::add,
        RegistryCredentials.none(),
        Clock.fixed(NOW, ZoneOffset.UTC),
        "bosun-4242");
  }

  static CloudLogins.Settings aws() {
    return new CloudLogins.Settings(
        Optional.of(ROLE), Optional.empty(), Optional.empty(), Optional.empty());
  }

  static CloudLogins.Settings gcp(Optional<String> sa) {
    return new CloudLogins.Settings(Optional.empty(), Optional.empty(), Optional.of(PROVIDER), sa);
  }

  @Test
  void sigV4MatchesAwsPublishedExample() {
    // AWS's SigV4 test suite, "get-vanilla": GET / on example.amazonaws.com, region us-east-1,
    // service "service"
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Host", "example.amazonaws.com");
    Map<String, String> signed =
        AwsSigV4.sign(
            "GET",
            "/",
            headers,
            new byte[0],
            new AwsSigV4.Keys("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null),
            "us-east-1",
            "service",
            Instant.parse("2015-08-30T12:36:00Z"));
    assertThat(signed.get("Authorization"))
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/"
                + "service/aws4_request, SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  }

  @Test
  void ecrThroughStsAndASignedGetAuthorizationToken() {
    wm.stubFor(
        post(urlEqualTo("/sts-eu-central-1/"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(
                        """
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <SubjectFromWebIdentityToken>repo:acme/shop:ref:refs/heads/main</SubjectFromWebIdentityToken>
                <Audience>sts.amazonaws.com</Audience>
                <AssumedRoleUser>
                  <Arn>arn:aws:sts::123456789012:assumed-role/github-ecr-push/bosun-4242</Arn>
                  <AssumedRoleId>AROACLKWSDQRAOEXAMPLE:bosun-4242</AssumedRoleId>
                </AssumedRoleUser>
                <Credentials>
                  <SessionToken>%s</SessionToken>
                  <SecretAccessKey>%s</SecretAccessKey>
                  <Expiration>2026-11-29T16:30:00Z</Expiration>
                  <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
                </Credentials>
                <Provider>arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com</Provider>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId></ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>"""
                            .formatted(SESSION, SECRET_KEY))));
    String token =
        Base64.getEncoder()
            .encodeToString(("AWS:" + ECR_PASSWORD).getBytes(StandardCharsets.UTF_8));
    wm.stubFor(
        post(urlEqualTo("/ecr-eu-central-1/"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/x-amz-json-1.1")
                    .withBody(
                        """
            {"authorizationData":[{"authorizationToken":"%s","expiresAt":1.7648784E9,
             "proxyEndpoint":"https://%s"}]}"""
                            .formatted(token, ECR_HOST))));

    CloudLogins logins = logins(aws());
    assertThat(logins.handles(ECR_HOST)).isTrue();
    assertThat(logins.describe(ECR_HOST)).contains(ROLE).contains("eu-central-1");
    Optional<RegistryCredential> credential = logins.forRegistry(ECR_HOST);

    assertThat(credential).contains(new RegistryCredential("AWS", ECR_PASSWORD));
    assertThat(audiences).containsExactly("sts.amazonaws.com");
    wm.verify(
        postRequestedFor(urlEqualTo("/sts-eu-central-1/"))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withRequestBody(containing("Action=AssumeRoleWithWebIdentity"))
            .withRequestBody(
                containing("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fgithub-ecr-push"))
            .withRequestBody(containing("RoleSessionName=bosun-4242"))
            .withRequestBody(containing("WebIdentityToken=" + JWT)));
    LoggedRequest ecr = wm.findAll(postRequestedFor(urlEqualTo("/ecr-eu-central-1/"))).get(0);
    assertThat(ecr.getHeader("X-Amz-Target"))
        .isEqualTo("AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken");
    assertThat(ecr.getHeader("Content-Type")).isEqualTo("application/x-amz-json-1.1");
    assertThat(ecr.getHeader("X-Amz-Security-Token")).isEqualTo(SESSION);
    assertThat(ecr.getHeader("X-Amz-Date")).isEqualTo("20261129T153000Z");
    // the signature is over what was really sent: recomputed from the recorded request it is the
    // same
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("host", ecr.getHeader("Host"));
    headers.put("content-type", ecr.getHeader("Content-Type"));
    headers.put("x-amz-target", ecr.getHeader("X-Amz-Target"));
    String expected =
        AwsSigV4.sign(
                "POST",
                "/",
                headers,
                ecr.getBody(),
                new AwsSigV4.Keys("ASIAIOSFODNN7EXAMPLE", SECRET_KEY, SESSION),
                "eu-central-1",
                "ecr",
                NOW)
            .get("Authorization");
    assertThat(ecr.getHeader("Authorization"))
        .isEqualTo(expected)
        .startsWith(
            "AWS4-HMAC-SHA256 Credential=ASIAIOSFODNN7EXAMPLE/20261129/eu-central-1/ecr/aws4_request, "
                + "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=");
    assertThat(masked).contains(SECRET_KEY, SESSION, ECR_PASSWORD);
  }

  @Test
  void anStsRefusalIsFinalAndSaysWhy() {
    wm.stubFor(
        post(urlEqualTo("/sts-eu-central-1/"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "text/xml")
                    .withBody(
                        """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error><Type>Sender</Type><Code>AccessDenied</Code>
                <Message>Not authorized to perform sts:AssumeRoleWithWebIdentity</Message></Error>
              <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
            </ErrorResponse>""")));
    assertThatThrownBy(() -> logins(aws()).forRegistry(ECR_HOST))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining(
            "HTTP 403 AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity")
        .hasMessageContaining("trust policy")
        .hasMessageNotContaining(JWT);
    wm.verify(1, postRequestedFor(urlEqualTo("/sts-eu-central-1/")));
  }

  @Test
  void garThroughGoogleStsAndAServiceAccount() {
    wm.stubFor(
        post(urlEqualTo("/google-sts/v1/token"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            {"access_token":"ya29.federated-token-abc","issued_token_type":
             "urn:ietf:params:oauth:token-type:access_token","token_type":"Bearer","expires_in":3599}""")));
    wm.stubFor(
        post(urlEqualTo(
                "/iamcredentials/v1/projects/-/serviceAccounts/" + SA + ":generateAccessToken"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            {"accessToken":"ya29.service-account-token-xyz","expireTime":"2026-11-29T16:30:00Z"}""")));

    CloudLogins logins = logins(gcp(Optional.of(SA)));
    assertThat(logins.describe(GAR_HOST)).contains(PROVIDER).contains("as " + SA);
    assertThat(logins.forRegistry(GAR_HOST))
        .contains(new RegistryCredential("oauth2accesstoken", "ya29.service-account-token-xyz"));

    assertThat(audiences).containsExactly("https://iam.googleapis.com/" + PROVIDER);
    wm.verify(
        postRequestedFor(urlEqualTo("/google-sts/v1/token"))
            .withRequestBody(
                equalToJson(
                    """
        {"grantType":"urn:ietf:params:oauth:grant-type:token-exchange","audience":"//iam.googleapis.com/%s",
         "scope":"https://www.googleapis.com/auth/cloud-platform",
         "requestedTokenType":"urn:ietf:params:oauth:token-type:access_token","subjectToken":"%s",
         "subjectTokenType":"urn:ietf:params:oauth:token-type:jwt"}"""
                        .formatted(PROVIDER, JWT))));
    wm.verify(
        postRequestedFor(
                urlEqualTo(
                    "/iamcredentials/v1/projects/-/serviceAccounts/" + SA + ":generateAccessToken"))
            .withHeader("Authorization", equalTo("Bearer ya29.federated-token-abc"))
            .withRequestBody(
                equalToJson(
                    "{\"scope\":[\"https://www.googleapis.com/auth/cloud-platform\"],"
                        + "\"lifetime\":\"3600s\"}")));
    assertThat(masked).contains("ya29.federated-token-abc", "ya29.service-account-token-xyz");
  }

  @Test
  void garWithoutAServiceAccountUsesTheFederatedTokenAndAGoogleRefusalSaysWhy() {
    wm.stubFor(
        post(urlEqualTo("/google-sts/v1/token"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"access_token\":\"ya29.direct\","
                            + "\"token_type\":\"Bearer\",\"expires_in\":3599}")));
    assertThat(logins(gcp(Optional.empty())).forRegistry(GAR_HOST))
        .contains(new RegistryCredential("oauth2accesstoken", "ya29.direct"));

    wm.stubFor(
        post(urlEqualTo(
                "/iamcredentials/v1/projects/-/serviceAccounts/" + SA + ":generateAccessToken"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
            {"error":{"code":403,"message":"Permission 'iam.serviceAccounts.getAccessToken' denied on resource",
             "status":"PERMISSION_DENIED"}}""")));
    assertThatThrownBy(() -> logins(gcp(Optional.of(SA))).forRegistry(GAR_HOST))
        .isInstanceOf(OutsideSystemException.class)
        .hasMessageContaining("HTTP 403: Permission 'iam.serviceAccounts.getAccessToken' denied")
        .hasMessageContaining("roles/iam.workloadIdentityUser")
        .hasMessageNotContaining("ya29.direct");
  }

  @Test
  void otherRegistriesAndMissingOidcAreHandledPlainly() {
    assertThat(logins(aws()).handles("ghcr.io")).isFalse();
    assertThat(logins(aws()).forRegistry("ghcr.io")).isEmpty();
    HttpRetry http =
        HttpRetry.standard(HttpClient.newHttpClient(), "x", Duration.ofSeconds(5), s -> {});
    CloudLogins noOidc =
        new CloudLogins(
            aws(),
            CloudLogins.Endpoints.of(Map.of()),
            audience -> Optional.empty(),
            http,
            masked::add,
            RegistryCredentials.none(),
            Clock.systemUTC(),
            "s");
    assertThatThrownBy(() -> noOidc.forRegistry(ECR_HOST))
        .hasMessageContaining("permissions: id-token: write");
  }

  @Test
  void badSettingsNameTheirInput() {
    assertThatThrownBy(
            () ->
                new CloudLogins.Settings(
                    Optional.of("role/x"), Optional.empty(), Optional.empty(), Optional.empty()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("is not an IAM role ARN");
    assertThatThrownBy(
            () ->
                new CloudLogins.Settings(
                    Optional.empty(), Optional.of("Frankfurt"), Optional.empty(), Optional.empty()))
        .hasMessageContaining("is not an AWS region");
    assertThatThrownBy(
            () ->
                new CloudLogins.Settings(
                    Optional.empty(), Optional.empty(), Optional.of("github"), Optional.empty()))
        .hasMessageContaining("is not a provider name");
    assertThatThrownBy(
            () ->
                new CloudLogins.Settings(
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(SA)))
        .hasMessageContaining("gcp-service-account needs gcp-workload-identity-provider");
    assertThatThrownBy(() -> CloudLogins.Settings.NONE.check(LoginMode.ECR, ECR_HOST))
        .hasMessageContaining("login: ecr needs aws-role-arn");
    assertThatThrownBy(() -> aws().check(LoginMode.ECR, "ghcr.io"))
        .hasMessageContaining("is not an ECR registry");
    assertThatThrownBy(() -> gcp(Optional.empty()).check(LoginMode.GAR, "ghcr.io"))
        .hasMessageContaining("is not an Artifact Registry host");
  }
}
