"""STORAGES from the environment: local folders by default, S3 when both buckets are named."""

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from config import storage_config

S3 = {
    "S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
    "S3_ACCESS_KEY_ID": "key",
    "S3_SECRET_ACCESS_KEY": "secret",
    "S3_REGION": "fr-par",
    "S3_MEDIA_BUCKET": "club-media",
    "S3_PRIVATE_BUCKET": "club-private",
}


def test_without_s3_settings_the_three_storages_are_the_local_folders():
    assert not storage_config.s3_enabled({})
    assert storage_config.media_origins({}) == []
    assert set(storage_config.LOCAL) == {"default", "private", "pdf_cache"}


def test_with_s3_settings_media_are_public_and_private_files_and_pdfs_are_private():
    storages = storage_config.s3_storages(S3)
    media = storages["default"]["OPTIONS"]
    private = storages["private"]["OPTIONS"]
    pdf_cache = storages["pdf_cache"]["OPTIONS"]
    assert (media["bucket_name"], media["default_acl"], media["querystring_auth"]) == (
        "club-media",
        "public-read",
        False,
    )
    assert (private["bucket_name"], private["location"], private["default_acl"]) == (
        "club-private",
        "private",
        "private",
    )
    assert (pdf_cache["bucket_name"], pdf_cache["location"], pdf_cache["default_acl"]) == (
        "club-private",
        "pdf-cache",
        "private",
    )
    assert media["endpoint_url"] == private["endpoint_url"] == S3["S3_ENDPOINT_URL"]
    assert media["region_name"] == "fr-par"
    assert storage_config.media_origins(S3) == ["https://s3.fr-par.scw.cloud"]


def test_a_public_media_base_becomes_the_custom_domain_and_the_csp_origin():
    environ = {**S3, "S3_MEDIA_URL": "https://media.club.example.org/fichiers/"}
    media = storage_config.s3_storages(environ)["default"]["OPTIONS"]
    assert (media["custom_domain"], media["url_protocol"]) == (
        "media.club.example.org/fichiers",
        "https:",
    )
    assert storage_config.media_origins(environ) == ["https://media.club.example.org"]


@pytest.mark.parametrize(
    "environ",
    [
        {"S3_MEDIA_BUCKET": "club-media"},
        {"S3_PRIVATE_BUCKET": "club-private"},
        {"S3_MEDIA_BUCKET": "club", "S3_PRIVATE_BUCKET": "club"},
        {**S3, "S3_MEDIA_URL": "media.example.org"},
    ],
)
def test_incomplete_s3_settings_are_refused(environ):
    with pytest.raises(storage_config.S3SettingsError):
        storage_config.s3_storages(environ)


def test_production_settings_with_s3_variables_name_the_buckets_and_allow_their_images():
    code = (
        "from config import settings as s; "
        "print(s.STORAGES['private']['BACKEND'], s.STORAGES['default']['OPTIONS']['bucket_name'],"
        " s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'][-1])"
    )
    environ = {
        **os.environ,
        **S3,
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "club.example.org",
        "SITE_URL": "https://club.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=environ,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == [
        "config.s3_storage.PrivateS3Storage",
        "club-media",
        "https://s3.fr-par.scw.cloud",
    ]


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-3"])
def test_on_aws_the_csp_allows_the_origin_of_the_urls_the_media_storage_gives(region):
    from urllib.parse import urlsplit

    from storages.backends.s3 import S3Storage

    environ = {
        key: value for key, value in S3.items() if key not in {"S3_ENDPOINT_URL", "S3_MEDIA_URL"}
    }
    environ["S3_REGION"] = region
    options = storage_config.s3_storages(environ)["default"]["OPTIONS"]
    url = urlsplit(S3Storage(**options).url("logos/club.webp"))
    assert f"{url.scheme}://{url.netloc}" in storage_config.media_origins(environ)
