"""`make bench`: the portal under load, on PostgreSQL, behind gunicorn, on loopback.

1. Two databases, each filled once by `manage.py bench_data` and reused afterwards: `bench`
   (10,000 initiatives) and `bench_100k` (100,000); both with 2,000 members and 200 meetings.
2. Counts the queries of each page with Django's test client on that database, as the visitor the
   page is measured as, with the public cache off; list pages also with one row shown.
3. Four gunicorn runs (4 workers, production settings, 127.0.0.1), Redis database 1 emptied
   before each: the public cache off (`PUBLIC_CACHE=0`) at 10k then 100k, then on
   (`PUBLIC_CACHE=1`) at 10k then 100k. Every worker serves every page once before measuring.
4. Measures each page with `wrk` (Debian package): 16 connections, 2 threads, 1 s of warm-up,
   then 5 s; p50, p95 and req/s. A trivial view of the same project (the floor, `/bench/floor`,
   enabled by BENCH_FLOOR=1) is measured right before and right after each page, and the page is
   compared with the mean of the two: this machine's speed drifts within minutes.
5. Reads each gunicorn worker's resident memory at the end of every run.
Prints a table with PASS/FAIL beside each number and writes bench-results.json.

Environment: BENCH_POSTGRES (server URL, no database), BENCH_REDIS_URL, BENCH_PORT,
BENCH_DURATION, BENCH_WARMUP (whole seconds), BENCH_CONNECTIONS, BENCH_THREADS.
"""

