"""PDFs of the portal: the Cahier of a meeting, initiative sheets and catalogue lists.

Each PDF is built from plain data gathered in a few queries. A digest of that data (and of the
templates) names a file in the PDF cache (the `pdf_cache` storage: `PDF_CACHE_ROOT`, or a prefix
of the private bucket that every node shares; bounded by `PDF_CACHE_MAX_BYTES`): an unchanged
meeting is served from the cache; any change to a log, a registration, a photo… gives a new
digest, so a new PDF. WeasyPrint is imported inside the
functions that render, and reads only through `reports.fetcher.safe_url_fetcher`.
"""

import functools
import hashlib
import json
import re
from collections.abc import Callable
from email.utils import parseaddr
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from clubs.cahier import TOLD
from clubs.models import AgendaItem, Meeting, SessionLog, Workshop
from clubs.selectors import meeting_participants
from config.collation import sort_key
from initiatives.models import Initiative, Photo
from initiatives.selectors import announced_laureates
from reports.fetcher import safe_url_fetcher

AUDIENCES = ("members", "public")
CACHED_NAME = re.compile(r"[0-9a-f]{64}\.pdf")
TEMPLATES = [
    "reports/cahier.html",
    "reports/initiative_sheet.html",
    "reports/catalogue.html",
    "reports/_base.html",
]
STYLESHEET = "css/pdf.css"


@functools.cache
def templates_version() -> str:
    """Changing a PDF template or its stylesheet changes every digest (computed once per
    process)."""
    from django.contrib.staticfiles import finders
    from django.template import engines

    digest = hashlib.sha256()
    engine = engines["django"]
    for name in TEMPLATES:
        digest.update(Path(engine.engine.find_template(name)[1].name).read_bytes())
    digest.update(Path(finders.find(STYLESHEET)).read_bytes())
    return digest.hexdigest()[:16]


def _media(field) -> dict | None:
    """A picture as the PDF templates use it, with what identifies its content."""
    if not field:
        return None
    try:
        size = field.size
    except OSError:
        return None  # a file missing from disk is left out, not fatal
    return {"src": f"media:{field.name}", "size": size}


# --- Data -------------------------------------------------------------------------------------


