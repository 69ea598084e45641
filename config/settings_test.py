"""Settings for the test suite: the real settings with TESTING on (fast hashes, locmem mail)."""

import os

os.environ.setdefault("TESTING", "1")

from config.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
