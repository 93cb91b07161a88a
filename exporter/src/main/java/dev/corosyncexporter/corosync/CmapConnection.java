package dev.corosyncexporter.corosync;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import dev.corosyncexporter.concurrent.GuardedThread;
import dev.corosyncexporter.parse.CmapEntries;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cmap connection kept open, to the default map (configuration) or the stats map (knet link
 * counters). Answers come as the same {@link CmapEntries} corosync-cmapctl's output parses to,
 * values printed the way cmapctl prints them, so the parsers of the tool path read them unchanged.
 */
final class CmapConnection implements AutoCloseable {
  static final int MAP_DEFAULT = 0;
  static final int MAP_STATS = 1;

  private static final int KEYNAME_MAXLEN = 255;
  private static final int CS_ERR_NO_SECTIONS = 27;
  private static final int CS_ERR_INVALID_PARAM = 7;

  /** Fits every key the exporter reads (numbers, names, addresses) in one round trip. */
  private static final long USUAL_VALUE_SIZE = 256;

  private static final String[] TYPES = {
    "?", "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "flt", "dbl", "str", "bin"
  };

  private final NativeLibraries.Cmap lib;
  private final String name;
  private final GuardedThread owner;
  private final ServiceHandle handle;

  CmapConnection(NativeLibraries.Cmap lib, int map, Duration stuckAfter) {
    this.lib = lib;
    this.name = map == MAP_STATS ? "cmap-stats" : "cmap";
    this.owner = OwnerThreads.start(name, stuckAfter);
    this.handle =
        new ServiceHandle(
            name,
            () -> {
              LongByReference ref = new LongByReference();
              int rc = lib.cmap_initialize_map(ref, map);
              if (rc != CsError.OK) {
                throw CorosyncException.of("cmap_initialize_map", rc);
              }
              return ref.getValue();
            },
            h -> lib.cmap_finalize(h));
  }

  /** Every key under each prefix, as {@code corosync-cmapctl PREFIX...} lists them. */
  CmapEntries prefixes(List<String> prefixes, Duration wait) throws CorosyncException {
    return read("cmap iteration", wait, (h, out) -> iterateEach(h, prefixes, out));
  }

  /**
   * The keys that exist among {@code keys} (a missing one is left out, as knet drops keys), then
   * every key under each prefix, in one reading on the owner thread: a scrape's stats come from one
   * moment and cost one hand-over.
   */
  CmapEntries keysAndPrefixes(List<String> keys, List<String> prefixes, Duration wait)
      throws CorosyncException {
    return read(
        "cmap_get and iteration",
        wait,
        (h, out) -> {
          getEach(h, keys, out);
          iterateEach(h, prefixes, out);
        });
  }

  private void iterateEach(long h, List<String> prefixes, Map<String, CmapEntries.Entry> out)
      throws CorosyncException {
    for (String prefix : prefixes) {
      iterate(h, prefix, out);
    }
  }

  private void getEach(long h, List<String> keys, Map<String, CmapEntries.Entry> out)
      throws CorosyncException {
    for (String key : keys) {
      CmapEntries.Entry e = get(h, key, USUAL_VALUE_SIZE);
      if (e != null) {
        out.put(key, e);
      }
    }
  }

  /** Fills a map of entries through the open handle. */
  @FunctionalInterface
  private interface Reading {
    void into(long handle, Map<String, CmapEntries.Entry> out) throws CorosyncException;
  }

  /**
   * Runs one reading on the connection's owner thread (see {@link OwnerThreads}) and collects its
   * entries in the order read, as cmapctl prints them.
   */
  private CmapEntries read(String operation, Duration wait, Reading reading)
      throws CorosyncException {
    return OwnerThreads.call(
        owner,
        name,
        operation,
        wait,
        () -> {
          Map<String, CmapEntries.Entry> out = new LinkedHashMap<>();
          reading.into(handle.get(), out);
          return new CmapEntries(out);
        });
  }