def cahier_data(meeting: Meeting, *, audience: str, draft: bool = False) -> dict:
    """Everything the Cahier shows, as plain data (the digest is computed on it)."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}")
    meeting = (
        Meeting.objects.select_related("club", "host", "cahier_cover_photo")
        .prefetch_related(
            "partners",
            "co_organisers",
            "club__animators__organisation",
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("residence__commune")
                .prefetch_related("documents")
                .order_by("start_time", "pk"),
            ),
        )
        .get(pk=meeting.pk)
    )
    workshops = (
        Workshop.objects.filter(meeting=meeting)
        .select_related("theme", "residence__commune", "session_log__approved_by")
        .prefetch_related("facilitators", "rapporteurs", "session_log__actions__owner")
        .order_by("order", "pk")
    )
    chapters = []
    for workshop in workshops:
        log = workshop.session_log if _has_log(workshop) else None
        approved = log is not None and log.status == SessionLog.Status.APPROVED
        shown = log if (approved or (draft and log is not None)) else None
        chapters.append(
            {
                "kind": workshop.get_kind_display(),
                "title": workshop.title,
                "theme": workshop.theme.name if workshop.theme else "",
                "residence": (
                    f"{workshop.residence.name} ({workshop.residence.commune_name})"
                    if workshop.residence
                    else ""
                ),
                "facilitators": [str(user) for user in workshop.facilitators.all()],
                "rapporteurs": [str(user) for user in workshop.rapporteurs.all()],
                "status": log.get_status_display() if log else "",
                "approved": approved,
                "summary": shown.summary if shown else "",
                "findings": shown.key_findings if shown else "",
                "proposals": shown.proposals if shown else "",
                "actions": [
                    {
                        "title": action.title,
                        "owner": action.owner.name,
                        "due": action.due_date,
                        "status": action.get_status_display(),
                    }
                    for action in (shown.actions.all() if shown else [])
                ],
            }
        )
    by_organisation: dict[str, list[str]] = {}
    for registration in _cahier_participants(meeting):
        organisation = registration.person_organisation
        by_organisation.setdefault(organisation.name if organisation else "—", []).append(
            registration.person_name
        )
    participants = [
        {
            "organisation": name,
            "count": len(people),
            "people": people if audience == "members" else [],
        }
        for name, people in by_organisation.items()
    ]
    initiatives = meeting.presented_initiatives.select_related("lead").order_by("title")
    if audience == "public":
        initiatives = initiatives.filter(visibility=Initiative.Visibility.PUBLIC)
    photos = Photo.objects.filter(meeting=meeting).order_by("created_at", "pk")
    return {
        "audience": audience,
        "draft": draft,
        "meeting": {
            "id": meeting.pk,
            "name": meeting.name,
            "number": meeting.number,
            "title": meeting.theme,
            "cahier": meeting.cahier_name,
            "club": meeting.club.name if meeting.club_id else meeting.get_kind_display(),
            "date": meeting.date,
            "start": meeting.start_time,
            "end": meeting.end_time,
            "host": meeting.host.name if meeting.host else "",
            "host_logo": _media(meeting.host.logo) if meeting.host else None,
            "partners": [
                {"name": partner.name, "logo": _media(partner.logo)}
                for partner in meeting.partners.all()
            ],
            "co_organisers": [
                {"name": organisation.name, "logo": _media(organisation.logo)}
                for organisation in meeting.co_organisers.all()
            ],
            "venue": meeting.venue,
            "address": meeting.address,
            "city": meeting.city,
            "online": meeting.is_online,
            "intro": meeting.programme_intro,
            "introduction": meeting.cahier_introduction,
            "synthesis": meeting.cahier_synthesis,
            "cover": (
                {
                    **picture,
                    "alt": meeting.cahier_cover_photo.alt_text,
                    "credit": meeting.cahier_cover_photo.credit,
                }
                if meeting.cahier_cover_photo
                and (picture := _media(meeting.cahier_cover_photo.image))
                else None
            ),
        },
        "told": [
            _cahier_told(item)
            for item in meeting.agenda_items.all()
            if item.kind in TOLD and (item.account or item.documents.all())
        ],
        "contacts": _cahier_contacts(meeting, audience),
        "contact_email": parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        "portal_url": _cahier_portal_url(meeting),
        "agenda": [
            {
                "start": item.start_time,
                "end": item.end_time,
                "kind": item.get_kind_display(),
                "title": item.title,
                "speakers": item.speakers,
                "residence": item.residence.name if item.residence else "",
            }
            for item in meeting.agenda_items.all()
        ],
        "participants": participants,
        "participant_total": sum(row["count"] for row in participants),
        "chapters": chapters,
        "initiatives": [
            {
                "title": initiative.title,
                "lead": initiative.lead.name,
                "summary": initiative.summary,
                "place": ", ".join(
                    p for p in (initiative.commune_name, initiative.departement) if p
                ),
            }
            for initiative in initiatives
        ],
        "photos": [
            {**picture, "caption": photo.caption, "credit": photo.credit, "alt": photo.alt_text}
            for photo in photos
            if (picture := _media(photo.image))
        ],
    }


def _cahier_participants(meeting: Meeting) -> list:
    """Who came: the attendance register once it has been taken (someone marked present),
    else the confirmed registrations (a meeting whose register was not kept); by organisation
    then name, in French order. Sorted here: on SQLite the collation is a Python function
    called for every comparison (12,000 calls, a third of the warm Cahier of 200 people)."""
    registrations = meeting_participants(meeting).prefetch_related(None).order_by()
    present = registrations.filter(attended=True)
    rows = list(present if present.exists() else registrations)

    def order(registration):
        organisation = registration.person_organisation
        return (
            sort_key(organisation.name if organisation else ""),
            sort_key(registration.person_name),
            registration.pk,
        )

    return sorted(rows, key=order)


def _cahier_told(item) -> dict:
    """A talk of the programme as the Cahier tells it: what was said, its documents."""
    from django.urls import reverse

    return {
        "title": item.title,
        "kind": item.get_kind_display(),
        "start": item.start_time,
        "speakers": item.speakers,
        "account": item.account,
        "documents": [
            {
                "title": document.title,
                "filename": document.filename,
                "url": settings.SITE_URL
                + reverse("clubs:agenda-document", args=[item.meeting_id, document.pk]),
            }
            for document in item.documents.all()
        ],
    }


def _cahier_contacts(meeting: Meeting, audience: str) -> list[dict]:
    """The closing page's contacts: the club's animators, in the members' edition only (the
    public one names nobody and gives the club's address)."""
    if not meeting.club_id or audience != "members":
        return []
    return [
        {
            "name": animator.full_name,
            "organisation": animator.organisation.name if animator.organisation else "",
            "email": animator.email,
        }
        for animator in sorted(meeting.club.animators.all(), key=lambda a: a.full_name)
    ]


