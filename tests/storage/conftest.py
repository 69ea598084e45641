"""An S3-compatible server for the storage tests: moto's server mode, on a free port of this
machine, once per test process; each test gets two buckets of its own and STORAGES pointing at
them (what the S3_* variables give a deployment)."""

import logging
import urllib.error
import urllib.request
import uuid
from types import SimpleNamespace

import pytest

from config import storage_config
from tests.reports.conftest import told  # noqa: F401 (a held meeting with a photo, for the PDFs)


@pytest.fixture(scope="session")
def s3_server():
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, settings):
    """Two fresh buckets and the portal's storages on them."""
    import boto3

    suffix = uuid.uuid4().hex[:12]
    environ = {
        "S3_ENDPOINT_URL": s3_server,
        "S3_ACCESS_KEY_ID": "portal-key",
        "S3_SECRET_ACCESS_KEY": "portal-secret",
        "S3_REGION": "eu-west-3",
        "S3_MEDIA_BUCKET": f"media-{suffix}",
        "S3_PRIVATE_BUCKET": f"private-{suffix}",
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="portal-key",
        aws_secret_access_key="portal-secret",
        region_name="eu-west-3",
    )
    for bucket in (environ["S3_MEDIA_BUCKET"], environ["S3_PRIVATE_BUCKET"]):
        client.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )
    settings.STORAGES = {
        **storage_config.s3_storages(environ),
        "staticfiles": settings.STORAGES["staticfiles"],
    }
    return SimpleNamespace(
        endpoint=s3_server,
        media=environ["S3_MEDIA_BUCKET"],
        private=environ["S3_PRIVATE_BUCKET"],
        client=client,
        environ=environ,
    )


def keys(s3, bucket: str) -> list[str]:
    listing = s3.client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", ()))


def object_bytes(s3, bucket: str, key: str) -> bytes:
    return s3.client.get_object(Bucket=bucket, Key=key)["Body"].read()


def anonymous_get(url: str) -> tuple[int, bytes, str]:
    """A plain GET, no signature and no credentials: what a browser given the URL would do."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (a test server)
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")
