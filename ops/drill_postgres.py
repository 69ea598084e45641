"""Drill: PostgreSQL restarts while the portal writes measurements. Errors happen only during the
outage, no acknowledged write is lost, and the writer recovers by itself: like a web worker, it
closes broken connections between requests (CONN_HEALTH_CHECKS) and reconnects.

    python ops/drill_postgres.py       # part of make drills; restarts the local cluster
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ops"))

from drill_backup import fresh_database, portal, run  # noqa: E402 — ops/ scripts, run directly

DURATION = 20.0


def writer(log_path: str) -> None:
    """Write a measurement every 50 ms for DURATION seconds, as requests would (run inside)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import datetime

    import django

    django.setup()
    from django.db import close_old_connections

    from initiatives.models import Indicator
    from initiatives.services import measurement_add
    from landlords.models import User

    indicator = Indicator.objects.select_related("initiative__lead").first()
    author = User.objects.filter(organisation=indicator.initiative.lead, is_approved=True).first()
    if author is None:
        author = User.objects.filter(is_superuser=True).first()
    started = time.monotonic()
    with open(log_path, "w") as log:  # noqa: PTH123
        while time.monotonic() - started < DURATION:
            close_old_connections()  # what Django does at each request's start and end
            moment = time.time()
            try:
                measurement = measurement_add(
                    actor=author,
                    indicator=indicator,
                    date=datetime.date(2024, 1, 1),
                    value=7,
                    comment=f"drill {moment:.3f}",
                )
            except Exception as error:
                log.write(json.dumps({"t": moment, "error": type(error).__name__}) + "\n")
            else:
                log.write(json.dumps({"t": moment, "ok": measurement.pk}) + "\n")
            log.flush()
            time.sleep(0.05)


def restart_postgres() -> tuple[float, float]:
    version = sorted(path.name for path in Path("/etc/postgresql").iterdir())[-1]
    started = time.time()
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True
    )
    return started, time.time()


def acknowledged_present(environment, ids) -> int:
    script = (
        "import django, json, sys; django.setup(); "
        "from initiatives.models import Measurement; "
        f"print(Measurement.objects.filter(pk__in={sorted(ids)!r}).count())"
    )
    result = run(
        {**environment, "DJANGO_SETTINGS_MODULE": "config.settings"}, "-c", script, capture=True
    )
    return int(result.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="drill-pg-") as name:
        environment = {**portal(fresh_database("drill_pg"), Path(name)), "CONN_MAX_AGE": "60"}
        run(environment, "manage.py", "migrate", "-v0")
        run(environment, "manage.py", "load_demo")
        log_path = str(Path(name) / "writes.jsonl")
        process = subprocess.Popen(
            [sys.executable, __file__, "--writer", log_path], cwd=ROOT, env=environment
        )
        time.sleep(6)
        down, up = restart_postgres()
        process.wait(timeout=DURATION + 60)
        events = [json.loads(line) for line in Path(log_path).read_text().splitlines()]
        ok = [event for event in events if "ok" in event]
        errors = [event for event in events if "error" in event]
        present = acknowledged_present(environment, {event["ok"] for event in ok})

    outside = [e for e in errors if not (down - 0.5 <= e["t"] <= up + 5)]
    recovered = any(event["t"] > up for event in ok)
    print(f"restart took {up - down:.1f} s; {len(ok)} writes acknowledged, {len(errors)} refused")
    print(f"acknowledged and present after the restart: {present} / {len(ok)}")
    print(f"errors outside the outage: {len(outside)}; writes after it: {recovered}")
    if present != len(ok) or outside or not recovered:
        sys.exit(1)
    print("no acknowledged write lost, errors only during the outage, recovered by itself: yes")


if __name__ == "__main__":
    if "--writer" in sys.argv:
        writer(sys.argv[sys.argv.index("--writer") + 1])
    else:
        main()
