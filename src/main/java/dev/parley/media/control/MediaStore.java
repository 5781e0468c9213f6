package dev.parley.media.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where uploaded bytes live, by key: a directory ({@link DirectoryStore}) or an S3-compatible object
 * store ({@link S3Store}), as {@code parley.media.store} says. Keys are random UUIDs; files never change
 * once stored. A missing file is a {@link java.nio.file.NoSuchFileException}; any other failure an
 * {@link IOException}.
 */
public interface MediaStore {

    /** Stores the file at {@code source} (which the store may move) under {@code key}. */
    void put(String key, Path source) throws IOException;

    /** The stored bytes from {@code offset} on. */
    InputStream open(String key, long offset) throws IOException;

    /** Removes the file; a key with no file is no error. */
    void delete(String key) throws IOException;

    /** The key itself, once it is known to be a UUID: nothing else ever names a file. */
    static String checkedKey(String key) {
        if (key == null || !key.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
            throw new IllegalArgumentException("Not a media key: " + key);
        }
        return key;
    }
}
