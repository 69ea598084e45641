"""The French catalogue is complete and its compiled .mo matches the .po."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES"


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed")
def test_french_catalogue_is_complete_and_compiled():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(LOCALE / "django.po")],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    stats = result.stderr.strip()
    assert re.fullmatch(r"\d+ translated messages\.", stats), stats
    translated = int(stats.split()[0])
    with (LOCALE / "django.mo").open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    # The .mo holds every message plus the header (plural forms count once per form).
    singular = {key for key in catalog if not isinstance(key, tuple) and key}
    plural = {key[0] for key in catalog if isinstance(key, tuple)}
    assert len(singular | plural) == translated, "run `make messages` to recompile the .mo"
