package dev.bosun.image.login;

import dev.bosun.actions.InputChoice;

/** How bosun logs in to the registry: picked from the inputs ({@code auto}) or named. */
public enum LoginMode implements InputChoice {
  /**
   * Password if given; GHCR with the GitHub token; ACR through OIDC when azure ids are given; else
   * docker config.
   */
  AUTO,
  /** {@code registry-username} and {@code registry-password}. */
  PASSWORD,
  /** {@code ghcr.io} with {@code github-token} (the workflow's {@code GITHUB_TOKEN}). */
  GHCR,
  /** An Azure Container Registry through GitHub OIDC, Entra ID and the ACR token exchange. */
  ACR,
  /** Amazon ECR through GitHub OIDC, STS and ECR's authorization token ({@link CloudLogins}). */
  ECR,
  /**
   * Google Artifact Registry through GitHub OIDC and workload identity federation ({@link
   * CloudLogins}).
   */
  GAR,
  /** Anonymous, or whatever docker config the runner already has. */
  NONE;
}
