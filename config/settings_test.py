"""Settings for the test suite: the production settings, with what a test run needs changed.

Kept out of config/settings.py so that no environment variable can weaken production.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SITE_URL", "http://testserver")

from config import storage_config
from config.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PUBLIC_CACHE = False  # pages built afresh; tests/config/test_public_cache.py turns it on
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Local folders whatever S3_* the environment holds (tests/storage/ starts an S3 server).
S3_STORAGE = False
MEDIA_ORIGINS = []
STORAGES = {
    **storage_config.LOCAL,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Jobs run at once, in the process that queues them: django-q2's own execution path (a task
# record is written, as a worker would), without a cluster to start.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}  # noqa: F405
