package dev.bosun.smoke;

/**
 * How one check ended, after all its attempts.
 *
 * @param status the last HTTP status seen, or {@code null} when none came
 * @param latencyMs the last attempt's duration
 * @param reason why it failed, empty when it passed
 * @param excerpt the start of the last body, for failure messages
 * @param elapsedMs from the first attempt to the end of the last one
 * @param bodyCut whether the last body was longer than smoke-check reads (1 MiB) and was cut
 */
public record CheckResult(
    String name,
    String target,
    Integer status,
    int attempts,
    long latencyMs,
    boolean ok,
    String reason,
    String excerpt,
    long elapsedMs,
    boolean bodyCut) {}
