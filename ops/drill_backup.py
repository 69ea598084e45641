"""Drill: back up a portal and restore it into an empty database and empty media folders; the
restored portal has the same counts, the same files and the same Cahier digest.

    python ops/drill_backup.py          # make drill-backup (PostgreSQL at 127.0.0.1:5432)
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SERVER = os.environ.get("DRILL_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def run(environment, *args, capture=False):
    return subprocess.run(
        [PYTHON, *args], cwd=ROOT, env=environment, check=True, capture_output=capture, text=True
    )


def fresh_database(name: str) -> str:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{SERVER}/{name}"


def portal(database_url: str, folder: Path) -> dict:
    return {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private-media"),
        "DEMO_PASSWORD": "drill-password",
    }


def inspect() -> None:
    """Print counts of every model, the files and the Cahier digest (run inside a portal)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import hashlib

    import django

    django.setup()
    from django.apps import apps
    from django.conf import settings

    from clubs.models import Meeting
    from reports.services import cahier_data, digest_of

    counts = {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "admin"}
    }
    files = {}
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        for path in sorted(Path(root).rglob("*")):
            if path.is_file() and "pdf-cache" not in path.parts:
                files[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    meeting = Meeting.objects.get(club__slug="paca-corse", number=7)
    digest = digest_of("cahier", cahier_data(meeting, audience="members"))
    print(json.dumps({"counts": counts, "files": files, "cahier": digest}))


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="drill-") as name:
        temporary = Path(name)
        source = portal(fresh_database("drill_source"), temporary / "source")
        run(source, "manage.py", "migrate", "-v0")
        run(source, "manage.py", "load_demo")
        before = json.loads(run(source, __file__, "--inspect", capture=True).stdout)
        run(source, "ops/backup.py", "backup", "--to", str(temporary / "backups"))
        backup = next((temporary / "backups").iterdir())

        target = portal(fresh_database("drill_target"), temporary / "target")
        run(target, "ops/backup.py", "restore", str(backup))
        after = json.loads(run(target, __file__, "--inspect", capture=True).stdout)

    rows = sum(before["counts"].values())
    same_counts = before["counts"] == after["counts"]
    same_files = before["files"] == after["files"]
    same_cahier = before["cahier"] == after["cahier"]
    print(f"rows: {rows} in {len(before['counts'])} tables; files: {len(before['files'])}")
    print(f"{'same' if same_counts else 'DIFFERENT'} counts")
    print(f"{'same' if same_files else 'DIFFERENT'} files")
    print(f"{'same' if same_cahier else 'DIFFERENT'} Cahier digest ({before['cahier'][:12]}…)")
    if not (same_counts and same_files and same_cahier):
        sys.exit(1)


if __name__ == "__main__":
    if "--inspect" in sys.argv:
        inspect()
    else:
        main()