  private void iterate(long h, String prefix, Map<String, CmapEntries.Entry> out)
      throws CorosyncException {
    LongByReference iter = new LongByReference();
    handle.check("cmap_iter_init", lib.cmap_iter_init(h, prefix, iter));
    try {
      byte[] name = new byte[KEYNAME_MAXLEN + 1];
      LongByReference len = new LongByReference();
      IntByReference type = new IntByReference();
      while (true) {
        int rc = lib.cmap_iter_next(h, iter.getValue(), name, len, type);
        if (rc == CS_ERR_NO_SECTIONS) {
          return;
        }
        handle.check("cmap_iter_next", rc);
        String key = Native.toString(name, "UTF-8");
        // iter_next told the size: exactly one round trip.
        CmapEntries.Entry e = get(h, key, len.getValue());
        if (e != null) {
          out.put(key, e);
        }
      }
    } finally {
      lib.cmap_iter_finalize(h, iter.getValue());
    }
  }

  /**
   * One key's value, or null when it does not exist (any more). One round trip when the value fits
   * {@code sizeHint} bytes; corosync refuses a smaller buffer with CS_ERR_INVALID_PARAM, then the
   * size is asked first.
   */
  private CmapEntries.Entry get(long h, String key, long sizeHint) throws CorosyncException {
    LongByReference len = new LongByReference(Math.max(1, sizeHint));
    IntByReference type = new IntByReference();
    Memory buf = new Memory(len.getValue());
    int rc = lib.cmap_get(h, key, buf, len, type);
    if (rc == CS_ERR_INVALID_PARAM) {
      LongByReference size = new LongByReference();
      rc = lib.cmap_get(h, key, null, size, type);
      if (rc == CsError.OK) {
        buf = new Memory(Math.max(1, size.getValue()));
        len.setValue(buf.size());
        rc = lib.cmap_get(h, key, buf, len, type);
      }
    }
    if (rc == CsError.NOT_EXIST) {
      return null;
    }
    handle.check("cmap_get(" + key + ")", rc);
    return new CmapEntries.Entry(typeName(type.getValue()), format(buf, type.getValue(), len));
  }

  private static String typeName(int type) {
    return type > 0 && type < TYPES.length ? TYPES[type] : "?";
  }

  /** The value as corosync-cmapctl prints it. */
  static String format(Memory buf, int type, LongByReference len) {
    return switch (type) {
      case 1 -> Byte.toString(buf.getByte(0));
      case 2 -> Integer.toString(Byte.toUnsignedInt(buf.getByte(0)));
      case 3 -> Short.toString(buf.getShort(0));
      case 4 -> Integer.toString(Short.toUnsignedInt(buf.getShort(0)));
      case 5 -> Integer.toString(buf.getInt(0));
      case 6 -> Integer.toUnsignedString(buf.getInt(0));
      case 7 -> Long.toString(buf.getLong(0));
      case 8 -> Long.toUnsignedString(buf.getLong(0));
      // printf("%f"), as cmapctl prints flt and dbl: "3531.353027", never "3531.353" or "1.0E-5".
      case 9 -> String.format(Locale.ROOT, "%f", (double) buf.getFloat(0));
      case 10 -> String.format(Locale.ROOT, "%f", buf.getDouble(0));
      case 11 -> {
        byte[] b = buf.getByteArray(0, (int) Math.min(buf.size(), len.getValue()));
        int end = 0;
        while (end < b.length && b[end] != 0) {
          end++;
        }
        yield new String(b, 0, end, StandardCharsets.UTF_8);
      }
      default -> hex(buf.getByteArray(0, (int) Math.min(buf.size(), len.getValue())));
    };
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      sb.append(String.format("%02x", b));
    }
    return sb.toString();
  }

  long opens() {
    return handle.opens();
  }

  @Override
  public void close() {
    owner.closeWith(handle::close);
  }
}
