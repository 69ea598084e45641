"""`make bench`: the portal under load, on PostgreSQL, behind gunicorn (4 workers), on loopback.

1. Fills the `bench` database once (manage.py bench_data: 10,000 initiatives, 2,000 members,
   200 meetings), collects the static files, starts gunicorn with production settings.
2. Measures with `hey` (Debian package), in the same run, a trivial view of the same project
   (the floor) and the real pages: p50, p95, requests/s and the ratio to the floor, measured
   again right before and right after each page (their mean).
3. Counts the queries of each page (Django's test client on the same database), cold (right
   after a change to the content) and warm (as served while nothing changes).
4. Reads the workers' resident memory after the mixed requests.
Prints a table and writes bench-results.json. Bounded: 400 requests per page, 8 at a time.
"""

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "400"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
GOALS = {"queries": 12, "search_p95_ratio": 6.0, "throughput_ratio": 0.25, "rss_mb": 150}


def env(static_root: str) -> dict:
    return {
        **os.environ,
        "DEBUG": "0",
        "DATABASE_URL": DATABASE_URL,
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": static_root,
        "BENCH_FLOOR": "1",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1"),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def manage(environment, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=environment, check=True)


def create_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    admin = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def prepare(environment):
    """Data (once), the benchmark's objects, and a signed-in member's session cookie."""
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import logging

    for name in ("weasyprint", "weasyprint.progress"):
        logging.getLogger(name).setLevel(logging.WARNING)
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.utils import timezone

    from clubs.models import Meeting
    from initiatives.models import Initiative
    from landlords.models import User

    if not Initiative.objects.filter(slug__startswith="bench-").exists():
        started = time.perf_counter()
        manage(environment, "bench_data", "--force")
        print(f"bench_data: {time.perf_counter() - started:.1f} s")
    meeting = Meeting.objects.filter(club__slug="bench").order_by("number").first()
    Meeting.objects.filter(pk=meeting.pk).update(cahier_published_at=timezone.now())
    member = User.objects.filter(email__startswith="bench", is_approved=True).first()
    session = SessionStore()
    session[SESSION_KEY] = str(member.pk)
    # A backend of the project's list: any other and the session would be anonymous.
    session[BACKEND_SESSION_KEY] = "landlords.backends.EmailLoginBackend"
    session[HASH_SESSION_KEY] = member.get_session_auth_hash()
    session.create()
    initiative = Initiative.objects.filter(slug__startswith="bench-", visibility="public").first()
    pages = {
        "floor": ("/bench/floor", False),
        "home": ("/", False),
        "catalogue": ("/initiatives/?q=jardin&theme=jardins-partages&departement=30", False),
        "initiative": (f"/initiatives/{initiative.slug}/", False),
        "meeting": (f"/rencontres/{meeting.pk}/", True),
        "directory": ("/membres/?theme=lien-social", True),
        "cahier (warm)": (f"/rencontres/{meeting.pk}/cahier.pdf", True),
    }
    return pages, session.session_key, member


def query_counts(pages, member) -> dict:
    """Queries of each page for a signed-in member: cold (right after a change to the content:
    every fragment and PDF is built again) and warm (as served while nothing changes)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from config import fragments
    from reports.services import _cache_dir

    client = Client()
    client.force_login(member)
    counts = {}
    for name, (path, _signed_in) in pages.items():
        fragments.content_changed(fragments.CONTENT)  # as after saving an initiative
        for pdf in _cache_dir().glob("*.pdf"):
            pdf.unlink()
        counts[name] = {}
        for state in ("cold", "warm"):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
                b"".join(getattr(response, "streaming_content", [response.content]))
            counts[name][state] = len(queries) if response.status_code == 200 else None
    return counts


def hey(path: str, cookie: str | None) -> dict:
    # Redirects are not followed: a signed-in page answering 302 (to the login) must show.
    command = ["hey", "-n", str(REQUESTS), "-c", str(CONCURRENCY), "-t", "30", "-disable-redirects"]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True
    ).stdout

    def latency(percent):
        found = re.search(rf"\b{percent}% in ([0-9.]+) secs", output)
        return float(found.group(1)) * 1000 if found else None

    rate = re.search(r"Requests/sec:\s+([0-9.]+)", output)
    codes = dict(re.findall(r"\[(\d{3})\]\s+(\d+) responses", output))
    return {
        "p50_ms": latency(50),
        "p95_ms": latency(95),
        "rps": float(rate.group(1)) if rate else None,
        "statuses": codes,
    }


def worker_rss_mb(master_pid: int) -> list[float]:
    children = subprocess.run(
        ["ps", "--ppid", str(master_pid), "-o", "rss="], capture_output=True, text=True, check=True
    ).stdout.split()
    return [round(int(kb) / 1024, 1) for kb in children]


def main():
    if not shutil.which("hey"):
        sys.exit("The benchmark needs `hey`: apt-get install hey")
    create_database()
    static_root = tempfile.mkdtemp(prefix="bench-static-")
    environment = env(static_root)
    manage(environment, "migrate", "-v0")
    manage(environment, "collectstatic", "--noinput", "-v0")
    pages, cookie, member = prepare(environment)
    counts = query_counts(pages, member)
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "config.wsgi",
            "--workers",
            "4",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        results = {}
        floor_path = pages["floor"][0]
        hey(floor_path, None)  # warm every worker
        for name, (path, signed_in) in pages.items():
            hey(path, cookie if signed_in else None)  # warm every worker
            # The floor is measured again right before and right after each page, and the two
            # averaged: this machine's speed drifts by a factor of two within minutes, and a
            # ratio needs both at the same moment.
            before = hey(floor_path, None) if name != "floor" else None
            results[name] = {**hey(path, cookie if signed_in else None), "queries": counts[name]}
            after = hey(floor_path, None) if name != "floor" else None
            statuses = results[name]["statuses"]
            if statuses != {"200": str(REQUESTS)}:
                sys.exit(f"{name}: expected {REQUESTS} answers 200, got {statuses}")
            measured = [before, after] if before else [results[name]]
            floor_rps = sum(floor["rps"] for floor in measured) / len(measured)
            floor_p95 = sum(floor["p95_ms"] for floor in measured) / len(measured)
            results[name]["floor_rps"] = round(floor_rps, 1)
            results[name]["floor_rps_before_after"] = [floor["rps"] for floor in measured]
            results[name]["p95_ratio"] = round(results[name]["p95_ms"] / floor_p95, 2)
            results[name]["throughput_ratio"] = round(results[name]["rps"] / floor_rps, 2)
        rss = worker_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)

    print(
        f"\n{'page':<15}{'queries cold/warm':>18}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}"
        f"{'floor req/s':>12}{'p95/floor':>11}{'rps/floor':>11}"
    )
    for name, result in results.items():
        print(
            f"{name:<15}{'{cold}/{warm}'.format(**result['queries']):>18}"
            f"{result['p50_ms']:>9.1f}{result['p95_ms']:>9.1f}{result['rps']:>9.0f}"
            f"{result['floor_rps']:>12.0f}{result['p95_ratio']:>11.2f}"
            f"{result['throughput_ratio']:>11.2f}"
        )
    sent = REQUESTS * (3 + 4 * (len(pages) - 1))  # warm-ups, floor before and after each page
    print(f"worker RSS after {sent} mixed requests: {rss} MB")
    goals = {
        "queries per page <= 12 (as served, warm)": all(
            (r["queries"]["warm"] or 0) <= GOALS["queries"] for r in results.values()
        ),
        "queries per page <= 12 (cold, after a change)": all(
            (r["queries"]["cold"] or 0) <= GOALS["queries"] for r in results.values()
        ),
        "catalogue p95 <= 6x floor": results["catalogue"]["p95_ratio"] <= GOALS["search_p95_ratio"],
        "throughput >= 0.25x floor": all(
            r["throughput_ratio"] >= GOALS["throughput_ratio"] for r in results.values()
        ),
        "worker RSS < 150 MB": all(value < GOALS["rss_mb"] for value in rss),
    }
    for goal, met in goals.items():
        print(f"{'met   ' if met else 'MISSED'} {goal}")
    Path(ROOT / "bench-results.json").write_text(
        json.dumps({"pages": results, "worker_rss_mb": rss, "goals": goals}, indent=2) + "\n"
    )
    print("written: bench-results.json")


if __name__ == "__main__":
    main()
