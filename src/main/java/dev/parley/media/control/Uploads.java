package dev.parley.media.control;

import dev.parley.chat.control.Actor;
import dev.parley.media.entity.MediaFile;
import dev.parley.platform.ApiException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Accepts an uploaded file for the current tenant: read to a temporary file
 * (never into memory) up to the limit, typed by its bytes and refused unless
 * that type is allowed, images made safe (metadata dropped, a thumbnail made,
 * decompression bombs refused), stored under a random key.
 */
@ApplicationScoped
public class Uploads {

    private static final Logger LOG = Logger.getLogger(Uploads.class.getName());

    static final String DEFAULT_TYPES = "image/jpeg,image/png,image/webp,image/gif,audio/webm,audio/ogg,audio/mp4,"
            + "audio/mpeg,application/pdf,text/plain";

    @Inject
    @ConfigProperty(name = "parley.media.max-bytes", defaultValue = "26214400")
    long maxBytes;

    @Inject
    @ConfigProperty(name = "parley.media.allowed-types", defaultValue = DEFAULT_TYPES)
    String allowedTypes;

    @Inject
    @ConfigProperty(name = "parley.media.thumbnail-size", defaultValue = "320")
    int thumbnailSize;

    @Inject
    @ConfigProperty(name = "parley.media.max-pixels", defaultValue = "40000000")
    long maxPixels;

    @Inject
    MediaStore store;

    @PersistenceContext
    EntityManager em;

    public long maxBytes() {
        return maxBytes;
    }

    private Set<String> allowed() {
        return Arrays.stream(allowedTypes.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toSet());
    }

    /** Reads {@code content} and keeps it as the current tenant's upload by {@code uploader}. */
    @Transactional
    public MediaFile accept(Actor uploader, String clientName, InputStream content) throws IOException {
        Path work = Files.createTempDirectory("parley-upload-");
        try {
            Path raw = work.resolve("raw");
            long size = copyWithin(content, raw);
            if (size == 0) {
                throw ApiException.invalidField("file", "the file is empty");
            }
            byte[] head = head(raw);
            String type = MediaTypes.sniff(head);
            if (!allowed().contains(type)) {
                throw new ApiException(415, "unsupported_media_type", "Files of type " + type
                        + " are not accepted; accepted: " + String.join(", ", allowed()));
            }
            Path stored = raw;
            Path thumbnail = null;
            String storedType = type;
            if (type.equals("image/webp")) {
                stored = cleanWebp(raw, work);
            } else if (MediaTypes.isImage(type)) {
                ImageSanitizer.Clean clean = sanitize(raw, type, work);
                stored = clean.image();
                thumbnail = clean.thumbnail();
                storedType = clean.type();
            }
            String name = fileName(clientName, storedType);
            UUID key = UUID.randomUUID();
            long storedSize = Files.size(stored);
            String sha256 = sha256(stored);
            UUID thumbnailKey = thumbnail == null ? null : UUID.randomUUID();
            Long thumbnailBytes = thumbnail == null ? null : Files.size(thumbnail);
            MediaFile file = new MediaFile(key, name, storedType, storedSize, sha256, thumbnailKey, thumbnailBytes,
                    uploader.type().name(), uploader.id());
            em.persist(file);
            em.flush(); // the row first: a file in the store always has a row that names it (the sweep finds it)
            try {
                if (thumbnail != null) {
                    store.put(thumbnailKey.toString(), thumbnail);
                }
                store.put(key.toString(), stored);
            } catch (IOException storeFailed) {
                LOG.log(Level.WARNING, "Storing an upload failed: {0}", storeFailed.getMessage());
                throw ApiException.unavailable("storage_unavailable", "The file cannot be stored right now; try again");
            }
            return file;
        } finally {
            deleteQuietly(work);
        }
    }

    /**
     * The current tenant's upload of this key. In a transaction of its own: outside one, the request's
     * shared entity manager may already have opened its session for no tenant.
     */
    @Transactional
    public Optional<MediaFile> find(UUID key) {
        return em.createQuery("select f from MediaFile f where f.key = :key", MediaFile.class)
                .setParameter("key", key).getResultList().stream().findFirst();
    }

    /**
     * The current tenant's upload of this key, marked as carried by a message (in the sender's transaction).
     * The mark is an update the unsent-upload sweep cannot pass: whichever commits first wins, and a send
     * that loses finds no upload.
     */
    @Transactional
    public Optional<MediaFile> attach(UUID key) {
        List<?> marked = em.createNativeQuery("UPDATE media_files SET attached_at = coalesce(attached_at, now())"
                        + " WHERE tenant_id = ?1 AND file_key = ?2 RETURNING id")
                .setParameter(1, dev.parley.tenant.control.CurrentTenant.idOrNone())
                .setParameter(2, key)
                .getResultList();
        return marked.isEmpty() ? Optional.empty() : find(key);
    }

