import datetime

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone
from django_q.models import Schedule

from jobs.schedules import SCHEDULES


def first_run(kind: str, at: datetime.time | None, day: int | None, now: datetime.datetime):
    """The next moment a schedule is due: now for the every-N-minutes jobs, else the next local
    `at` (on `day` of the month for a monthly one)."""
    if at is None:
        return now
    local = timezone.localtime(now)
    candidate = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    if kind == Schedule.MONTHLY:
        candidate = candidate.replace(day=day)
        if candidate <= local:
            month = candidate.month % 12 + 1
            candidate = candidate.replace(year=candidate.year + (month == 1), month=month)
    elif candidate <= local:
        candidate += datetime.timedelta(days=1)
    return timezone.make_aware(candidate.replace(tzinfo=None))


def in_step(schedule: Schedule, kind: str, at, day) -> bool:
    """Whether the stored next run already falls at the wanted local time (and day)."""
    if at is None:
        return True
    local = timezone.localtime(schedule.next_run)
    return (local.hour, local.minute) == (at.hour, at.minute) and (day is None or local.day == day)


class Command(BaseCommand):
    help = (
        "Write the portal's recurring jobs (mail queue, reminders, digest) as django-q2 "
        "schedules. Safe to run again: after every migrate, on every node."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Two nodes deploying at once: the second waits, then finds the schedules.
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtext('jobs_schedule'))")
            for name, (func, kwargs, kind, minutes, at, day) in SCHEDULES.items():
                wanted = {
                    "func": func,
                    "kwargs": repr(kwargs) if kwargs else None,
                    "schedule_type": kind,
                    "minutes": minutes,
                    "repeats": -1,
                }
                schedule = Schedule.objects.select_for_update().filter(name=name).first()
                if schedule is None:
                    Schedule.objects.create(
                        name=name, next_run=first_run(kind, at, day, now), **wanted
                    )
                    self.stdout.write(f"{name}: created")
                    continue
                changed = {k: v for k, v in wanted.items() if getattr(schedule, k) != v}
                if changed or not in_step(schedule, kind, at, day):
                    for key, value in wanted.items():
                        setattr(schedule, key, value)
                    schedule.next_run = first_run(kind, at, day, now)
                    schedule.save()
                    self.stdout.write(f"{name}: updated")
        self.stdout.write(f"{len(SCHEDULES)} schedule(s) in place.")
