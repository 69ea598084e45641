"""Drill: two gunicorn nodes behind nginx, sharing only PostgreSQL, Redis and S3 storage.

Starts moto's S3 server, a fresh PostgreSQL database, Redis (one database number), two nodes
with their own local folders and Debian's nginx with the kit's site (deploy/nginx/), then:

1. a member signed in through nginx is signed in on each node;
2. a file uploaded through node A is served through node B;
3. a Cahier built on node A is served by node B without being built again;
4. under a bounded load of reads and writes through nginx, node A is killed (SIGKILL) and
   restarted: only requests in flight on A fail, no acknowledged write is lost, the load goes
   on through B.

Prints the numbers, exits 1 when a check fails, and stops everything it started.

    make drill-scale
"""

import contextlib
import hashlib
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "ops"))

from drill_backup import fresh_database  # noqa: E402 — ops/ scripts, run directly

PYTHON = sys.executable
BIN = Path(PYTHON).parent
HOST = "127.0.0.1"
HTTP_PORT, HTTPS_PORT = 18080, 18443
NODE_PORTS = {"A": 18081, "B": 18082}
S3_PORT = 18090
REDIS_URL = os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/13")
DATABASE = "drill_scale"
PASSWORD = "drill-scale-password"  # noqa: S105 — the drill's throwaway demo accounts
MEDIA_BUCKET, PRIVATE_BUCKET = "drill-media", "drill-private"
# moto's server takes any key; these exist only in the drill.
S3_KEYS = {"aws_access_key_id": "drill", "aws_secret_access_key": "drill-" + "secret"}
LOAD_SECONDS = 24.0
LOAD_THREADS = 6
KILL_AFTER = 6.0  # seconds into the load
RESTART_AFTER = 4.0  # seconds after the kill
MEMBER = "isabelle.domas@example.org"


# --- Processes -------------------------------------------------------------------------------


class Processes:
    """Everything the drill starts, each in its own process group, stopped by pid at the end."""

    def __init__(self):
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, args: list[str], environment: dict, log: Path) -> subprocess.Popen:
        with log.open("ab") as output:
            process = subprocess.Popen(
                args,
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: a node's master and workers together
            )
        self.running[name] = process
        return process

    def kill(self, name: str, sig=signal.SIGKILL) -> None:
        process = self.running.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.running):
            process = self.running.pop(name)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)


def wait_until(check, what: str, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, http.client.HTTPException):
            if check():
                return
        time.sleep(0.2)
    raise SystemExit(f"{what} did not come up within {seconds:.0f} s")