def _cahier_portal_url(meeting: Meeting) -> str:
    """Where the closing page sends its reader: the club's page on the portal (its meetings,
    Cahiers and news), or the meeting's own page for an event outside the clubs."""
    from django.urls import reverse

    if meeting.club_id:
        return settings.SITE_URL + reverse("clubs:club-detail", args=[meeting.club.slug])
    return settings.SITE_URL + meeting.get_absolute_url()


def _has_log(workshop) -> bool:
    try:
        return workshop.session_log is not None
    except SessionLog.DoesNotExist:
        return False


def initiative_data(initiative: Initiative, *, audience: str) -> dict:
    """Everything the initiative sheet shows, as plain data (the digest is computed on it): the
    contact only in the members' edition."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}")
    initiative = (
        Initiative.objects.select_related("lead", "region", "contact__organisation")
        .prefetch_related(
            "themes",
            "publics",
            "partners",
            "co_landlords",
            "residences",
            "indicators__measurements",
            "assessments",
            Prefetch(
                "applications",
                queryset=announced_laureates().select_related("call__organiser"),
                to_attr="laureate_applications",
            ),
            "fundings__funder",
            Prefetch("photos", queryset=Photo.objects.order_by("created_at", "pk")),
        )
        .get(pk=initiative.pk)
    )
    url = settings.SITE_URL + initiative.get_absolute_url()
    return {
        "audience": audience,
        "initiative": {
            "id": initiative.pk,
            "title": initiative.title,
            "summary": initiative.summary,
            "description": initiative.description,
            "lead": initiative.lead.name,
            "lead_logo": _media(initiative.lead.logo),
            "co_landlords": _sheet_organisations(initiative.co_landlords.all()),
            "partners": _sheet_organisations(initiative.partners.all()),
            "residences": [f"{r.name} ({r.commune_name})" for r in initiative.residences.all()],
            "themes": [t.name for t in initiative.themes.all()],
            "publics": [p.name for p in initiative.publics.all()],
            "place": ", ".join(
                p
                for p in (
                    initiative.commune_name,
                    initiative.departement,
                    initiative.region.name if initiative.region else "",
                )
                if p
            ),
            "in_qpv": initiative.in_qpv,
            "status": initiative.get_status_display(),
            "start": initiative.start_date,
            "end": initiative.end_date,
            "budget": initiative.budget,
            "fundings": [
                {"funder": f.funder.name, "amount": f.amount} for f in initiative.fundings.all()
            ],
            "calls": [
                {
                    "title": a.call.title,
                    "organiser": a.call.organiser.name,
                    "amount": a.amount_awarded,
                }
                for a in initiative.laureate_applications
            ],
            "indicators": [_sheet_indicator(i) for i in initiative.indicators.all()],
            "assessments": [
                {"kind": a.get_kind_display(), "date": a.date, "text": a.text}
                for a in initiative.assessments.all()
            ],
            "replicability": initiative.replicability,
            "photo": _sheet_photo(initiative.photos.all()),
            "contact": _sheet_contact(initiative.contact) if audience == "members" else None,
            "url": url,
            "qr": _sheet_qr(url),
        },
    }


def _sheet_organisations(organisations) -> list[dict]:
    return [{"name": o.name, "logo": _media(o.logo)} for o in organisations]


def _sheet_indicator(indicator) -> dict:
    """An indicator with the initiative page's chart (`indicator_chart`: the same coordinates)
    and its latest measurement, to set against the target."""
    from dataclasses import asdict

    from initiatives.charts import indicator_chart

    measurements = list(indicator.measurements.all())
    latest = measurements[-1] if measurements else None
    chart = indicator_chart(indicator)
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "baseline": indicator.baseline,
        "target": indicator.target,
        "measurements": [{"date": m.date, "value": m.value} for m in measurements],
        "latest": {"date": latest.date, "value": latest.value} if latest else None,
        "chart": asdict(chart) if chart else None,
    }


def _sheet_photo(photos) -> dict | None:
    """The initiative's first photo that is on disk, with its credit."""
    for photo in photos:
        if picture := _media(photo.image):
            return {
                **picture,
                "caption": photo.caption,
                "credit": photo.credit,
                "alt": photo.alt_text,
            }
    return None


