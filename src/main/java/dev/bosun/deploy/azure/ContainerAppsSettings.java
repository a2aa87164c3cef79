package dev.bosun.deploy.azure;

/**
 * The keys of {@code target: azure-container-apps} in an environment: where its apps live in Azure.
 *
 * @param subscription the subscription ID (a GUID), so a deploy can never land in the wrong one by
 *     name
 */
public record ContainerAppsSettings(String subscription, String resourceGroup) {}
