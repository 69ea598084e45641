"""The portal's recurring jobs (what cron ran before): `manage.py jobs_schedule` writes them.

Times are the portal's (TIME_ZONE, Europe/Paris); django-q2 keeps a daily job at the same local
hour across the changes of time. Each job is idempotent: it claims a row (a unique reminder, a
digest for the month, a registration's `reminded_at`) before it sends."""

import datetime

from django_q.models import Schedule

# name: (function, keyword arguments, schedule type, minutes, first run's local time, day)
SCHEDULES = {
    "send-mail": ("jobs.tasks.send_mail", {}, Schedule.MINUTES, 1, None, None),
    "retry-deferred-mail": ("jobs.tasks.retry_deferred", {}, Schedule.MINUTES, 20, None, None),
    "meeting-reminders": (
        "clubs.services.meeting_reminders_send",
        {"days": 3},
        Schedule.DAILY,
        None,
        datetime.time(7, 0),
        None,
    ),
    "action-reminders": (
        "notices.services.send_action_reminders",
        {},
        Schedule.DAILY,
        None,
        datetime.time(7, 30),
        None,
    ),
    "bilan-reminders": (
        "initiatives.bilans.bilan_reminders_send",
        {},
        Schedule.DAILY,
        None,
        datetime.time(7, 45),
        None,
    ),
    "monthly-digest": (
        "notices.services.send_digest",
        {},
        Schedule.MONTHLY,
        None,
        datetime.time(8, 0),
        1,
    ),
    "prune-exports": (
        "jobs.tasks.exports_prune",
        {},
        Schedule.DAILY,
        None,
        datetime.time(3, 30),
        None,
    ),
}
