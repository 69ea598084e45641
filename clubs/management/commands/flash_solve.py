import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clubs.flash_solver import InstanceError, greedy, solve


class Command(BaseCommand):
    help = (
        "Schedule flash meetings: read an instance (JSON: rounds, tables, participants, requests, "
        "time_limit_s, optionally fixed and allow_moves) and print the meetings, the objective "
        "and the proven bound as JSON. Invalid input exits with status 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("instance", help="The instance's JSON file, or - for standard input.")
        parser.add_argument(
            "--greedy",
            action="store_true",
            dest="use_greedy",
            help="The greedy baseline instead of CP-SAT (same output, no bound).",
        )

    def handle(self, *args, instance, use_greedy=False, **options):
        data = self._read(instance)
        try:
            result = greedy(data) if use_greedy else solve(data)
        except InstanceError as error:
            raise CommandError(f"{instance}: {error}", returncode=2) from error
        self.stdout.write(json.dumps(result, indent=2, ensure_ascii=False))

    def _read(self, name):
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{name}: cannot be read: {error}", returncode=2) from error
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(f"{name}: not JSON: {error}", returncode=2) from error
