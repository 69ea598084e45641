"""`make bench` measures the API's list like the pages: a dry run of its counting step
(ops/bench.py, count_queries) on a small bench_data, without gunicorn nor wrk."""

import importlib.util
import io
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import call_command

from clubs.models import Meeting
from initiatives.models import Initiative

BENCH = Path(__file__).resolve().parents[2] / "ops" / "bench.py"


def bench_module():
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_the_bench_counts_the_api_list_within_its_goals(settings, tmp_path):
    settings.DEBUG = True
    call_command("bench_data", initiatives=30, members=5, meetings=1, stdout=io.StringIO())
    bench = bench_module()
    meeting = Meeting.objects.filter(club__slug="bench").first()
    (page,) = [p for p in bench.pages_to_measure(meeting.pk) if p.path.startswith("/api/")]
    assert page.path == "/api/v1/initiatives?page_size=20"
    assert page.scaled  # measured at 100,000 initiatives too
    assert not page.cached  # the public cache does not serve the API
    assert page.few == page.path + "&q=4245"
    # 4245 is beyond these 30 initiatives: one that is here, for a page of one row.
    title = Initiative.objects.public().get(slug="bench-00012").title
    counts = bench.count_queries(replace(page, few=f"{page.path}&q={title}"), session_key="")
    many, one = counts["many"], counts["one"]
    assert many["status"] == one["status"] == 200
    assert many["rows"] == 20  # 27 public initiatives: the first page
    assert one["rows"] == 1
    assert many["queries"] == one["queries"] <= bench.GOALS["queries"]
    environment = bench.django_env("bench", cache_on=False, secret_key="x", scratch=tmp_path)
    assert environment["API_RATE"] == "100000000/m"
