package dev.bosun.migrate;

import dev.bosun.actions.InputChoice;

/** The {@code auth} input: the password in the URL, or a Microsoft Entra token as the password. */
public enum DatabaseAuth implements InputChoice {
  PASSWORD,
  AZURE_AD
}
