package dev.bosun.support;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one Jackson JSON mapper bosun reads and writes with, shared: a mapper is thread-safe once
 * configured and costly to build (each used to build its own). Configure nothing on it; a caller
 * that needs other settings takes {@code mapper().copy()} or a reader or writer from it.
 */
public final class Json {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
