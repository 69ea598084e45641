"""django-q2's admin pages (queued, successful and failed jobs, schedules) for staff to watch:
the "AR Hlm staff" group may view them (jobs/migrations/0002); changing a schedule, deleting or
resubmitting a job is for superusers, who hold every permission. Actions (resubmit, delete) are
offered to superusers only: an action declares no permission of its own."""

from django.contrib import admin
from django_q import admin as q_admin
from django_q.models import Failure, OrmQ, Schedule, Success


class SuperuserActionsMixin:
    def get_actions(self, request):
        return super().get_actions(request) if request.user.has_perm("jobs.manage_jobs") else {}


for model, model_admin in [
    (Schedule, q_admin.ScheduleAdmin),
    (Success, q_admin.TaskAdmin),
    (Failure, q_admin.FailAdmin),
    (OrmQ, q_admin.QueueAdmin),
]:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, type(model_admin.__name__, (SuperuserActionsMixin, model_admin), {}))
