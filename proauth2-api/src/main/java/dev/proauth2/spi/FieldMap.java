package dev.proauth2.spi;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The fields of a {@link Record}: an immutable map over two parallel arrays, in insertion order.
 *
 * <p>Why not a {@code LinkedHashMap}: a store may hold millions of records, and a record has fewer
 * than a dozen fields, so a hash table with an entry object per field costs three times the memory
 * of two arrays, and a lookup by scanning a few names (interned constants, so usually an identity
 * hit) is as fast as hashing.
 */
final class FieldMap extends AbstractMap<String, Object> {

  private final String[] names;
  private final Object[] values;

  /** Takes ownership of the arrays: the caller must not change them afterwards. */
  FieldMap(String[] names, Object[] values) {
    this.names = names;
    this.values = values;
  }

  int indexOf(Object name) {
    return FieldNames.indexOf(names, name);
  }

  @Override
  public Object get(Object name) {
    int i = indexOf(name);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object name) {
    return indexOf(name) >= 0;
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0; i < names.length; i++) {
      action.accept(names[i], values[i]);
    }
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < names.length;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= names.length) {
              throw new NoSuchElementException();
            }
            Entry<String, Object> entry = new SimpleImmutableEntry<>(names[next], values[next]);
            next++;
            return entry;
          }
        };
      }

      @Override
      public int size() {
        return names.length;
      }
    };
  }
}
