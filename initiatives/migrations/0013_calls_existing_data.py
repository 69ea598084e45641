"""Applications entered before the online applications: their applicant is the lead of their
initiative and their title its title; a call with decisions is decided (results published),
another one with dates is open."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Application = apps.get_model("initiatives", "Application")
    CallForProjects = apps.get_model("initiatives", "CallForProjects")
    for application in Application.objects.filter(applicant__isnull=True).select_related(
        "initiative"
    ):
        initiative = application.initiative
        application.applicant_id = initiative.lead_id
        application.title = initiative.title[:200]
        application.summary = initiative.summary
        application.submitted_at = application.created_at
        application.save(update_fields=["applicant", "title", "summary", "submitted_at"])
    now = timezone.now()
    for call in CallForProjects.objects.filter(status="draft"):
        decided = call.applications.filter(status__in=["laureate", "not_retained"]).exists()
        if decided:
            call.status, call.results_published_at = "decided", now
        elif call.opens_on:
            call.status = "open"
        else:
            continue
        call.save(update_fields=["status", "results_published_at"])


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0012_calls_end_to_end")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
