package dev.parley.media.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Uploads in an S3-compatible object store (AWS S3, MinIO, Ceph, Garage, ...): what several Parley
 * instances share. One object per key, under an optional prefix, so one bucket can serve several
 * deployments. Every store failure surfaces as an {@link IOException}.
 */
public final class S3Store implements MediaStore, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(S3Store.class.getName());

    /** Where and as whom: {@code endpoint} empty means AWS itself; keys empty mean the SDK's default chain. */
    public record Settings(String bucket, String endpoint, String region, boolean pathStyle, String accessKey,
                           String secretKey, String prefix) {
    }

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    private S3Store(S3Client s3, String bucket, String prefix) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
    }

    /** A store for these settings, creating the bucket when it does not exist yet. */
    public static S3Store connect(Settings settings) {
        if (settings.bucket() == null || settings.bucket().isBlank()) {
            throw new IllegalArgumentException("parley.media.s3.bucket is required for the s3 media store");
        }
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials(settings))
                // Checksums only where S3 demands them: many S3-compatible stores reject the newer
                // trailing-checksum uploads that the SDK would otherwise send.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        S3Store store = new S3Store(builder.build(), settings.bucket(), prefixOf(settings.prefix()));
        store.ensureBucket();
        return store;
    }

    private static AwsCredentialsProvider credentials(Settings settings) {
        if (settings.accessKey() == null || settings.accessKey().isBlank()) {
            return DefaultCredentialsProvider.builder().build(); // environment, profile, or the instance's role
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
    }

    private static String prefixOf(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            return "";
        }
        String trimmed = prefix.strip().replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? "" : trimmed + "/";
    }

    /** Creates a missing bucket; a store that cannot be reached now is only logged: uploads will say so. */
    private void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException missing) {
            s3.createBucket(b -> b.bucket(bucket));
            LOG.log(Level.INFO, "Created the media bucket {0}", bucket);
        } catch (SdkException unreachable) {
            LOG.log(Level.WARNING, "The media bucket {0} cannot be checked now: {1}",
                    new Object[] {bucket, unreachable.getMessage()});
        }
    }

    private String objectKey(String key) {
        return prefix + MediaStore.checkedKey(key);
    }

    @Override
    public void put(String key, Path source) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(objectKey(key)), RequestBody.fromFile(source));
        } catch (SdkException e) {
            throw new IOException("Storing " + key + " in bucket " + bucket + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(objectKey(key)).range(offset > 0 ? "bytes=" + offset + "-" : null));
        } catch (NoSuchKeyException missing) {
            throw new NoSuchFileException(key);
        } catch (SdkException e) {
            throw new IOException("Reading " + key + " from bucket " + bucket + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(objectKey(key)));
        } catch (SdkException e) {
            throw new IOException("Removing " + key + " from bucket " + bucket + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
