/**
 * Smoke checks: HTTP and SQL checks retried until they pass or a deadline passes.
 *
 * <p>The flow is the same for every caller:
 *
 * <pre>{@code
 * SmokeKinds kinds = new SmokeKinds(database, "smoke-database-url");      // every kind, registered once
 * List<Check> checks = new CheckSources("smoke-url", urls, "smoke-checks-file", file, expectations, headers, version)
 *     .checks(runtime.env(), runtime.log()::addMask, kinds);                 // bad input -> BadInputException
 * SmokeRequest request = SmokeRequest.parse(checks, new SmokeRequest.Names("smoke-timeout", "smoke-interval",
 *     "smoke-request-timeout", "smoke-concurrency"), timeout, interval, requestTimeout, concurrency);
 * SmokeReport report;
 * try (Probers probers = kinds.probers(systems, request.requestTimeout())) { // closing stops the client threads
 *   report = new SmokeService(probers, runtime.log()::info).run(request);
 * }
 * SmokeReportWriter writer = new SmokeReportWriter(runtime);
 * writer.annotate(report);                                                 // one ::error per failed check
 * writer.summarize(report, "Smoke after deploy");                         // a table in the step summary
 * }</pre>
 *
 * {@code smoke-check} does exactly this and also sets its outputs ({@link
 * dev.bosun.smoke.SmokeReportWriter#write}). New kinds of check plug in as described on {@link
 * dev.bosun.smoke.Check}, registered once in {@link dev.bosun.smoke.SmokeKinds}.
 */
package dev.bosun.smoke;
