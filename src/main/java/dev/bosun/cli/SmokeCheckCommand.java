package dev.bosun.cli;

import dev.bosun.actions.ActionBranding;
import dev.bosun.actions.ActionOutput;
import dev.bosun.actions.ActionRuntime;
import dev.bosun.actions.Multiline;
import dev.bosun.actions.Secret;
import dev.bosun.migrate.DatabaseTarget;
import dev.bosun.smoke.Check;
import dev.bosun.smoke.CheckSources;
import dev.bosun.smoke.Expectations;
import dev.bosun.smoke.Headers;
import dev.bosun.smoke.JsonAssertion;
import dev.bosun.smoke.Probers;
import dev.bosun.smoke.SmokeKinds;
import dev.bosun.smoke.SmokeReport;
import dev.bosun.smoke.SmokeReportWriter;
import dev.bosun.smoke.SmokeRequest;
import dev.bosun.smoke.SmokeService;
import dev.bosun.smoke.SqlCheck;
import dev.bosun.smoke.StatusSet;
import dev.bosun.support.BadInputException;
import dev.bosun.support.BuildInfo;
import dev.bosun.support.Durations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bosun smoke-check}: HTTP checks retried until they pass or the deadline passes. */
@Command(
    name = "smoke-check",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description =
        "Checks that a deployed service answers as expected (status, body, JSON fields, version), retrying "
            + "each check until it passes or the deadline passes.")
@ActionBranding(icon = "activity", color = "green")
@ActionOutput(name = "passed", description = "'true' when every check passed, else 'false'.")
@ActionOutput(
    name = "results",
    description =
        "JSON array with one object per check: name, url, status, attempts, "
            + "latency_ms, ok, reason, body_cut (true when the body was longer than 1 MiB and only that much was read).")
public final class SmokeCheckCommand extends ActionCommand {

  @Option(
      names = "--url",
      split = Multiline.SPLIT,
      paramLabel = "URL",
      description =
          "URL(s) to check, one per line, each with a GET judged by the expect-* inputs. "
              + "Required unless checks-file is given.")
  List<String> urls;

  @Option(
      names = "--checks-file",
      paramLabel = "FILE",
      description =
          "YAML file with a list of named checks (name, url, method, headers, body, expect-status, "
              + "body-contains, json, expect-version, max-latency, retry-on), or SQL checks (name, sql, min-rows or equals) run against "
              + "database-url; relative to the workspace. Runs besides url.")
  String checksFile;

  @Option(
      names = "--expect-status",
      defaultValue = "200",
      paramLabel = "STATUSES",
      description =
          "HTTP status(es) the url checks must answer: codes, classes or ranges, e.g. 200, 200,204, 2xx.")
  String expectStatus;

  @Option(
      names = "--retry-on",
      paramLabel = "STATUSES",
      description =
          "4xx statuses to keep retrying, e.g. 404 while a route appears; 408, 425 and 429 always are. "
              + "Any other 4xx answer fails its check at once, as waiting will not change it. 5xx answers and failed "
              + "connections are always retried.")
  String retryOn;

  @Option(
      names = "--expect-body",
      paramLabel = "TEXT",
      description = "Text the body of each url check must contain.")
  String expectBody;

  @Option(
      names = "--expect-json",
      split = Multiline.SPLIT,
      paramLabel = "ASSERTION",
      description =
          "JSON assertions on each url check, one per line: /pointer=value for equality or "
              + "/pointer~=regex for a match, e.g. /status=ok.")
  List<String> expectJson;

  @Option(
      names = "--expect-version",
      paramLabel = "SHA_OR_TAG",
      description =
          "SHA or tag each url check must report: a SHA in its JSON field commit_sha, sha or git_sha, a "
              + "version or tag in version, tag, branch or release (a SHA may be abbreviated; v1.2.3 equals 1.2.3). "
              + "Checks-file entries use it with 'expect-version: true'.")
  String expectVersion;

  @Secret
  @Option(
      names = "--headers",
      split = Multiline.SPLIT,
      paramLabel = "HEADER",
      description =
          "Request headers for every check, one per line as 'Name: value'. Treated as secret: the values "
              + "are masked.")
  List<String> headers;

  @Option(
      names = "--timeout",
      defaultValue = SmokeRequest.DEFAULT_TIMEOUT,
      paramLabel = "DURATION",
      description = "Overall deadline for all checks, retries included, e.g. 2m, 90s.")
  java.time.Duration timeout;

