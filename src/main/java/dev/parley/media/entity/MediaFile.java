package dev.parley.media.entity;

import dev.parley.tenant.entity.TenantOwned;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.UUID;

/** An uploaded file of a tenant: its bytes are in the media store under {@code key}, its thumbnail under its own. */
@Entity
@Table(name = "media_files")
public class MediaFile extends TenantOwned {

    @Column(name = "file_key", nullable = false, updatable = false)
    private UUID key;

    @Column(name = "file_name", nullable = false, updatable = false)
    private String fileName;

    @Column(name = "file_type", nullable = false, updatable = false)
    private String fileType;

    @Column(name = "file_size", nullable = false, updatable = false)
    private long fileSize;

    @Column(nullable = false, updatable = false)
    private String sha256;

    @Column(name = "thumbnail_key", updatable = false)
    private UUID thumbnailKey;

    @Column(name = "thumbnail_size", updatable = false)
    private Long thumbnailSize;

    @Column(name = "uploaded_by_type", nullable = false, updatable = false)
    private String uploadedByType;

    @Column(name = "uploaded_by_id", nullable = false, updatable = false)
    private long uploadedById;

    protected MediaFile() {
    }

    public MediaFile(UUID key, String fileName, String fileType, long fileSize, String sha256, UUID thumbnailKey,
                     Long thumbnailSize, String uploadedByType, long uploadedById) {
        this.key = key;
        this.fileName = fileName;
        this.fileType = fileType;
        this.fileSize = fileSize;
        this.sha256 = sha256;
        this.thumbnailKey = thumbnailKey;
        this.thumbnailSize = thumbnailSize;
        this.uploadedByType = uploadedByType;
        this.uploadedById = uploadedById;
    }

    public UUID getKey() { return key; }
    public String getFileName() { return fileName; }
    public String getFileType() { return fileType; }
    public long getFileSize() { return fileSize; }
    public String getSha256() { return sha256; }
    public UUID getThumbnailKey() { return thumbnailKey; }
    public Long getThumbnailSize() { return thumbnailSize; }
    public String getUploadedByType() { return uploadedByType; }
    public long getUploadedById() { return uploadedById; }
}