    /**
     * Whether a website visitor may see this file: its own upload, or one carried by a message of a chat
     * it takes part in. In the current tenant.
     */
    @Transactional
    public boolean visibleToVisitor(MediaFile file, long visitorId) {
        if ("visitor".equals(file.getUploadedByType()) && file.getUploadedById() == visitorId) {
            return true;
        }
        return !em.createNativeQuery("""
                        SELECT 1 FROM messages m
                        JOIN chat_participants p ON p.tenant_id = m.tenant_id AND p.chat_id = m.chat_id
                        WHERE m.tenant_id = ?1 AND m.media_url = ?2 AND NOT m.is_deleted
                          AND p.participant_type = 'visitor' AND p.participant_id = ?3
                        LIMIT 1""")
                .setParameter(1, dev.parley.tenant.control.CurrentTenant.idOrNone())
                .setParameter(2, MediaLibrary.PATH + file.getKey())
                .setParameter(3, visitorId)
                .getResultList().isEmpty();
    }

    /** The current tenant's upload whose thumbnail has this key. */
    @Transactional
    public Optional<MediaFile> findByThumbnail(UUID key) {
        return em.createQuery("select f from MediaFile f where f.thumbnailKey = :key", MediaFile.class)
                .setParameter("key", key).getResultList().stream().findFirst();
    }

    /** The stored bytes; a {@link java.nio.file.NoSuchFileException} when the store has no such file. */
    public InputStream open(UUID key, long offset) throws IOException {
        return store.open(key.toString(), offset);
    }

    /** Copies at most the limit; one byte more is a 413, and the rest is never read. */
    private long copyWithin(InputStream content, Path target) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int n; (n = content.read(buffer)) != -1; ) {
                total += n;
                if (total > maxBytes) {
                    throw new ApiException(413, "payload_too_large", "A file may have at most " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    /** Two decodes at a time at most: a decoded image can take far more memory than its file. */
    private final Semaphore decoding = new Semaphore(2);

    private ImageSanitizer.Clean sanitize(Path raw, String type, Path work) throws IOException {
        try {
            if (!decoding.tryAcquire(10, TimeUnit.SECONDS)) {
                throw ApiException.unavailable("busy", "Too many images are being processed; try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("busy", "Too many images are being processed; try again");
        }
        try {
            return ImageSanitizer.sanitize(raw, type, maxPixels, thumbnailSize, work);
        } catch (ImageSanitizer.TooManyPixels bomb) {
            throw new ApiException(413, "image_too_large", "The image is too large: " + bomb.getMessage());
        } catch (OutOfMemoryError tooBig) {
            throw new ApiException(413, "image_too_large", "The image is too large to process");
        } catch (IOException | RuntimeException damaged) {
            throw ApiException.invalidField("file", "the image is truncated or damaged");
        } finally {
            decoding.release();
        }
    }

    private Path cleanWebp(Path raw, Path work) throws IOException {
        byte[] bytes = Files.readAllBytes(raw); // WebP uploads are bounded by the upload limit
        long pixels;
        byte[] clean;
        try {
            pixels = WebpMetadata.pixels(bytes);
            clean = WebpMetadata.strip(bytes);
        } catch (RuntimeException damaged) {
            throw ApiException.invalidField("file", "the image is truncated or damaged");
        }
        if (pixels > maxPixels) {
            throw new ApiException(413, "image_too_large", "The image is too large: " + pixels + " pixels; at most "
                    + maxPixels);
        }
        if (clean == null || pixels < 0) {
            throw ApiException.invalidField("file", "the image is truncated or damaged");
        }
        Path target = work.resolve("clean.webp");
        Files.write(target, clean);
        return target;
    }

    /** The client's name, made harmless for a header, with the extension of what the file really is. */
    static String fileName(String clientName, String type) {
        String name = clientName == null ? "" : clientName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1); // never a path
        name = name.replaceAll("[\\p{Cntrl}\\p{Cf}\"<>*]", "").strip().replaceAll("^\\.+", "");
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        if (base.isBlank()) {
            base = "file";
        }
        if (base.length() > 200) {
            base = base.substring(0, 200);
        }
        return base + "." + MediaTypes.extension(type);
    }

    private static byte[] head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MediaTypes.SNIFF_BYTES);
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException ignored) {
            // a temporary file left behind is the system's to clean
        }
    }

    static List<String> defaultTypes() {
        return List.of(DEFAULT_TYPES.split(","));
    }
}