  @Option(
      names = "--interval",
      defaultValue = SmokeRequest.DEFAULT_INTERVAL,
      paramLabel = "DURATION",
      description =
          "First wait between attempts; later waits grow by half each time, up to 10s (or the interval "
              + "if longer), with jitter.")
  java.time.Duration interval;

  @Option(
      names = "--request-timeout",
      defaultValue = SmokeRequest.DEFAULT_REQUEST_TIMEOUT,
      paramLabel = "DURATION",
      description = "Longest one attempt may take, connection and body included.")
  java.time.Duration requestTimeout;

  @Option(
      names = "--concurrency",
      defaultValue = "" + SmokeRequest.DEFAULT_CONCURRENCY,
      paramLabel = "N",
      description = "How many checks run at the same time.")
  int concurrency;

  @Secret
  @Option(
      names = "--database-url",
      paramLabel = "URL",
      description =
          "Secret PostgreSQL URL for sql: checks and required-extensions (JDBC or postgres://); when empty, "
              + "the PGHOST/PGDATABASE/PGUSER/PGPASSWORD variables. Queries run in a read-only session.")
  String databaseUrl;

  @Option(
      names = "--required-extensions",
      split = Multiline.SPLIT,
      paramLabel = "EXTENSION",
      description =
          "PostgreSQL extensions that must be installed, one per line, e.g. vector or uuid-ossp.")
  List<String> requiredExtensions;

  @Option(
      names = "--report-file",
      paramLabel = "FILE",
      description = "Write a JUnit XML report of the checks to this file, e.g. smoke-report.xml.")
  String reportFile;

  public SmokeCheckCommand(ActionRuntime runtime, Composition systems) {
    super(runtime, systems);
  }

  @Override
  public Integer call() {
    Expectations expect =
        new Expectations(
            StatusSet.parse("expect-status", expectStatus),
            Optional.ofNullable(expectBody).filter(s -> !s.isEmpty()),
            Multiline.lines(expectJson).stream()
                .map(l -> JsonAssertion.parseLine("expect-json", l))
                .toList(),
            Optional.ofNullable(expectVersion).filter(s -> !s.isBlank()).map(String::trim),
            Optional.empty(),
            StatusSet.retryOn("retry-on", retryOn));
    Map<String, String> sharedHeaders = Headers.parse("headers", Multiline.lines(headers));
    sharedHeaders.values().forEach(v -> Headers.mask(v, runtime.log()::addMask));
    CheckSources sources =
        new CheckSources(
            "url",
            Multiline.lines(urls),
            "checks-file",
            runtime.files().resolveOptional("checks-file", checksFile),
            expect,
            sharedHeaders,
            expect.version());
    Optional<DatabaseTarget> database =
        Optional.ofNullable(databaseUrl)
            .filter(s -> !s.isBlank())
            .map(DatabaseTarget::parse)
            .or(() -> DatabaseTarget.fromPgEnv(runtime.env().all()));
    database.map(DatabaseTarget::password).ifPresent(runtime.log()::addMask);
    SmokeKinds kinds = new SmokeKinds(database, "database-url");
    List<String> extensions = Multiline.lines(requiredExtensions);
    List<Check> checks = new ArrayList<>();
    if (!extensions.isEmpty() && Multiline.lines(urls).isEmpty() && sources.file().isEmpty()) {
      // only database checks: no URL or checks file is needed
    } else {
      checks.addAll(sources.checks(runtime.env(), runtime.log()::addMask, kinds));
    }
    for (String extension : extensions) {
      String db =
          database
              .map(DatabaseTarget::display)
              .orElseThrow(
                  () ->
                      new BadInputException(
                          "database-url",
                          "Input 'database-url' is needed for required-extensions: set it from a secret, or set the PG* variables."));
      checks.add(SqlCheck.extension(db, extension));
    }
    SmokeRequest request =
        SmokeRequest.parse(
            checks, SmokeRequest.Names.SMOKE_CHECK, timeout, interval, requestTimeout, concurrency);
    Optional<Path> report = runtime.files().resolveOptional("report-file", reportFile);
    runtime
        .log()
        .info(
            "Checking "
                + request.checks().size()
                + " target(s) for up to "
                + Durations.format(request.timeout()));
    SmokeReport result;
    try (Probers probers =
        kinds.probers(systems.smoke().apply(runtime), request.requestTimeout())) {
      result = new SmokeService(probers, runtime.log()::info).run(request);
    }
    new SmokeReportWriter(runtime).write(result, report, "report-file");
    return 0;
  }
}