# --- HTTP ------------------------------------------------------------------------------------


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Client:
    """One browser: through nginx over HTTPS, or straight to a node as nginx would talk to it."""

    port: int
    tls: bool = False
    cookies: dict = field(default_factory=dict)

    def request(self, method, path, *, body=None, headers=None, timeout=60.0) -> Answer:
        if self.tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE  # the drill's self-signed certificate
            connection = http.client.HTTPSConnection(
                HOST, self.port, timeout=timeout, context=context
            )
        else:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=timeout)
        sent = {"Host": HOST, "Referer": f"https://{HOST}:{HTTPS_PORT}/", **(headers or {})}
        if not self.tls:  # what nginx adds (deploy/nginx/club-proxy.conf)
            sent.update({"X-Forwarded-Proto": "https", "X-Forwarded-For": HOST})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return Answer(response.status, response.headers, content, time.monotonic() - started)

    def get(self, path, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path, fields, files=None, **kwargs) -> Answer:
        if files:
            boundary = uuid.uuid4().hex
            body = multipart(boundary, fields, files)
            content_type = f"multipart/form-data; boundary={boundary}"
        else:
            body = urlencode(fields, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        headers = {"Content-Type": content_type, **kwargs.pop("headers", {})}
        return self.request("POST", path, body=body, headers=headers, **kwargs)


def multipart(boundary: str, fields: list[tuple[str, str]], files: dict) -> bytes:
    parts = []
    for name, value in fields:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


class FormReader(HTMLParser):
    """The fields of the first form on a page with a CSRF token, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.inside = False
        self.done = False
        self.select: str | None = None
        self.textarea: str | None = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if self.done:
            return
        if tag == "form" and attributes.get("method", "").lower() == "post":
            self.inside, self.fields = True, []
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self.fields.append((name, attributes.get("value", "on")))
            elif kind not in {"file", "submit", "button"}:
                self.fields.append((name, attributes.get("value") or ""))
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and "selected" in attributes:
            self.fields.append((self.select, attributes.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""

    def handle_data(self, data):
        if self.textarea:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text.lstrip("\n")))
            self.textarea = None
        elif tag == "form" and self.inside:
            self.inside = False
            self.done = any(name == "csrfmiddlewaretoken" for name, _ in self.fields)


def form_fields(html: str) -> list[tuple[str, str]]:
    reader = FormReader()
    reader.feed(html)
    if not reader.done:
        raise SystemExit("no form with a CSRF token on the page")
    return reader.fields


def replace(fields, **values) -> list[tuple[str, str]]:
    kept = [(name, value) for name, value in fields if name not in values]
    for name, value in values.items():
        for item in value if isinstance(value, list) else [value]:
            kept.append((name, str(item)))
    return kept


def sign_in(client: Client, email: str) -> None:
    page = client.get("/comptes/login/")
    fields = replace(form_fields(page.text), login=email, password=PASSWORD)
    answer = client.post("/comptes/login/", fields)
    if answer.status != 302 or "sessionid" not in client.cookies:
        raise SystemExit(f"sign-in of {email} failed: {answer.status}")


# --- The stack -------------------------------------------------------------------------------


def portal_environment(folder: Path, database_url: str) -> dict:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "S3_"))},
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SITE_URL": f"https://{HOST}:{HTTPS_PORT}",
        "CSRF_TRUSTED_ORIGINS": f"https://{HOST}:{HTTPS_PORT}",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "TRUST_X_FORWARDED_PROTO": "1",
        "TRUSTED_PROXY_COUNT": "1",
        "STATIC_ROOT": str(folder / "static"),
        "DEMO_PASSWORD": PASSWORD,
        "LOG_FORMAT": "json",
        "PDF_BUILD_RATE": "1000/m",
        "GUNICORN_WORKERS": "2",
    }
    environment.update(
        S3_ENDPOINT_URL=f"http://{HOST}:{S3_PORT}",
        S3_ACCESS_KEY_ID=S3_KEYS["aws_access_key_id"],
        S3_SECRET_ACCESS_KEY=S3_KEYS["aws_secret_access_key"],
        S3_REGION="us-east-1",
        S3_MEDIA_BUCKET=MEDIA_BUCKET,
        S3_PRIVATE_BUCKET=PRIVATE_BUCKET,
    )
    return environment


def node_environment(base: dict, folder: Path, name: str) -> dict:
    local = folder / f"node-{name}"
    return {
        **base,
        "GUNICORN_BIND": f"{HOST}:{NODE_PORTS[name]}",
        "MEDIA_ROOT": str(local / "media"),
        "PRIVATE_MEDIA_ROOT": str(local / "private-media"),
        "PDF_CACHE_ROOT": str(local / "pdf-cache"),
        "DRAIN_FILE": str(local / "drain"),
    }


def manage(environment: dict, *args: str, capture=False) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


def inside(environment: dict, *args: str) -> str:
    """The last line this script prints when run with ``args`` in a portal's environment."""
    result = subprocess.run(
        [PYTHON, __file__, *args],
        cwd=ROOT,
        env=environment,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def start_node(processes: Processes, environment: dict, folder: Path, name: str) -> None:
    processes.start(
        f"node-{name}",
        [str(BIN / "gunicorn"), "-c", "python:config.gunicorn", "config.wsgi"],
        environment,
        folder / f"node-{name}.log",
    )
    node = Client(NODE_PORTS[name])
    wait_until(lambda: node.get("/readyz", timeout=2).status == 200, f"node {name}")


# Exact texts of deploy/nginx/club.conf and what the drill puts instead: the drill fails when
# the site file changes under it rather than testing something else.
def nginx_site(folder: Path, static_root: Path) -> str:
    site = (ROOT / "deploy/nginx/club.conf").read_text()
    replacements = {
        "    listen 80;\n": f"    listen {HOST}:{HTTP_PORT};\n",
        "    listen [::]:80;\n": "",
        "    listen 443 ssl http2;": f"    listen {HOST}:{HTTPS_PORT} ssl http2;",
        "    listen [::]:443 ssl http2;\n": "",
        "server 127.0.0.1:8001 ": f"server {HOST}:{NODE_PORTS['A']} ",
        "server 127.0.0.1:8002 ": f"server {HOST}:{NODE_PORTS['B']} ",
        "/etc/letsencrypt/live/club.arhlm.org/fullchain.pem": str(folder / "tls.crt"),
        "/etc/letsencrypt/live/club.arhlm.org/privkey.pem": str(folder / "tls.key"),
        "/var/log/nginx/club.access.log": str(folder / "access.log"),
        "/srv/club/staticfiles/": f"{static_root}/",
        "/srv/club/media/": f"{folder / 'no-local-media'}/",
    }
    for old, new in replacements.items():
        if old not in site:
            raise SystemExit(f"deploy/nginx/club.conf no longer has {old.strip()!r}")
        site = site.replace(old, new)
    return site


def write_nginx_config(folder: Path, static_root: Path) -> Path:
    """A whole nginx.conf around the kit's site, in a prefix folder of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "no-local-media").mkdir(exist_ok=True)
    shutil.copy(ROOT / "deploy/nginx/club-proxy.conf", folder / "club-proxy.conf")
    shutil.copy("/etc/nginx/mime.types", folder / "mime.types")
    (folder / "club.conf").write_text(nginx_site(folder, static_root))
    if not (folder / "tls.crt").exists():
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                f"/CN={HOST}",
                "-keyout",
                str(folder / "tls.key"),
                "-out",
                str(folder / "tls.crt"),
            ],
            check=True,
            capture_output=True,
        )
    user = "user root;\n" if os.geteuid() == 0 else ""  # the drill's folders are its own
    config = folder / "nginx.conf"
    config.write_text(
        f"{user}worker_processes 1;\npid {folder / 'nginx.pid'};\n"
        f"error_log {folder / 'error.log'} warn;\n"
        "events { worker_connections 256; }\n"
        "http {\n"
        "    include mime.types;\n    default_type application/octet-stream;\n"
        f"    client_body_temp_path {folder / 'body'};\n"
        f"    proxy_temp_path {folder / 'proxy'};\n"
        f"    fastcgi_temp_path {folder / 'fastcgi'};\n"
        f"    uwsgi_temp_path {folder / 'uwsgi'};\n"
        f"    scgi_temp_path {folder / 'scgi'};\n"
        "    include club.conf;\n"
        "}\n"
    )
    return config


def nginx_test(config: Path) -> None:
    result = subprocess.run(
        ["nginx", "-t", "-p", str(config.parent), "-c", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"nginx -t failed:\n{result.stderr}")


def s3_client():
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=f"http://{HOST}:{S3_PORT}",
        **S3_KEYS,
        region_name="us-east-1",
    )


def s3_objects() -> dict[str, tuple]:
    """Every object of the drill's buckets: (bucket, key) -> (size, ETag, LastModified)."""
    client = s3_client()
    objects = {}
    for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                objects[f"{bucket}/{item['Key']}"] = (
                    item["Size"],
                    item["ETag"],
                    item["LastModified"].isoformat(),
                )
    return objects


# --- Facts from the database -----------------------------------------------------------------


def facts() -> None:
    """The objects the checks use (run inside a portal, prints JSON)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db.models import Exists, OuterRef

    from clubs.models import Meeting
    from initiatives.models import Indicator
    from landlords.models import User

    member = User.objects.get(email=MEMBER)
    # The writes: measurements of an initiative, by a member of its lead organisation.
    writers = User.objects.filter(is_approved=True, organisation=OuterRef("initiative__lead"))
    indicator = (
        Indicator.objects.filter(Exists(writers))
        .select_related("initiative__lead")
        .order_by("pk")
        .first()
    )
    writer = User.objects.filter(is_approved=True, organisation=indicator.initiative.lead).first()
    meeting = Meeting.objects.filter(cahier_published_at__isnull=False).order_by("-date").first()
    print(
        json.dumps(
            {
                "storages": ", ".join(
                    f"{alias} {conf['BACKEND'].rsplit('.', 1)[-1]}"
                    for alias, conf in settings.STORAGES.items()
                ),
                "member_name": member.full_name,
                "initiative": indicator.initiative.slug,
                "indicator": indicator.pk,
                "writer": writer.email,
                "meeting": meeting.pk,
            }
        )
    )


def acknowledged(marker: str) -> None:
    """The comments of the drill's measurements found in the database (prints JSON)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from initiatives.models import Measurement

    comments = Measurement.objects.filter(comment__startswith=marker)
    print(json.dumps(sorted(comments.values_list("comment", flat=True))))


# --- The checks ------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    passed: bool
    detail: str


def check_session(member_name: str) -> tuple[Result, Client]:
    browser = Client(HTTPS_PORT, tls=True)
    sign_in(browser, MEMBER)
    seen = {}
    for name, port in NODE_PORTS.items():
        node = Client(port, cookies=dict(browser.cookies))
        answer = node.get("/espace-membres/")
        seen[name] = answer.status == 200 and member_name in answer.text
    detail = ", ".join(f"node {name}: {'signed in' if ok else 'NOT'}" for name, ok in seen.items())
    return Result("session on both nodes", all(seen.values()), detail), browser


def pdf_bytes(text: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<h1>Drill</h1><p>{text}</p>").write_pdf()


def local_files(root: Path) -> int:
    return sum(1 for path in root.rglob("*") if path.is_file()) if root.exists() else 0


def fetch_download(client: Client, path: str) -> tuple[Answer, str]:
    """A download through a node: streamed by it, or a redirect to a signed URL followed."""
    answer = client.get(path)
    if answer.status not in {301, 302, 303, 307}:
        return answer, "streamed by the node"
    location = urlsplit(answer.headers["Location"])
    storage = http.client.HTTPConnection(location.hostname, location.port or 80, timeout=30)
    storage.request("GET", location.path + (f"?{location.query}" if location.query else ""))
    response = storage.getresponse()
    return Answer(response.status, response.headers, response.read(), 0.0), "a signed URL"


def check_upload(browser: Client, folder: Path) -> Result:
    """A toolbox file uploaded through node A, downloaded through node B."""
    node_a = Client(NODE_PORTS["A"], cookies=dict(browser.cookies))
    title = f"Drill {uuid.uuid4().hex[:8]}"
    content = pdf_bytes(title)
    page = node_a.get("/boite-a-outils/ajouter/")
    fields = replace(
        form_fields(page.text),
        title=title,
        kind="file",
        description="Uploaded on node A by the drill.",
        visibility="members",
    )
    answer = node_a.post(
        "/boite-a-outils/ajouter/",
        fields,
        files={"file": ("drill.pdf", content, "application/pdf")},
    )
    if answer.status != 302:
        return Result("upload on A, served by B", False, f"upload answered {answer.status}")
    node_b = Client(NODE_PORTS["B"], cookies=dict(browser.cookies))
    toolbox = node_b.get("/boite-a-outils/").text
    block = toolbox[toolbox.find(title) :]
    match = re.search(r'href="(/boite-a-outils/(\d+)/telecharger/)"', block)
    if not match:
        return Result("upload on A, served by B", False, "the resource is not listed on B")
    # The portal rewrites a PDF on upload (initiatives/documents.py, _clean_pdf): what A serves
    # is the stored file, and B must serve the same bytes, with nothing in its own folders.
    on_a, _ = fetch_download(node_a, match.group(1))
    on_b, how = fetch_download(node_b, match.group(1))
    same = on_a.status == on_b.status == 200 and on_a.body == on_b.body
    same = same and on_b.body.startswith(b"%PDF") and not local_files(folder / "node-B")
    digest = hashlib.sha256(on_b.body).hexdigest()[:12]
    detail = (
        f"{len(content)} bytes uploaded on A, stored as {len(on_a.body)} bytes; B: {on_b.status}, "
        f"{how}, {'the same bytes' if same else 'DIFFERENT'} (sha256 {digest}…); B's local "
        f"folders: {local_files(folder / 'node-B')} files"
    )
    return Result("upload on A, served by B", same, detail)


def check_pdf(browser: Client, meeting: int, folder: Path) -> Result:
    path = f"/rencontres/{meeting}/cahier.pdf"
    node_a = Client(NODE_PORTS["A"], cookies=dict(browser.cookies))
    node_b = Client(NODE_PORTS["B"], cookies=dict(browser.cookies))
    first = node_a.get(path, timeout=120)
    before = s3_objects()
    second = node_b.get(path, timeout=120)
    after = s3_objects()
    b_cache = folder / "node-B" / "pdf-cache"
    b_built = list(b_cache.rglob("*.pdf")) if b_cache.exists() else []
    unchanged = before == after
    same = first.status == second.status == 200 and first.body == second.body
    # The proof: B wrote nothing (every object's size, ETag and time unchanged, nothing in B's
    # own folder); B's time, without WeasyPrint, is only a hint on a busy machine.
    passed = same and unchanged and not b_built and second.seconds < first.seconds
    detail = (
        f"built on A in {first.seconds:.2f} s ({len(first.body)} bytes); served by B in "
        f"{second.seconds:.3f} s, {'same bytes' if same else 'DIFFERENT'}; shared storage "
        f"{'unchanged' if unchanged else 'WRITTEN'} by B ({len(after)} objects); "
        f"B's local PDF folder: {len(b_built)} files"
    )
    return Result("Cahier built on A, reused on B", passed, detail)


@dataclass
class Outcome:
    kind: str
    started: float
    ended: float
    status: int | None
    upstream: str = ""
    marker: str = ""
    error: str = ""


def load(
    *, f: dict, processes: Processes, environments: dict, folder: Path, marker: str
) -> tuple[list[Outcome], float, float, float]:
    """Threads reading pages and adding measurements through nginx while A dies and returns."""
    reads = [
        "/",
        "/initiatives/",
        f"/rencontres/{f['meeting']}/",
        "/boite-a-outils/",
        "/espace-membres/",
        f"/initiatives/{f['initiative']}/",
    ]
    write_path = f"/initiatives/{f['initiative']}/indicateurs/{f['indicator']}/mesures/"
    browser = Client(HTTPS_PORT, tls=True)  # the writer's browser, its session for every thread
    sign_in(browser, f["writer"])
    token = form_fields(
        Client(HTTPS_PORT, tls=True, cookies=dict(browser.cookies)).get(write_path).text
    )
    csrf = dict(token)["csrfmiddlewaretoken"]
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    start = time.monotonic()
    stop = start + LOAD_SECONDS
    counter = iter(range(10**9))

    def one(client: Client, n: int) -> tuple[str, str, Answer]:
        headers = {"X-Request-ID": f"drill-{n}"}
        if n % 3 == 0:  # a write: a measurement whose comment names it
            value = f"{marker}-{n}"
            fields = [
                ("csrfmiddlewaretoken", csrf),
                ("date", "2024-06-01"),
                ("value", str(n)),
                ("comment", value),
            ]
            return "write", value, client.post(write_path, fields, headers=headers, timeout=30)
        return "read", "", client.get(reads[n % len(reads)], headers=headers, timeout=30)

    def worker():
        client = Client(HTTPS_PORT, tls=True, cookies=dict(browser.cookies))
        while time.monotonic() < stop:
            n = next(counter)
            request_id = f"drill-{n}"
            began = time.monotonic()
            kind, value = ("write", f"{marker}-{n}") if n % 3 == 0 else ("read", "")
            try:
                kind, value, answer = one(client, n)
                expected = 302 if kind == "write" else 200
                outcome = Outcome(
                    kind,
                    began,
                    time.monotonic(),
                    answer.status,
                    marker=value,
                    error="" if answer.status == expected else f"HTTP {answer.status}",
                )
            except (OSError, http.client.HTTPException) as error:
                outcome = Outcome(
                    kind, began, time.monotonic(), None, marker=value, error=type(error).__name__
                )
            outcome.upstream = request_id
            with lock:
                outcomes.append(outcome)

    threads = [threading.Thread(target=worker) for _ in range(LOAD_THREADS)]
    for thread in threads:
        thread.start()
    time.sleep(KILL_AFTER)
    killed = time.monotonic()
    processes.kill("node-A")  # SIGKILL to the master and its workers at once
    time.sleep(RESTART_AFTER)
    start_node(processes, environments["A"], folder, "A")
    back = time.monotonic()
    for thread in threads:
        thread.join()
    return outcomes, start, killed, back


def upstreams(access_log: Path) -> dict[str, list[str]]:
    """request id -> the nodes nginx tried, in order (the last one answered)."""
    found = {}
    for line in access_log.read_text().splitlines():
        with contextlib.suppress(ValueError):
            entry = json.loads(line)
            found[entry["request_id"]] = [node.strip() for node in entry["upstream"].split(",")]
    return found


def check_load(*, outcomes, start, killed, back, environment, marker, access_log) -> Result:
    nodes = {f"{HOST}:{port}": name for name, port in NODE_PORTS.items()}
    tried = upstreams(access_log)
    retried = sum(1 for o in outcomes if len(tried.get(o.upstream, [])) > 1)
    for outcome in outcomes:
        outcome.upstream = nodes.get((tried.get(outcome.upstream) or ["?"])[-1], "?")
    failed = [o for o in outcomes if o.error]
    # In flight on A when it died: started before the kill, ended after it.
    in_flight = [o for o in failed if o.started <= killed <= o.ended + 0.05]
    other = [o for o in failed if o not in in_flight]
    writes = [o for o in outcomes if o.kind == "write" and not o.error]
    present = set(json.loads(inside(environment, "--acknowledged", marker)))
    lost = [o.marker for o in writes if o.marker not in present]
    during = [o for o in outcomes if killed < o.started < back and not o.error]
    by_b_during = sum(1 for o in during if o.upstream == "B")
    after = [o for o in outcomes if o.started > back]
    by_node = {name: sum(1 for o in outcomes if o.upstream == name) for name in ("A", "B")}
    window = (max((o.ended for o in failed), default=killed) - killed) if failed else 0.0
    print(
        f"    requests: {len(outcomes)} in {LOAD_SECONDS:.0f} s by {LOAD_THREADS} threads "
        f"({sum(o.kind == 'read' for o in outcomes)} reads, "
        f"{sum(o.kind == 'write' for o in outcomes)} writes); answered by A {by_node['A']}, "
        f"by B {by_node['B']}"
    )
    print(
        f"    node A killed at {killed - start:.1f} s, ready again at {back - start:.1f} s "
        f"(down {back - killed:.1f} s); during that time {len(during)} requests answered, "
        f"{by_b_during} by B; after it {len(after)} requests, "
        f"{sum(1 for o in after if not o.error)} answered"
    )
    print(
        f"    failures: {len(failed)} ({len(in_flight)} in flight on A at the kill, "
        f"{len(other)} other): "
        + (", ".join(sorted({f"{o.kind} {o.error}" for o in failed})) or "none")
    )
    print(
        f"    retried by nginx on the other node (idempotent, in flight on A or refused): "
        f"{retried}; failed requests' window after the kill: {window:.2f} s"
    )
    print(
        f"    acknowledged writes: {len(writes)}, found in the database: "
        f"{len(writes) - len(lost)}, lost: {len(lost)}"
    )
    passed = not other and not lost and by_b_during > 0 and writes and after
    detail = (
        f"{len(outcomes)} requests, {len(failed)} failed (all in flight on A: "
        f"{'yes' if not other else 'NO'}), {len(writes)} writes acknowledged, "
        f"{len(lost)} lost"
    )
    return Result("node A killed under load", bool(passed), detail)


# --- Main ------------------------------------------------------------------------------------


def start_stack(processes: Processes, folder: Path) -> tuple[dict, dict]:
    """S3, a fresh database with the demo data, the two nodes and nginx; the nodes'
    environments and the facts the checks use."""
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    processes.start(
        "s3",
        [str(BIN / "moto_server"), "-H", HOST, "-p", str(S3_PORT)],
        dict(os.environ),
        folder / "s3.log",
    )
    wait_until(lambda: Client(S3_PORT).get("/").status < 500, "moto's S3 server")
    for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
        s3_client().create_bucket(Bucket=bucket)

    base = portal_environment(folder, fresh_database(DATABASE))
    environments = {name: node_environment(base, folder, name) for name in NODE_PORTS}
    started = time.monotonic()
    manage(environments["A"], "migrate", "--noinput", "-v0")
    manage(environments["A"], "places_sync", "-v0", capture=True)
    manage(environments["A"], "load_demo", "--force", capture=True)
    manage(environments["A"], "collectstatic", "--noinput", "-v0")
    facts_found = json.loads(inside(environments["A"], "--facts"))
    print(
        f"  prepared: migrate, communes, demo data, collectstatic in "
        f"{time.monotonic() - started:.0f} s; storages: {facts_found['storages']}"
    )

    for name in NODE_PORTS:
        start_node(processes, environments[name], folder, name)
    config = write_nginx_config(folder / "nginx", Path(base["STATIC_ROOT"]))
    nginx_test(config)
    processes.start(
        "nginx",
        ["nginx", "-p", str(config.parent), "-c", str(config), "-g", "daemon off;"],
        dict(os.environ),
        folder / "nginx.log",
    )
    through = Client(HTTPS_PORT, tls=True)
    wait_until(lambda: through.get("/readyz", timeout=2).status == 200, "nginx")
    answer = through.get("/readyz", headers={"X-Request-ID": "drill-echo"})
    print(
        f"  nginx -t: ok; /readyz through nginx: {answer.status}, X-Request-ID "
        f"{answer.headers.get('X-Request-ID')}"
    )
    return environments, facts_found


def run_checks(processes: Processes, folder: Path) -> list[Result]:
    results: list[Result] = []

    def report(number: int, result: Result) -> None:
        results.append(result)
        print(f"{number}. {result.name}: {'ok' if result.passed else 'FAILED'} ({result.detail})")

    environments, f = start_stack(processes, folder)
    result, browser = check_session(f["member_name"])
    report(1, result)
    report(2, check_upload(browser, folder))
    report(3, check_pdf(browser, f["meeting"], folder))
    marker = f"drill-{uuid.uuid4().hex[:6]}"
    print("4. load through nginx, node A killed and restarted:")
    outcomes, start, killed, back = load(
        f=f,
        processes=processes,
        environments=environments,
        folder=folder,
        marker=marker,
    )
    result = check_load(
        outcomes=outcomes,
        start=start,
        killed=killed,
        back=back,
        environment=environments["B"],
        marker=marker,
        access_log=folder / "nginx" / "access.log",
    )
    report(4, result)
    return results


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # the numbers as they come, through make
    processes = Processes()
    folder = Path(tempfile.mkdtemp(prefix="drill-scale-"))
    folder.chmod(0o755)  # nginx's workers read the static files
    results: list[Result] = []
    try:
        results = run_checks(processes, folder)
    finally:
        processes.stop_all()
        with contextlib.suppress(Exception):
            import psycopg
            from drill_backup import SERVER

            with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        with contextlib.suppress(Exception):
            import redis

            redis.Redis.from_url(REDIS_URL).flushdb()
        if os.environ.get("DRILL_KEEP"):
            print(f"  logs kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)

    failed = [result for result in results if not result.passed]
    print(
        f"{len(results) - len(failed)} of 4 checks passed"
        + (": FAILED " + ", ".join(r.name for r in failed) if failed else "")
    )
    if failed or len(results) < 4:
        sys.exit(1)


if __name__ == "__main__":
    if "--facts" in sys.argv:
        facts()
    elif "--acknowledged" in sys.argv:
        acknowledged(sys.argv[sys.argv.index("--acknowledged") + 1])
    else:
        main()