def _sheet_contact(user) -> dict | None:
    if user is None or not user.is_active:
        return None
    return {
        "name": user.full_name,
        "job": user.job_title,
        "organisation": user.organisation.name if user.organisation else "",
        "email": user.email,
        "phone": user.phone,
    }


def _sheet_qr(url: str) -> str:
    """The portal address as a QR code, an SVG data: URI (the fetcher reads data: URIs)."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=2, dark="#07364a")


def catalogue_data(initiatives, *, title: str, filters=()) -> dict:
    """The catalogue as plain data: its title, the filters applied in words ((label, value)
    pairs, part of the digest), and the entries grouped by theme. An initiative with several
    themes is described once, under its first theme (alphabetical, as themes are ordered); the
    contents list it under each of its themes, linked to that one entry. Initiatives without
    a theme come last."""
    entries = []
    groups: dict[str, dict] = {}
    for position, i in enumerate(initiatives, start=1):
        themes = [t.name for t in i.themes.all()]
        anchor = f"initiative-{position}"
        entry = {
            "anchor": anchor,
            "title": i.title,
            "summary": i.summary,
            "lead": i.lead.name,
            "themes": themes,
            "place": ", ".join(p for p in (i.commune_name, i.departement) if p),
            "status": i.get_status_display(),
            "url": settings.SITE_URL + i.get_absolute_url(),
        }
        entries.append(entry)
        for index, theme in enumerate(themes or [""]):
            group = groups.setdefault(theme, {"theme": theme, "entries": [], "listed": []})
            if index == 0:
                group["entries"].append(entry)
            group["listed"].append({"anchor": anchor, "title": i.title})
    themes = sorted((group for name, group in groups.items() if name), key=_catalogue_sort)
    if "" in groups:
        themes.append(groups[""])
    for number, group in enumerate(themes, start=1):
        group["anchor"] = f"theme-{number}"
    return {
        "title": title,
        "filters": [{"label": str(label), "value": str(value)} for label, value in filters],
        "count": len(entries),
        "themes": themes,
    }


def _catalogue_sort(group: dict) -> tuple[str, str]:
    """Themes in French alphabetical order, as the portal's lists (config.collation)."""
    from config.collation import sort_key

    return sort_key(group["theme"])


# --- Rendering and cache --------------------------------------------------------------------


def digest_of(kind: str, data: dict) -> str:
    payload = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    source = f"{kind}\n{templates_version()}\n{settings.LANGUAGE_CODE}\n{payload}"
    return hashlib.sha256(source.encode()).hexdigest()


