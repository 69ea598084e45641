"""Large exports: ask (a job prepares the file), watch it being prepared, download it. Only the
one who asked sees an export; others get 404."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from clubs.views import confirm_page
from config.forms import require_perm
from initiatives.attachments import private_file_response
from jobs import services
from jobs.models import Export


@login_required
def export_new(request, fmt):
    """GET says how many rows the file will have and asks; POST queues the job."""
    if fmt not in Export.Format.values:
        raise Http404
    require_perm(request.user, "jobs.request_export")
    query = request.GET.urlencode()
    if request.method == "POST":
        export = services.export_request(actor=request.user, fmt=fmt, query=query)
        return redirect("jobs:export", pk=export.pk)
    count = services.catalogue_queryset(request.user, query).count()
    catalogue = reverse("initiatives:catalogue") + (f"?{query}" if query else "")
    return confirm_page(
        request,
        title=_("Prepare the list of %(count)s initiatives (%(format)s)?")
        % {"count": count, "format": Export.Format(fmt).label},
        question=_(
            "A list this long is prepared in the background: you will find it on the next page, "
            "ready to download in a minute or two. You alone can download it."
        ),
        button=_("Prepare the file"),
        back=catalogue,
        danger=False,
    )


def _own(request, pk) -> Export:
    export = get_object_or_404(Export, pk=pk)
    if not request.user.has_perm("jobs.see_export", export):
        raise Http404
    return export


@login_required
def export_detail(request, pk):
    """A page saying "in preparation" (it reloads itself) until the file is ready, then its link."""
    export = _own(request, pk)
    return render(
        request,
        "jobs/export_detail.html",
        {"export": export, "keep_days": settings.EXPORT_KEEP_DAYS},
    )


@login_required
def export_download(request, pk):
    export = _own(request, pk)
    if export.status != Export.Status.READY or not export.file:
        raise Http404
    return private_file_response(export.file, export.filename)
