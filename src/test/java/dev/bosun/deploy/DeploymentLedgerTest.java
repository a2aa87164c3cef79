package dev.bosun.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rule for "this deployment succeeded", on status histories as GitHub lists them (newest
 * first).
 */
class DeploymentLedgerTest {

  @Test
  void aSuccessLaterMarkedInactiveStillCounts() {
    assertThat(DeploymentLedger.succeeded(List.of("success", "in_progress"))).isTrue();
    assertThat(DeploymentLedger.succeeded(List.of("inactive", "success", "in_progress"))).isTrue();
    assertThat(DeploymentLedger.succeeded(List.of("inactive", "inactive", "success"))).isTrue();
  }

  @Test
  void failedUnfinishedOrLaterFailedDeploymentsDoNot() {
    assertThat(DeploymentLedger.succeeded(List.of("failure", "in_progress"))).isFalse();
    assertThat(DeploymentLedger.succeeded(List.of("in_progress"))).isFalse();
    assertThat(DeploymentLedger.succeeded(List.of("failure", "success", "in_progress"))).isFalse();
    // a transient environment's deployment set inactive by hand was destroyed, not replaced after
    // success
    assertThat(DeploymentLedger.succeeded(List.of("inactive", "in_progress"))).isFalse();
    assertThat(DeploymentLedger.succeeded(List.of())).isFalse();
  }
}
