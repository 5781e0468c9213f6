package dev.parley.media.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** The media store that {@code parley.media.store} names: {@code directory} (the default) or {@code s3}. */
@ApplicationScoped
public class MediaStores {

    @Produces
    @ApplicationScoped
    MediaStore configured() {
        Config config = ConfigProvider.getConfig();
        String kind = config.getOptionalValue("parley.media.store", String.class).orElse("directory")
                .strip().toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "directory" -> new DirectoryStore(Path.of(
                    config.getOptionalValue("parley.media.directory", String.class).orElse("media")));
            case "s3" -> S3Store.connect(new S3Store.Settings(
                    config.getOptionalValue("parley.media.s3.bucket", String.class).orElse(""),
                    config.getOptionalValue("parley.media.s3.endpoint", String.class).orElse(""),
                    config.getOptionalValue("parley.media.s3.region", String.class).orElse("us-east-1"),
                    config.getOptionalValue("parley.media.s3.path-style", Boolean.class).orElse(false),
                    config.getOptionalValue("parley.media.s3.access-key", String.class).orElse(""),
                    config.getOptionalValue("parley.media.s3.secret-key", String.class).orElse(""),
                    config.getOptionalValue("parley.media.s3.prefix", String.class).orElse("")));
            default -> throw new IllegalArgumentException(
                    "parley.media.store must be directory or s3, not " + kind);
        };
    }

    void close(@Disposes MediaStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
