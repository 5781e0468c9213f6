package dev.parley.media.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Uploads in a directory, two levels of subdirectories by key so no directory grows huge. For one
 * instance, or several that share the directory (NFS and the like).
 */
public final class DirectoryStore implements MediaStore {

    private final Path root;

    public DirectoryStore(Path root) {
        this.root = root.toAbsolutePath();
    }

    private Path pathOf(String key) {
        MediaStore.checkedKey(key);
        return root.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key);
    }

    @Override
    public void put(String key, Path source) throws IOException {
        Path target = pathOf(key);
        Files.createDirectories(target.getParent());
        try {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException otherDisk) {
            // The temporary folder is on another file system: copy beside the target, then rename there,
            // so that a reader never sees half a file.
            Path partial = target.resolveSibling(key + ".partial");
            Files.copy(source, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(pathOf(key), StandardOpenOption.READ);
        try {
            channel.position(offset);
            return Channels.newInputStream(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(pathOf(key));
    }
}
