"""Drill: the mail server is down. A member registers: the registration succeeds and its
confirmation waits in the queue (django-mailer); `send_mail` fails and defers it, reported in the
mail log; once the server is back, `retry_deferred` and `send_mail` deliver it. Nothing lost.

    python ops/drill_email.py          # part of make drills
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "ops"))

from drill_backup import fresh_database, portal, run  # noqa: E402 — ops/ scripts, run directly


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def state() -> None:
    """Print what the drill checks (run inside the portal)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from mailer.models import Message, MessageLog

    from clubs.models import Registration

    print(
        json.dumps(
            {
                "registrations": Registration.objects.filter(user__email="drill@example.org")
                .exclude(status="cancelled")
                .count(),
                "queued": Message.objects.count(),
                "deferred": Message.objects.deferred().count(),
                "failures": MessageLog.objects.filter(result="3").count(),
                "sent": MessageLog.objects.filter(result="1").count(),
            }
        )
    )


def register() -> None:
    """A member registers for the 8th Club (run inside the portal)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from allauth.account.models import EmailAddress

    from clubs.models import Meeting
    from clubs.services import registration_create
    from landlords.models import Organisation, User

    user = User.objects.create_user(
        email="drill@example.org",
        full_name="Membre de l'exercice",
        organisation=Organisation.objects.get(slug="icf-habitat-sud-est-mediterranee"),
        is_approved=True,
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    meeting = Meeting.objects.get(club__slug="paca-corse", number=8)
    registration_create(actor=user, meeting=meeting, workshop=meeting.workshops.first())


def main() -> None:
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="drill-email-") as name:
        environment = {
            **portal(fresh_database("drill_email"), Path(name)),
            "EMAIL_URL": f"smtp://127.0.0.1:{port}",
            "EMAIL_QUEUE": "1",
        }
        run(environment, "manage.py", "migrate", "-v0")
        run(environment, "manage.py", "load_demo")

        def check():
            return json.loads(run(environment, __file__, "--state", capture=True).stdout)

        run(environment, __file__, "--register")
        queued = check()
        print(f"server down, after the registration: {queued}")
        run(environment, "manage.py", "send_mail")
        deferred = check()
        print(f"server down, after send_mail: {deferred}")

        inbox = Path(name) / "inbox.txt"
        with inbox.open("w") as out:
            server = subprocess.Popen(
                [
                    PYTHON,
                    "-W",
                    "ignore",
                    "-m",
                    "smtpd",
                    "-n",
                    "-c",
                    "DebuggingServer",
                    f"127.0.0.1:{port}",
                ],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
            try:
                time.sleep(1)
                run(environment, "manage.py", "retry_deferred")
                run(environment, "manage.py", "send_mail")
                time.sleep(0.5)
            finally:
                server.terminate()
                server.wait(timeout=10)
        delivered = check()
        print(f"server back, after retry_deferred and send_mail: {delivered}")
        received = inbox.read_text()

    ok = (
        queued["registrations"] == 1
        and queued["queued"] >= 1
        and deferred["deferred"] >= 1
        and deferred["failures"] >= 1
        and delivered["queued"] == 0
        and delivered["sent"] >= 1
        and "drill@example.org" in received
    )
    print("registration kept, mail deferred then delivered: " + ("yes" if ok else "NO"))
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    if "--state" in sys.argv:
        state()
    elif "--register" in sys.argv:
        register()
    else:
        main()
