package dev.parley.media.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Where uploaded bytes live, by key. Keys are random UUIDs; files never change once stored. */
public interface MediaStore {

    /** Stores the file at {@code source} (which the store may move) under {@code key}. */
    void put(String key, Path source) throws IOException;

    /** The stored bytes from {@code offset} on. */
    InputStream open(String key, long offset) throws IOException;

    void delete(String key) throws IOException;
}