def render_html(template: str, data: dict) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template, {**data, "generated": timezone.localdate()})


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint's tagged PDF/UA variant, reading only through the safe fetcher, then its
    structure finished by `finish_tagging`."""
    from weasyprint import HTML

    pdf = HTML(string=html, base_url="static:", url_fetcher=safe_url_fetcher()).write_pdf(
        pdf_variant="pdf/ua-1"
    )
    return finish_tagging(pdf)


# What WeasyPrint 70 leaves to do for PDF/UA-1 (read in weasyprint/pdf/tags.py):
# - The text of the @page margin boxes (running title, chapter, "page X / Y") is marked content
#   with an MCID whose structure element is built but never linked into the tree (Kozea/WeasyPrint
#   #1836: an Artifact node in the tree is PDF 2.0 only). PDF/UA-1 wants it marked /Artifact.
# - CSS generated content of a link (the contents' `a::after { content: leader(".")
#   target-counter(...) }`) becomes Link elements nested in the link, one MCID per leader dot and
#   the page number: a reader would read forty dots and a number inside each entry's name.
# - TH elements get an ID (for the TDs' /Headers) but no /Scope attribute (#2508).
# Images get their /Alt from the alt attribute already. The PDF is rewritten in place: the bytes
# drawn stay the same (pdftotext reads the same text), only tags and structure change.
_MARKED = re.compile(rb"/(\w+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_PAGINATION = b"/Artifact <</Type /Pagination>> BDC"
_LAYOUT = b"/Artifact <</Type /Layout>> BDC"


def finish_tagging(pdf: bytes) -> bytes:
    """Margin boxes and links' generated content as artifacts, and TH elements with a /Scope
    (/Column in a table head, /Row beside data cells: what the templates' `scope` say)."""
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        tree = document.Root.get("/StructTreeRoot")
        if tree is None:
            return pdf
        linked, generated, moved = _tidy_structure(tree)
        artifacts = _unmap_artifacts(tree, linked, generated, moved)
        pages = list(document.pages)
        for key, marks in artifacts.items():
            page = pages[key]
            page.contents_coalesce()

            def artifact(match, marks=marks):
                return marks.get(int(match.group(2)), match.group(0))

            page.Contents.write(_MARKED.sub(artifact, page.Contents.read_bytes()))
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
    return out.getvalue()


def _tidy_structure(tree) -> tuple[set, set, dict]:
    """Walk the tree: give each TH its scope, fold the links nested in a link (CSS generated
    content) into the outermost one, which takes their annotations. Returns the elements in the
    tree, those of generated content, and {nested link: outermost link}."""
    import pikepdf

    linked, generated, moved = set(), set(), {}

    def walk(element, link=None, nested=False):
        linked.add(element.objgen)
        if element.get("/S") == "/TH":
            _scope(element)
        outer = link
        if element.get("/S") == "/Link":
            if link is None:
                outer = element
            else:
                moved[element.objgen] = link
                nested = True
        if nested:  # inside a link's generated content; the link's own children are kept
            generated.add(element.objgen)
        for kid in _kids(element):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid, outer, nested)
        if outer is element:
            kept, annotations = pikepdf.Array(), []
            for kid in _kids(element):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/Link":
                    annotations.extend(_annotations(kid))
                else:
                    kept.append(kid)
            kept.extend(annotations)
            element.K = kept

    for top in _kids(tree):
        walk(top)
    return linked, generated, moved


def _unmap_artifacts(tree, linked, generated, moved) -> dict[int, dict[int, bytes]]:
    """Take the artifacts' MCIDs out of the ParentTree (a margin box's orphan element, a nested
    link's content) and point the nested links' annotations at their outermost link. Returns,
    for each page index, {MCID: the artifact mark that replaces its BDC}."""
    import pikepdf

    nums = tree.ParentTree.Nums
    artifacts: dict[int, dict[int, bytes]] = {}
    for index in range(0, len(nums), 2):
        key, value = int(nums[index]), nums[index + 1]
        if isinstance(value, pikepdf.Array):  # WeasyPrint's key for a page is its index
            for mcid, element in enumerate(value):
                if not isinstance(element, pikepdf.Dictionary):
                    continue
                if element.objgen not in linked:
                    artifacts.setdefault(key, {})[mcid] = _PAGINATION
                elif element.objgen in generated:
                    artifacts.setdefault(key, {})[mcid] = _LAYOUT
                else:
                    continue
                value[mcid] = None
        elif value.objgen in moved:  # an annotation of a nested link
            nums[index + 1] = moved[value.objgen]
    return artifacts


def _kids(element) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    import pikepdf

    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _annotations(link) -> list:
    """The annotation references (OBJR) of a link and of the links nested in it."""
    import pikepdf

    found = []
    for kid in _kids(link):
        if isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == "/OBJR":
                found.append(kid)
            elif "/S" in kid:
                found.extend(_annotations(kid))
    return found


def _scope(header) -> None:
    import pikepdf

    row = header.get("/P")
    section = row.get("/P") if row is not None else None
    in_head = section is not None and section.get("/S") == "/THead"
    beside_data = row is not None and any(
        isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/TD" for kid in _kids(row)
    )
    scope = pikepdf.Name.Row if beside_data and not in_head else pikepdf.Name.Column
    attributes = header.get("/A")
    if not isinstance(attributes, pikepdf.Dictionary):
        attributes = header.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
    attributes.Scope = scope


def _cache():
    """The PDF cache's storage (`pdf_cache`: PDF_CACHE_ROOT, or a prefix of the private bucket):
    nothing in it needs a backup."""
    return storages["pdf_cache"]


