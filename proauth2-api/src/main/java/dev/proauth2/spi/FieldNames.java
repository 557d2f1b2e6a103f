package dev.proauth2.spi;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One shared array per list of field names. Every record of a table has one of a few shapes, so
 * sharing the names saves an array per record (a store may hold millions) and keeps the one that
 * every lookup scans in the CPU cache.
 */
final class FieldNames {

  /** Shapes kept; past this, new shapes are not shared (records built by hand can vary). */
  private static final int MAX_SHAPES = 1024;

  private static final ConcurrentHashMap<List<String>, String[]> SHAPES = new ConcurrentHashMap<>();

  private FieldNames() {}

  /** The shared array equal to {@code names}, or {@code names} itself; neither may change. */
  static String[] shared(String[] names) {
    List<String> shape = Arrays.asList(names);
    String[] known = SHAPES.get(shape);
    if (known != null) {
      return known;
    }
    if (SHAPES.size() >= MAX_SHAPES) {
      return names;
    }
    known = SHAPES.putIfAbsent(shape, names);
    return known != null ? known : names;
  }

  /** Where {@code name} is in {@code names}, or -1. */
  static int indexOf(String[] names, Object name) {
    // Names are nearly always the schema's constants: compare references first, text only if none.
    for (int i = 0; i < names.length; i++) {
      if (names[i] == name) {
        return i;
      }
    }
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
