package dev.bosun.deploy.vercel;

/**
 * The keys of {@code target: vercel} in an environment; {@code apps} maps each app key to a Vercel
 * project id.
 *
 * @param team the team that owns the projects: its id ({@code team_…}) or slug; absent for a
 *     personal account
 */
public record VercelSettings(String team) {}