import argparse
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PORT = int(os.environ.get("BENCH_PORT", "8765"))
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1")
DURATION = int(os.environ.get("BENCH_DURATION", "5"))  # wrk takes whole seconds
WARMUP = int(os.environ.get("BENCH_WARMUP", "1"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
WORKERS = 4

# (database, bench_data --scale, label): 1 = 10,000 initiatives.
DATABASES = [("bench", 1, "10k"), ("bench_100k", 10, "100k")]

GOALS = {
    "throughput_ratio_off": 0.08,  # cache off: req/s ≥ 0.08 × the floor's
    "p95_ratio_off": 15.0,  # cache off: p95 ≤ 15 × the floor's p95
    "throughput_ratio_on": 0.5,  # cache on, anonymous public pages: req/s ≥ 0.5 × the floor's
    "catalogue_growth": 1.5,  # catalogue p95 at 100k ≤ 1.5 × its p95 at 10k
    "queries": 12,
    "rss_mb": 150,
    "rss_after_requests": 1000,
}

# wrk's `done` hook: its own numbers as one JSON line (p95 is not in wrk's printed summary).
LUA = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, '
    .. '"non_2xx_3xx": %d, "socket_errors": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
"""


@dataclass
class Page:
    name: str
    path: str
    visitor: str  # "anonymous" or "member"
    few: str | None = None  # a list page's URL showing one row: its queries must be the same
    cached: bool = False  # measured again with the public cache on (anonymous public pages)
    scaled: bool = False  # measured at 100,000 initiatives too


def pages_to_measure(meeting_pk: int) -> list[Page]:
    # bench_data gives initiative n the theme n % 5 (0: jardins-partages), the département
    # 30 + n % 20, and every tenth to members only: département 35 with jardins-partages is
    # n ≡ 5 (mod 20), public (30 would be n ≡ 0, members only: an empty page for the anonymous).
    # Initiative n is titled "… n° n": searching 4245 finds one. bench-00012 has a co-landlord, a
    # partner, an indicator and an application.
    filters = "theme=jardins-partages&departement=35"
    public = {"visitor": "anonymous", "cached": True}
    return [
        Page("home", "/", **public),
        # With "who else works on this near me": initiatives on its themes, nearest first, and
        # members offering the skills its contact seeks; the same in the member's space.
        Page("initiative", "/initiatives/bench-00012/", scaled=True, **public),
        Page("member space", "/espace-membres/", "member", scaled=True),
        Page("meeting", f"/rencontres/{meeting_pk}/", "member"),
        Page("directory", "/membres/", "member", few="/membres/?q=Membre+00001"),
        Page("organisations", "/organismes/", few="/organismes/?q=Bailleur+social+001", **public),
        Page("organisation", "/organismes/bench-bailleur-001/", **public),
        Page("call", "/appels-a-projets/bench-appel/", **public),
        Page("catalogue", "/initiatives/", few="/initiatives/?q=4245", scaled=True, **public),
        Page(
            "catalogue filtered",
            f"/initiatives/?q=jardin&{filters}",
            few=f"/initiatives/?q=4245&{filters}",
            scaled=True,
            **public,
        ),
        # The JSON API's list: 20 initiatives with all their fields. Not behind the public
        # cache (its answers have ETags instead): measured with the cache off only.
        Page(
            "api initiatives",
            "/api/v1/initiatives?page_size=20",
            "anonymous",
            few="/api/v1/initiatives?page_size=20&q=4245",
            scaled=True,
        ),
    ]


def django_env(database: str, *, cache_on: bool, secret_key: str, scratch: str) -> dict:
    flag = "1" if cache_on else "0"
    return {
        **os.environ,
        "DEBUG": "0",
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "SECRET_KEY": secret_key,  # one per run: the member's session must survive the restarts
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SITE_URL": f"http://127.0.0.1:{PORT}",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": f"{scratch}/static",
        "PDF_CACHE_ROOT": f"{scratch}/pdf",
        "BENCH_FLOOR": "1",
        "REDIS_URL": REDIS_URL,
        "PUBLIC_CACHE": flag,
        # wrk asks from one address far faster than any client may: the API's limit is lifted
        # so that what is measured is the answer, not the 429.
        "API_RATE": "100000000/m",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def manage(environment: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=environment, check=True)


def create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def flush_redis() -> None:
    """Nothing cached from the other database or the previous run."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


# --- Inside Django (a subprocess per database: `bench.py --prepare`) -----------------------------


def prepare(scale: float, output: Path) -> None:
    """Fill the database if empty, sign a member in, count each page's queries."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    from clubs.models import Meeting, Registration
    from initiatives.management.commands.bench_data import CALL_SLUG, INITIATIVES_PER_SCALE
    from initiatives.models import CallForProjects, Initiative

    setup_test_environment()  # the test client's response.context: the rows each page shows
    expected = round(scale * INITIATIVES_PER_SCALE)
    loaded = Initiative.objects.filter(slug__startswith="bench-").count()
    fill_s = None
    if loaded == 0:
        print(f"{settings.DATABASES['default']['NAME']}: filling with bench_data --scale {scale}")
        started = time.perf_counter()
        call_command("bench_data", scale=scale, force=True)
        fill_s = round(time.perf_counter() - started, 1)
    elif loaded != expected or not CallForProjects.objects.filter(slug=CALL_SLUG).exists():
        name = settings.DATABASES["default"]["NAME"]
        sys.exit(
            f"{name} holds {loaded} benchmark initiatives (expected {expected}) or no call for "
            f"projects: an older or interrupted fill. Drop it to fill it again: "
            f"dropdb -h 127.0.0.1 -U postgres {name}"
        )
    meeting = Meeting.objects.filter(club__slug="bench").order_by("number").first()
    # The member is registered to the measured meeting and listed in the directory.
    registration = (
        Registration.objects.filter(meeting=meeting, user__directory_consent=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    pages = pages_to_measure(meeting.pk)
    if scale != 1:
        pages = [page for page in pages if page.scaled]
    session_key = sign_in(registration.user)
    counts = {page.name: count_queries(page, session_key) for page in pages}
    cookie = f"{settings.SESSION_COOKIE_NAME}={session_key}"
    output.write_text(
        json.dumps(
            {
                "initiatives": expected,
                "fill_s": fill_s,
                "cookie": cookie,
                "member": registration.user.email,
                "pages": [asdict(page) for page in pages],
                "queries": counts,
            }
        )
    )


def sign_in(member) -> str:
    """A session for the member, as the login form would make it: the project's email backend
    (any backend not in AUTHENTICATION_BACKENDS and the session would be anonymous)."""
    from django.conf import settings
    from django.test import Client

    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if b.endswith("EmailLoginBackend"))
    client = Client()
    client.force_login(member, backend=backend)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def count_queries(page: Page, session_key: str) -> dict:
    """Queries of the page as served (the second request: the session was read once), for many
    rows and, on a list page, for one; and the median time of five requests, one at a time."""
    from django.conf import settings
    from django.core.paginator import Page as Paginated
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def rows(response):
        if response.get("Content-Type", "").startswith("application/json"):
            return len(response.json().get("results", []))  # a page of the API
        for context in response.context or []:
            for value in context.flatten().values():
                if isinstance(value, Paginated):
                    return len(value.object_list)
        return None

    def measure(path):
        client = Client()
        if page.visitor == "member":
            client.cookies[settings.SESSION_COOKIE_NAME] = session_key
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        count = len(queries)  # now: each request clears the connection's log when it starts
        times = []
        for _ in range(5):
            started = time.perf_counter()
            client.get(path)
            times.append(time.perf_counter() - started)
        return {
            "path": path,
            "status": response.status_code,
            "queries": count,
            "rows": rows(response),
            # One request alone, in this process: the page's own cost, without the load.
            "in_process_ms": round(sorted(times)[2] * 1000, 1),
        }

    result = {"many": measure(page.path)}
    if page.few:
        result["one"] = measure(page.few)
    return result


# --- Load --------------------------------------------------------------------------------------


@dataclass
class Load:
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int  # answers other than 2xx/3xx, and socket errors


def wrk(path: str, cookie: str | None, seconds: int, script: str) -> Load:
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "10s",
        "-s",
        script,
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"^BENCH (\{.*\})$", output, re.MULTILINE)
    if not found:
        sys.exit(f"wrk gave no result for {path}:\n{output}")
    raw = json.loads(found.group(1))
    return Load(
        requests=raw["requests"],
        rps=round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        p50_ms=round(raw["p50_us"] / 1000, 2),
        p95_ms=round(raw["p95_us"] / 1000, 2),
        p99_ms=round(raw["p99_us"] / 1000, 2),
        errors=raw["non_2xx_3xx"] + raw["socket_errors"],
    )


def status(path: str, cookie: str | None) -> int:
    """One request, redirects not followed: a member's page answering 302 (to the login) shows,
    where wrk would count it a success."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    connection.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    answer = connection.getresponse()
    answer.read()
    connection.close()
    return answer.status


def load_average() -> float:
    """The machine's 1-minute load: other programs on its CPUs slow a page more than the floor."""
    return float(Path("/proc/loadavg").read_text().split()[0])


def drain() -> None:
    """Wait for the requests wrk left behind: when it stops, up to one per connection are still
    queued in gunicorn, and a slow page's would be served during the next measurement. A request
    that waited its turn behind them returns once they are done."""
    for _ in range(2):
        status("/bench/floor", None)


@dataclass
class Run:
    database: str
    label: str
    cache: str  # "off" or "on"
    pages: list = field(default_factory=list)
    worker_rss_mb: list = field(default_factory=list)
    requests: int = 0


def worker_rss_mb(master_pid: int) -> list[float]:
    children = subprocess.run(
        ["ps", "--ppid", str(master_pid), "-o", "rss="], capture_output=True, text=True, check=True
    ).stdout.split()
    return [round(int(kb) / 1024, 1) for kb in children]


def start_gunicorn(environment: dict) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "config.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=environment,
    )
    for _ in range(150):
        if server.poll() is not None:
            sys.exit("gunicorn stopped at start (see above)")
        try:
            if status("/readyz", None) == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer /readyz within 30 s")


def measure_run(run: Run, pages: list[dict], cookie: str, script: str) -> None:
    """Every page once, then floor, page 1, floor, page 2, floor…: each page beside the floors
    on either side."""

    def load(path, page_cookie):
        warm = wrk(path, page_cookie, WARMUP, script)
        measured = wrk(path, page_cookie, DURATION, script)
        run.requests += warm.requests + measured.requests
        drain()
        return measured

    # Every worker serves every page once before anything is measured: its first requests
    # compile templates, import modules and open a database connection.
    for path, page_cookie in [("/bench/floor", None)] + [
        (page["path"], cookie if page["visitor"] == "member" else None) for page in pages
    ]:
        subprocess.run(
            ["wrk", "-t1", f"-c{WORKERS}", "-d1s", "--timeout", "10s"]
            + (["-H", f"Cookie: {page_cookie}"] if page_cookie else [])
            + [f"http://127.0.0.1:{PORT}{path}"],
            capture_output=True,
            check=True,
        )
        drain()
    floor = load("/bench/floor", None)
    for page in pages:
        page_cookie = cookie if page["visitor"] == "member" else None
        result = {
            **page,
            "status": status(page["path"], page_cookie),
            "load_before": load_average(),
        }
        if result["status"] == 200:
            measured = load(page["path"], page_cookie)
            result["status_after"] = status(page["path"], page_cookie)
            after = load("/bench/floor", None)
            floor_rps = (floor.rps + after.rps) / 2
            floor_p95 = (floor.p95_ms + after.p95_ms) / 2
            result |= {
                **asdict(measured),
                "floor_rps": round(floor_rps, 1),
                "floor_p95_ms": round(floor_p95, 2),
                "floor_before_after": [asdict(floor), asdict(after)],
                "throughput_ratio": round(measured.rps / floor_rps, 4),
                "p95_ratio": round(measured.p95_ms / floor_p95, 2),
                # How much the floor moved while the page was measured: above ~25 %, the
                # machine's load changed and the ratios are rough.
                "floor_drift": round(abs(floor.rps - after.rps) / floor_rps, 2),
                "load_after": load_average(),
            }
            floor = after
        run.pages.append(result)
        print(f"  {run.label} cache {run.cache}: {page['name']}: {describe(result)}", flush=True)


def describe(result: dict) -> str:
    if "rps" not in result:
        return f"status {result['status']}, not measured"
    return (
        f"{result['rps']:.0f} req/s, p95 {result['p95_ms']:.0f} ms, "
        f"{result['throughput_ratio']:.3f}x the floor ({result['floor_rps']:.0f} req/s)"
    )


# --- Goals -------------------------------------------------------------------------------------


def judge(runs: list[Run], prepared: dict) -> list[dict]:
    """Every goal with its value, limit and verdict. A page's verdicts also go in its row
    (`verdicts`), the query counts' in the database's `queries`."""
    goals = []

    def goal(scope, name, value, limit, passed):
        goals.append(
            {"scope": scope, "goal": name, "value": value, "limit": limit, "pass": bool(passed)}
        )
        return bool(passed)

    for run in runs:
        for page in run.pages:
            verdicts = page["verdicts"] = {}
            where = f"{run.label}, cache {run.cache}, {page['name']}"
            answered = (
                "rps" in page
                and page["requests"] > 0
                and page["errors"] == 0
                and page.get("status_after") == 200
            )
            verdicts["answers"] = goal(
                "answers",
                f"{where}: every answer 200",
                page.get("errors", page["status"]),
                0,
                answered,
            )
            if not answered:
                continue
            least = GOALS[f"throughput_ratio_{run.cache}"]
            verdicts["throughput"] = goal(
                "page",
                f"{where}: req/s >= {least}x the floor",
                page["throughput_ratio"],
                least,
                page["throughput_ratio"] >= least,
            )
            if run.cache == "off":
                verdicts["p95"] = goal(
                    "page",
                    f"{where}: p95 <= {GOALS['p95_ratio_off']:g}x the floor's p95",
                    page["p95_ratio"],
                    GOALS["p95_ratio_off"],
                    page["p95_ratio"] <= GOALS["p95_ratio_off"],
                )
    for info in prepared.values():
        for name, counts in info["queries"].items():
            many, one = counts["many"], counts.get("one")
            counts["pass"] = goal(
                "queries",
                f"{info['label']}: {name}: queries <= {GOALS['queries']}",
                many["queries"],
                GOALS["queries"],
                many["status"] == 200 and many["queries"] <= GOALS["queries"],
            )
            if one:
                counts["pass"] &= goal(
                    "queries",
                    f"{info['label']}: {name}: the same queries for {one['rows']} row(s) "
                    f"as for {many['rows']}",
                    [one["queries"], many["queries"]],
                    "equal",
                    one["status"] == 200
                    and one["queries"] == many["queries"]
                    and (one["rows"] or 0) < (many["rows"] or 0),
                )
    by_key = {(r.label, r.cache, p["name"]): p for r in runs for p in r.pages}
    # The two databases are measured a few minutes apart, and the machine's speed drifts by more
    # than 1.5x in that time: each p95 is taken relative to the floor's p95 of its own moment.
    alone = {i["label"]: i["queries"] for i in prepared.values()}
    for name in ("catalogue", "catalogue filtered"):
        small, large = by_key.get(("10k", "off", name)), by_key.get(("100k", "off", name))
        if small and large and small.get("requests") and large.get("requests"):
            growth = round(large["p95_ratio"] / small["p95_ratio"], 2)
            one_by_one = [alone[label][name]["many"]["in_process_ms"] for label in ("100k", "10k")]
            goal(
                "growth",
                f"{name}, cache off: p95 at 100k <= {GOALS['catalogue_growth']}x its p95 at 10k, "
                f"each relative to its floor's p95 ({large['p95_ratio']} / {small['p95_ratio']}; "
                f"raw {large['p95_ms']:.0f} / {small['p95_ms']:.0f} ms; one request alone "
                f"{one_by_one[0]:.0f} / {one_by_one[1]:.0f} ms)",
                growth,
                GOALS["catalogue_growth"],
                growth <= GOALS["catalogue_growth"],
            )
    rss = max((value for run in runs for value in run.worker_rss_mb), default=None)
    fewest = min((run.requests for run in runs), default=0)
    goal(
        "rss",
        f"worker RSS < {GOALS['rss_mb']} MB (the largest worker at the end of any run; "
        f"each run served >= {GOALS['rss_after_requests']} requests, the fewest {fewest})",
        rss,
        GOALS["rss_mb"],
        rss is not None and rss < GOALS["rss_mb"] and fewest >= GOALS["rss_after_requests"],
    )
    return goals


def mark(passed: bool | None) -> str:
    return "" if passed is None else (" PASS" if passed else " FAIL")


def print_table(runs: list[Run], prepared: dict) -> None:
    header = (
        f"{'db':<5}{'cache':<6}{'page':<19}{'visitor':<10}{'queries':>13}{'alone':>7}"
        f"{'p50':>8}{'p95':>8}{'req/s':>8}{'floor/s':>8}{'flr p95':>8}"
        f"{'req/s÷floor':>17}{'p95÷floor p95':>17}{'drift':>6}{'load':>6}"
    )
    print("\n" + header + "\n" + "-" * len(header))
    for run in runs:
        counts = next(i for i in prepared.values() if i["label"] == run.label)["queries"]
        for page in run.pages:
            verdicts = page.get("verdicts", {})
            queries = alone = ""
            if run.cache == "off":
                count = counts[page["name"]]
                queries = "/".join(
                    str(c["queries"]) for c in (count["many"], count.get("one")) if c
                )
                queries += mark(count.get("pass"))
                alone = f"{count['many']['in_process_ms']:.0f}"
            line = (
                f"{run.label:<5}{run.cache:<6}{page['name']:<19}{page['visitor']:<10}"
                f"{queries:>13}{alone:>7}"
            )
            if "rps" not in page:
                print(f"{line}  answered {page['status']}: not measured FAIL")
                continue
            ratio = f"{page['throughput_ratio']:.3f}{mark(verdicts.get('throughput'))}"
            p95 = f"{page['p95_ratio']:.1f}{mark(verdicts.get('p95'))}" if "p95" in verdicts else ""
            errors = "" if verdicts.get("answers") else f"  {page['errors']} errors FAIL"
            print(
                f"{line}{page['p50_ms']:>8.1f}{page['p95_ms']:>8.1f}{page['rps']:>8.1f}"
                f"{page['floor_rps']:>8.0f}{page['floor_p95_ms']:>8.1f}{ratio:>17}{p95:>17}"
                f"{page['floor_drift']:>6.0%}{page['load_after']:>6.1f}{errors}"
            )
    print(
        "queries: as served, many rows/one row (list pages); alone: ms for one request in the "
        "test client; p50, p95 in ms; floor: /bench/floor before and after, averaged; drift: how "
        "far apart those two floors were; load: the machine's 1-minute load average after"
    )


def report(runs: list[Run], prepared: dict, elapsed: float) -> None:
    """The table and the goals on the terminal, everything in bench-results.json."""
    goals = judge(runs, prepared)
    print_table(runs, prepared)
    print()
    for run in runs:
        print(
            f"{run.label} cache {run.cache}: worker RSS {run.worker_rss_mb} MB "
            f"after {run.requests} requests"
        )
    print("\ngoals not in the table:")
    for item in goals:
        if item["scope"] in {"growth", "rss"} or (item["scope"] == "answers" and not item["pass"]):
            print(f"  {'PASS' if item['pass'] else 'FAIL'}  {item['goal']}: {item['value']}")
    fills = {i["label"]: i["fill_s"] for i in prepared.values()}
    print(f"\nfills in s (None: reused): {fills}; the whole run: {elapsed:.0f} s")
    passed = sum(item["pass"] for item in goals)
    print(f"{passed} of {len(goals)} goals met")
    results = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "duration_s": elapsed,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "load": {
            "tool": "wrk",
            "connections": CONNECTIONS,
            "threads": THREADS,
            "warmup_s": WARMUP,
            "duration_s": DURATION,
            "gunicorn_workers": WORKERS,
        },
        "goal_limits": GOALS,
        "databases": {
            database: {k: info[k] for k in ("label", "initiatives", "fill_s", "member", "queries")}
            for database, info in prepared.items()
        },
        "runs": [asdict(run) for run in runs],
        "goals": goals,
        "passed": passed == len(goals),
    }
    (ROOT / "bench-results.json").write_text(json.dumps(results, indent=2) + "\n")
    print("written: bench-results.json")


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("The benchmark needs `wrk` (Debian package): apt-get install wrk")
    started = time.perf_counter()
    if load_average() > (os.cpu_count() or 1):
        print(
            f"warning: the machine is busy (load {load_average()} on {os.cpu_count()} CPUs): "
            "the pages will lose more to it than the floor",
            flush=True,
        )
    secret_key = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50)
    scratch = tempfile.mkdtemp(prefix="bench-")
    script = f"{scratch}/done.lua"
    Path(script).write_text(LUA)
    runs: list[Run] = []
    prepared = {}
    try:
        for index, (database, scale, label) in enumerate(DATABASES):
            create_database(database)
            environment = django_env(
                database, cache_on=False, secret_key=secret_key, scratch=scratch
            )
            manage(environment, "migrate", "-v0")
            if index == 0:
                manage(environment, "collectstatic", "--noinput", "-v0")
            output = Path(scratch) / f"{database}.json"
            subprocess.run(
                [PYTHON, __file__, "--prepare", str(scale), str(output)],
                cwd=ROOT,
                env=environment,
                check=True,
            )
            prepared[database] = {**json.loads(output.read_text()), "label": label}
            for name, counts in prepared[database]["queries"].items():
                shown = ", ".join(
                    f"{c['queries']} queries for {c['rows']} rows" for c in counts.values()
                )
                print(f"  {label} {name}: {shown}", flush=True)
        # Cache off on both databases first, the 10k run ending with the catalogue: the two
        # catalogues are compared, and measured closest in time.
        for cache_on in (False, True):
            for database, _scale, label in DATABASES:
                info = prepared[database]
                run = Run(database, label, "on" if cache_on else "off")
                pages = [p for p in info["pages"] if p["cached"] or not cache_on]
                flush_redis()
                environment = django_env(
                    database, cache_on=cache_on, secret_key=secret_key, scratch=scratch
                )
                server = start_gunicorn(environment)
                try:
                    measure_run(run, pages, info["cookie"], script)
                    run.worker_rss_mb = worker_rss_mb(server.pid)
                finally:
                    server.terminate()
                    server.wait(timeout=30)
                runs.append(run)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    elapsed = round(time.perf_counter() - started, 1)
    report(runs, prepared, elapsed)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prepare", nargs=2, metavar=("SCALE", "OUTPUT"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.prepare:
        sys.path.insert(0, str(ROOT))
        prepare(float(arguments.prepare[0]), Path(arguments.prepare[1]))
    else:
        main()
