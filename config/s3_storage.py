"""The S3 backends of the `private` and `pdf_cache` storages (config/storage.py), in a module of
their own: boto3 is imported only by the deployments that name them in STORAGES."""

from storages.backends.s3 import S3Storage

from config.storage import Entry


class PrivateS3Storage(S3Storage):
    """The private bucket: every object is written with the ACL "private", and no URL is given
    out; the portal streams the file after its permission check."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no URL: serve them through a view.")


class PdfCacheS3Storage(PrivateS3Storage):
    """The PDF cache under its prefix of the private bucket: what one node built, another finds.

    A listing gives names, sizes and times in one request per thousand objects. S3 cannot change
    an object's time without rewriting it, so serving a PDF does not "touch" it: on S3, eviction
    removes the least recently built first."""

    def entries(self) -> list[Entry]:
        prefix = self._normalize_name("")
        if prefix and not prefix.endswith("/"):
            prefix += "/"
        found = []
        paginator = self.connection.meta.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket_name, Prefix=prefix, Delimiter="/"):
            for item in page.get("Contents", ()):
                name = item["Key"][len(prefix) :]
                if name:
                    found.append(Entry(name, item["Size"], item["LastModified"]))
        return found

    def touch(self, name) -> None:
        pass