def cahier_prefix(meeting_pk: int, audience: str, draft: bool = False) -> str:
    return f"cahier-{meeting_pk}-{audience}{'-draft' if draft else ''}"


class TooManyBuildsError(Exception):
    """The one asking has built their share of PDFs for now (the view answers 429)."""


def cached_pdf(
    kind: str,
    prefix: str,
    template: str,
    data: Callable[[], dict],
    *,
    may_build: Callable[[], bool] | None = None,
) -> bytes:
    """The PDF for `data()`: the cached file named by its digest when there is one, else
    rendered and stored, if `may_build()` allows (TooManyBuildsError otherwise). Storing removes the
    prefix's older files, then the least recently served ones while the cache is over
    `PDF_CACHE_MAX_BYTES`."""
    cache = _cache()
    with translation.override(settings.LANGUAGE_CODE):
        content = data()
    name = f"{prefix}-{digest_of(kind, content)}.pdf"
    try:
        with cache.open(name, "rb") as cached:
            pdf = cached.read()
    except FileNotFoundError:
        if may_build is not None and not may_build():
            raise TooManyBuildsError from None
        pdf = html_to_pdf(render_html(template, content))
        # Atomic on both backends: a reader on any node sees the whole file or none.
        cache.save(name, ContentFile(pdf))
        entries = cache.entries()  # one listing for both sweeps
        _evict(cache, _remove_older(cache, entries, prefix, keep=name), keep=name)
    else:
        # Served: the last to evict (on local storage; S3 cannot touch an object).
        cache.touch(name)
    return pdf


def _remove_older(cache, entries: list, prefix: str, *, keep: str) -> list:
    """Remove this prefix's older PDFs; the entries left."""
    left = []
    for entry in entries:
        # Only this prefix's own files ("cahier-7-members-<digest>"), not the draft's.
        own = entry.name.startswith(f"{prefix}-")
        if own and entry.name != keep and CACHED_NAME.fullmatch(entry.name[len(prefix) + 1 :]):
            cache.delete(entry.name)
        else:
            left.append(entry)
    return left


def _evict(cache, entries: list, *, keep: str) -> None:
    """Remove the least recently written or served PDFs (oldest first) until the cache fits in
    `PDF_CACHE_MAX_BYTES`; `keep`, the file just written, stays whatever its size. One listing
    (on S3, one request per thousand PDFs), whichever node asks: two nodes evicting at once
    remove at worst a PDF that is rebuilt when next asked for."""
    entries = [entry for entry in entries if entry.name.endswith(".pdf")]
    total = sum(entry.size for entry in entries)
    for entry in sorted(entries, key=lambda entry: (entry.modified, entry.name)):
        if total <= settings.PDF_CACHE_MAX_BYTES:
            break
        if entry.name != keep:
            cache.delete(entry.name)
            total -= entry.size


def cahier_pdf(*, meeting: Meeting, audience: str, draft: bool = False, may_build=None) -> bytes:
    """The Cahier of a meeting for members (names) or the public (counts only); `draft`
    adds a "projet" watermark and the restitutions not approved yet, marked as such.
    The PDFs are in French whatever the language of the page that asked."""
    return cached_pdf(
        "cahier",
        cahier_prefix(meeting.pk, audience, draft),
        "reports/cahier.html",
        lambda: cahier_data(meeting, audience=audience, draft=draft),
        may_build=may_build,
    )


def initiative_sheet_pdf(
    *, initiative: Initiative, audience: str = "public", may_build=None
) -> bytes:
    """The sheet of an initiative, one or two A4 pages that stand alone; the members' edition
    adds the contact. In French whatever the language of the page that asked."""
    return cached_pdf(
        "initiative",
        f"initiative-{initiative.pk}-{audience}",
        "reports/initiative_sheet.html",
        lambda: initiative_data(initiative, audience=audience),
        may_build=may_build,
    )


def catalogue_pdf(*, initiatives, title: str, key: str, filters=(), may_build=None) -> bytes:
    """The catalogue of a filtered list: a cover with the filters in words, the contents by
    theme, then the entries grouped by theme. `filters` are (label, value) pairs, lazy or not
    (read in French)."""
    return cached_pdf(
        "catalogue",
        f"catalogue-{key}",
        "reports/catalogue.html",
        lambda: catalogue_data(initiatives, title=str(title), filters=filters),
        may_build=may_build,
    )
