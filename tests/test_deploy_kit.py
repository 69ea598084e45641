"""The deployment kit (deploy/): nginx accepts the site as the drill generates it, and the
example environment lists every setting the portal and gunicorn read."""

import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ops"))

import drill_scale  # noqa: E402 — an ops/ script, imported like the drill runs it

READS = re.compile(
    r"""(?:environ\.get|environ\[|env_bool|env_list|env_required)\(?["']([A-Z0-9_]+)"""
)


def settings_read() -> set[str]:
    names = set()
    for module in ("config/settings.py", "config/storage_config.py", "config/gunicorn.py"):
        names |= set(READS.findall((ROOT / module).read_text()))
    return names | {"DATABASE_URL"}  # read by dj_database_url.config()


def test_the_example_environment_lists_every_setting():
    example = (ROOT / "deploy/club.env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z0-9_]+)=", example, flags=re.MULTILINE))
    assert settings_read() - listed == set()


def test_the_systemd_units_read_the_example_environment_file_and_run_gunicorn_and_qcluster():
    web = (ROOT / "deploy/systemd/club-web@.service").read_text()
    worker = (ROOT / "deploy/systemd/club-worker.service").read_text()
    for unit in (web, worker):
        assert "EnvironmentFile=/etc/club/club.env" in unit
        assert "NoNewPrivileges=yes" in unit
        assert "ProtectSystem=strict" in unit
    assert "gunicorn -c python:config.gunicorn config.wsgi" in web
    assert "GUNICORN_BIND=127.0.0.1:%i" in web
    assert "manage.py qcluster" in worker


@pytest.mark.skipif(
    not (shutil.which("nginx") and shutil.which("openssl")), reason="needs Debian's nginx"
)
def test_nginx_accepts_the_site_as_the_drill_runs_it(tmp_path):
    config = drill_scale.write_nginx_config(tmp_path / "nginx", tmp_path / "static")
    drill_scale.nginx_test(config)  # `nginx -t`; raises SystemExit with its errors
    site = (config.parent / "club.conf").read_text()
    assert "limit_req zone=club_signin" in site
    assert "proxy_set_header X-Request-ID" in (config.parent / "club-proxy.conf").read_text()
    # Never a POST sent twice: nginx retries non-idempotent requests only with this flag.
    assert "non_idempotent" not in re.sub(
        r"#.*", "", (config.parent / "club-proxy.conf").read_text()
    )
