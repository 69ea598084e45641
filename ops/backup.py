"""Backups of the portal: the PostgreSQL database (pg_dump, custom format) and the uploaded files
(MEDIA_ROOT and PRIVATE_MEDIA_ROOT, as one tar.gz), in one folder per backup.

    python ops/backup.py backup [--to DIR]         # make backup
    python ops/backup.py restore DIR [--force]     # make restore FROM=DIR

`restore` loads into the database of DATABASE_URL, which must be empty unless --force, and
unpacks the files into the media folders. Settings come from the environment, as for the portal.

With S3 storage (S3_MEDIA_BUCKET, S3_PRIVATE_BUCKET) the files are in the buckets, not in local
folders: only the database is dumped, and the buckets are kept by the storage provider's
versioning and replication (README, "Shared storage").
"""

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def settings():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings as django_settings

    return django_settings


def folders(config) -> list[tuple[str, Path]]:
    return [("media", config.MEDIA_ROOT), ("private-media", config.PRIVATE_MEDIA_ROOT)]


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Backups are for PostgreSQL: set DATABASE_URL=postgres://…")
    return url


def backup(target: Path) -> Path:
    config = settings()
    folder = target / datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True)
    subprocess.run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            f"--file={folder / 'database.dump'}",
            database_url(),
        ],
        check=True,
    )
    if config.S3_STORAGE:
        print("files: in the S3 buckets, kept by their versioning (not archived here)")
        print(f"backup written to {folder}")
        return folder
    with tarfile.open(folder / "files.tar.gz", "w:gz") as archive:
        for name, root in (
            ("media", config.MEDIA_ROOT),
            ("private-media", config.PRIVATE_MEDIA_ROOT),
        ):
            if Path(root).exists():
                archive.add(root, arcname=name)
    print(f"backup written to {folder}")
    return folder


def _is_empty() -> bool:
    from django.db import connection

    return not connection.introspection.table_names()


def restore(source: Path, *, force: bool) -> None:
    config = settings()
    if not (source / "database.dump").exists():
        sys.exit(f"No database.dump in {source}")
    if not _is_empty() and not force:
        sys.exit("The target database is not empty: restore into an empty one, or pass --force.")
    from django.db import connection

    connection.close()
    subprocess.run(
        [
            "pg_restore",
            "--no-owner",
            "--clean",
            "--if-exists",
            "--exit-on-error",
            f"--dbname={database_url()}",
            str(source / "database.dump"),
        ],
        check=True,
    )
    if config.S3_STORAGE or not (source / "files.tar.gz").exists():
        print("files: not restored (S3 storage, or a backup without files.tar.gz)")
        print(f"restored from {source}")
        return
    with tarfile.open(source / "files.tar.gz") as archive:
        for name, root in (
            ("media", config.MEDIA_ROOT),
            ("private-media", config.PRIVATE_MEDIA_ROOT),
        ):
            members = [m for m in archive.getmembers() if m.name.split("/", 1)[0] == name]
            if not members:
                continue
            shutil.rmtree(root, ignore_errors=True)
            staging = Path(str(root) + ".restore")
            shutil.rmtree(staging, ignore_errors=True)
            archive.extractall(staging, members=members, filter="data")
            (staging / name).rename(root)
            shutil.rmtree(staging, ignore_errors=True)
    print(f"restored from {source}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("backup")
    make.add_argument("--to", type=Path, default=ROOT / "backups")
    load = commands.add_parser("restore")
    load.add_argument("source", type=Path)
    load.add_argument("--force", action="store_true")
    arguments = parser.parse_args()
    if arguments.command == "backup":
        backup(arguments.to)
    else:
        restore(arguments.source, force=arguments.force)


if __name__ == "__main__":
    main()
