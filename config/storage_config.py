"""STORAGES from the environment (config/settings.py, "Storage"): local folders by default,
S3-compatible buckets when S3_MEDIA_BUCKET and S3_PRIVATE_BUCKET are set. No Django import here:
the settings module reads it, and so do the tests that start an S3 server."""

from collections.abc import Mapping
from urllib.parse import urlsplit

LOCAL = {
    "default": {"BACKEND": "config.storage.MediaFileSystemStorage"},
    "private": {"BACKEND": "config.storage.PrivateFileSystemStorage"},
    "pdf_cache": {"BACKEND": "config.storage.PdfCacheFileSystemStorage"},
}
# Media names are random (uuid4): an object never changes under its name.
MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"


class S3SettingsError(ValueError):
    pass


def s3_enabled(environ: Mapping[str, str]) -> bool:
    return bool(environ.get("S3_MEDIA_BUCKET") or environ.get("S3_PRIVATE_BUCKET"))


def s3_storages(environ: Mapping[str, str]) -> dict:
    """The three storages on S3: media in S3_MEDIA_BUCKET (public objects), private files and
    the PDF cache under `private/` and `pdf-cache/` in S3_PRIVATE_BUCKET (private objects)."""
    media_bucket = environ.get("S3_MEDIA_BUCKET", "")
    private_bucket = environ.get("S3_PRIVATE_BUCKET", "")
    if not (media_bucket and private_bucket):
        raise S3SettingsError("S3 storage needs both S3_MEDIA_BUCKET and S3_PRIVATE_BUCKET.")
    if media_bucket == private_bucket:
        raise S3SettingsError("S3_MEDIA_BUCKET and S3_PRIVATE_BUCKET must be two buckets.")
    endpoint = environ.get("S3_ENDPOINT_URL", "") or None
    connection = {
        "access_key": environ.get("S3_ACCESS_KEY_ID", "") or None,
        "secret_key": environ.get("S3_SECRET_ACCESS_KEY", "") or None,
        "region_name": environ.get("S3_REGION", "") or "us-east-1",
        "endpoint_url": endpoint,
        "signature_version": "s3v4",
        # Self-hosted servers (MinIO, Garage, Ceph…) answer at one address for every bucket.
        "addressing_style": "path" if endpoint else None,
    }
    media = {
        **connection,
        "bucket_name": media_bucket,
        # Public by the object's ACL; empty S3_MEDIA_ACL for a bucket made public by its policy
        # (buckets whose ACLs are disabled refuse a write that carries one).
        "default_acl": environ.get("S3_MEDIA_ACL", "public-read") or None,
        "querystring_auth": False,  # plain URLs, the same for everyone, cacheable
        "file_overwrite": False,
        "object_parameters": {"CacheControl": MEDIA_CACHE_CONTROL},
    }
    public_base = environ.get("S3_MEDIA_URL", "").rstrip("/")
    if public_base:
        parts = urlsplit(public_base)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise S3SettingsError("S3_MEDIA_URL must be an http(s) address.")
        media["custom_domain"] = parts.netloc + parts.path
        media["url_protocol"] = f"{parts.scheme}:"
    private = {
        **connection,
        "bucket_name": private_bucket,
        "default_acl": "private",
        "querystring_auth": True,
        # A file read from the bucket (a download, a cached PDF) is held in memory up to 2 MiB,
        # then in a temporary file.
        "max_memory_size": 2 * 1024 * 1024,
    }
    return {
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": media},
        "private": {
            "BACKEND": "config.s3_storage.PrivateS3Storage",
            "OPTIONS": {**private, "location": "private", "file_overwrite": False},
        },
        "pdf_cache": {
            "BACKEND": "config.s3_storage.PdfCacheS3Storage",
            "OPTIONS": {**private, "location": "pdf-cache", "file_overwrite": True},
        },
    }


def media_origins(environ: Mapping[str, str]) -> list[str]:
    """Where media images are loaded from, for the Content-Security-Policy (img-src)."""
    if not s3_enabled(environ):
        return []
    base = environ.get("S3_MEDIA_URL", "") or environ.get("S3_ENDPOINT_URL", "")
    if base:
        parts = urlsplit(base)
        return [f"{parts.scheme}://{parts.netloc}"]
    # AWS: boto3 gives the global host or the regional one, depending on the region.
    bucket = environ["S3_MEDIA_BUCKET"]
    region = environ.get("S3_REGION", "") or "us-east-1"
    return [f"https://{bucket}.s3.amazonaws.com", f"https://{bucket}.s3.{region}.amazonaws.com"]
