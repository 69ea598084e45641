"""`/donnees/`: the open-data page (what there is, the data dictionary, the licence) and its
files. The initiatives' files take the catalogue's filters (`?theme=…&departement=31`)."""

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.public_cache import public_page
from config.spreadsheets import csv_response
from reports import open_data

# name in the URL: (title, its columns, its rows and the filters that applied)
DATASETS = {
    "initiatives": (
        _("Initiatives"),
        open_data.initiative_columns,
        open_data.public_initiatives,
    ),
    "organisations": (
        _("Organisations"),
        open_data.organisation_columns,
        open_data.organisations,
    ),
}


@public_page()
def open_data_page(request):
    absolute = request.build_absolute_uri
    return render(
        request,
        "reports/open_data.html",
        {
            "datasets": [
                (name, title, make_columns(absolute))
                for name, (title, make_columns, _select) in DATASETS.items()
            ],
            "licence": open_data.LICENCE,
            "licence_url": open_data.LICENCE_URL,
        },
    )


def open_data_file(request, dataset, fmt):
    if dataset not in DATASETS or fmt not in {"csv", "json"}:
        raise Http404
    _title, make_columns, select = DATASETS[dataset]
    columns = make_columns(request.build_absolute_uri)
    objects, filters = select(request.GET)
    extracted = timezone.now().replace(microsecond=0)
    filename = f"club-innovation-sociale-{dataset}-{extracted:%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        rows = ([open_data.csv_cell(v) for v in row] for row in open_data.rows(columns, objects))
        return csv_response(filename, [column.name for column in columns], rows)
    metadata = {
        "title": f"Club Innovation sociale — {dataset}",
        "publisher": "AR Hlm PACA & Corse",
        "licence": open_data.LICENCE,
        "licence_url": open_data.LICENCE_URL,
        "extracted_at": extracted.isoformat(),
        "dictionary": request.build_absolute_uri(reverse("reports:open-data")),
        "filters": dict(filters),
    }
    response = StreamingHttpResponse(
        open_data.json_chunks(columns, objects, metadata),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
