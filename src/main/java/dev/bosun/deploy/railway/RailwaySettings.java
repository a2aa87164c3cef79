package dev.bosun.deploy.railway;

/**
 * The keys of {@code target: railway} in an environment; {@code apps} maps each app key to a
 * Railway service id.
 *
 * @param project the Railway project id
 * @param environmentId the Railway environment id (production, staging …) the services are deployed
 *     in
 */
public record RailwaySettings(String project, String environmentId) {}
