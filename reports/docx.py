"""The Cahier as an editable document (`cahier.docx`) for the communication team to lay out:
the same contents as the PDF (reports.services.cahier_data, the members' edition), in Word's
own heading styles ("Heading 1" for the parts, "Heading 2" for the chapters, "Heading 3"
inside them, "Title" for the Cahier's name) and a few named styles of ours ("Cahier Kind",
"Cahier Meta", "Caption"), so that a layout tool maps each to its own. The contents are a TOC
field listing the headings (Word adds page numbers when it updates it). Text goes in as text:
nothing of what users wrote is interpreted."""

import io
import re

from django.core.files.storage import default_storage
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Each style: its size in points, bold, italic and colour.
OUR_STYLES = {
    "Cahier Kind": (8, True, False, "A8431A"),
    "Cahier Meta": (9, False, False, "52606D"),
}


# What XML (so python-docx) refuses, but a pasted text may hold; the PDF ignores it.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _writable(value):
    """`value` (the Cahier's data) with the control characters of its texts removed."""
    if isinstance(value, str):
        return CONTROL.sub("", value)
    if isinstance(value, dict):
        return {key: _writable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_writable(item) for item in value]
    return value


def _styles(document) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    for name, (size, bold, italic, colour) in OUR_STYLES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.size, style.font.bold, style.font.italic = Pt(size), bold, italic
        style.font.color.rgb = RGBColor.from_string(colour)
        # A kind or a line of who did what belongs to what follows: never alone at a page's end.
        style.paragraph_format.keep_with_next = True


def _a4(document) -> None:
    """A4 and the PDF's margins (python-docx's template is US Letter)."""
    from docx.shared import Mm

    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(22), Mm(20)
        section.left_margin = section.right_margin = Mm(18)


def _paragraphs(document, text: str, style: str | None = None) -> None:
    """Plain text: one paragraph per block separated by an empty line."""
    for block in [part.strip() for part in (text or "").split("\n\n") if part.strip()]:
        document.add_paragraph(" ".join(block.splitlines()), style=style)


def _picture(document, picture: dict | None, width_cm: float) -> bool:
    """A picture of the media storage (`media:<name>` in the PDF data); False when absent."""
    from docx.shared import Cm

    if not picture:
        return False
    name = picture["src"].removeprefix("media:")
    try:
        with default_storage.open(name, "rb") as handle:
            data = io.BytesIO(handle.read())
    except OSError:
        return False
    document.add_picture(data, width=Cm(width_cm))
    document.paragraphs[-1].paragraph_format.keep_with_next = True  # with its caption or name
    return True


def _table(document, header: list[str], rows: list[list[str]], widths=None) -> None:
    """A table with its header row bold (and repeated on each page), its columns `widths` wide
    (in cm) when given, else evenly."""
    from docx.oxml import OxmlElement
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    if widths:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
            for cell in column.cells:
                cell.width = Cm(width)


def _contents(document, anchor) -> None:
    """The contents before `anchor` (a paragraph of the document): a Word TOC field of the
    headings 1 and 2 whose result is already their list, so that the document shows its
    contents as opened (Word adds the page numbers when the field is updated, F9)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    headings = [
        (paragraph.text, 1 if paragraph.style.name == "Heading 1" else 2)
        for paragraph in _after(document, anchor)
        if paragraph.style.name in ("Heading 1", "Heading 2") and paragraph.text
    ]

    def char(kind):
        mark = OxmlElement("w:fldChar")
        mark.set(qn("w:fldCharType"), kind)
        return mark

    anchor.insert_paragraph_before(_("Contents"), style="TOC Heading")
    entries = []
    for text, level in headings:
        entry = anchor.insert_paragraph_before(text)
        if level == 2:
            entry.paragraph_format.left_indent = Cm(0.6)
        entries.append(entry)
    if not entries:
        return
    field = OxmlElement("w:r")  # begin, the instruction, separate; the entries; end
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = ' TOC \\o "1-2" \\h \\z \\u '
    field.extend([char("begin"), instruction, char("separate")])
    entries[0].runs[0]._r.addprevious(field)
    entries[-1].add_run()._r.append(char("end"))


def _after(document, anchor):
    """The paragraphs of `document` after `anchor`."""
    seen = False
    for paragraph in document.paragraphs:
        if seen:
            yield paragraph
        seen = seen or paragraph._p is anchor._p


def cahier_docx(data: dict) -> bytes:
    """The DOCX of `data` (from `cahier_data`)."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    data = _writable(data)
    meeting = data["meeting"]
    document = Document()
    _a4(document)
    _styles(document)
    document.core_properties.title = f"{meeting['cahier']} — {meeting['name']}"
    document.core_properties.author = "AR Hlm — Club Innovation sociale"
    document.core_properties.language = "fr-FR"
    _cover(document, meeting)
    contents = document.add_paragraph()  # the contents go before it, then a new page
    contents.add_run().add_break(WD_BREAK.PAGE)
    _day(document, data)
    _chapters(document, data["chapters"])
    _closing(document, data)
    _contents(document, contents)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _mark(document, height_cm: float) -> None:
    """AR Hlm's mark, as on the PDF's cover and closing page."""
    from django.contrib.staticfiles import finders
    from docx.shared import Cm

    document.add_picture(finders.find("img/arhlm-mark.png"), height=Cm(height_cm))


def _cover(document, meeting: dict) -> None:
    _mark(document, 1.4)
    document.add_paragraph(meeting["club"], style="Cahier Kind")
    document.add_paragraph(meeting["cahier"], style="Title")
    document.add_paragraph(
        f"{meeting['name']} — {meeting['title']}" if meeting["title"] else meeting["name"],
        style="Subtitle",
    )
    place = ", ".join(part for part in (meeting["venue"], meeting["city"]) if part)
    when = date_format(meeting["date"], "l j F Y")
    document.add_paragraph(f"{when} · {place}" if place else when, style="Cahier Meta")
    if meeting["cover"] and _picture(document, meeting["cover"], 16):
        document.add_paragraph(f"{_('photo')} {meeting['cover']['credit']}", style="Caption")
    for label, group in (
        (_("Hosted by"), [{"name": meeting["host"], "logo": meeting["host_logo"]}]),
        (_("Organised with"), meeting["co_organisers"]),
        (_("In partnership with"), meeting["partners"]),
    ):
        named = [organisation for organisation in group if organisation["name"]]
        if named:
            document.add_paragraph(label, style="Cahier Meta")
        for organisation in named:
            _picture(document, organisation["logo"], 4)
            document.add_paragraph(organisation["name"])
    document.add_page_break()
    if meeting["introduction"]:
        document.add_heading(_("Introduction"), level=1)
        _paragraphs(document, meeting["introduction"])


def _day(document, data: dict) -> None:
    document.add_heading(_("Programme of the day"), level=1)
    _paragraphs(document, data["meeting"]["intro"])
    if data["agenda"]:
        _table(
            document,
            [_("Time"), _("Programme")],
            [
                [
                    f"{item['start']:%H:%M}" + (f"–{item['end']:%H:%M}" if item["end"] else ""),
                    " · ".join(
                        part for part in (item["kind"], item["title"], item["speakers"]) if part
                    ),
                ]
                for item in data["agenda"]
            ],
            widths=[3.4, 12.6],
        )
    for talk in data["told"]:
        document.add_heading(talk["title"], level=2)
        if talk["speakers"]:
            document.add_paragraph(talk["speakers"], style="Cahier Meta")
        _paragraphs(document, talk["account"])
        if talk["documents"]:
            document.add_paragraph(_("Documents presented:"), style="Cahier Meta")
        for item in talk["documents"]:
            document.add_paragraph(f"{item['title']} — {item['url']}", style="List Bullet")
    document.add_heading(_("Participants"), level=1)
    if not data["participant_total"]:
        document.add_paragraph(_("The attendance of this meeting was not recorded."))
        return
    total, organisations = data["participant_total"], len(data["participants"])
    count = document.add_paragraph(
        ngettext("%(counter)s participant.", "%(counter)s participants.", total)
        % {"counter": total}
        + " "
        + ngettext(
            "From %(counter)s organisation.", "From %(counter)s organisations.", organisations
        )
        % {"counter": organisations}
    )
    count.paragraph_format.keep_with_next = True  # with the top of its table
    members = data["audience"] == "members"
    _table(
        document,
        [_("Organisation"), _("Participants") if members else _("Number")],
        [
            [row["organisation"], ", ".join(row["people"]) if members else str(row["count"])]
            for row in data["participants"]
        ],
        widths=[6, 10],
    )


def _chapters(document, chapters: list[dict]) -> None:
    if chapters:  # a part of their own: in the contents, not under the participants
        document.add_heading(_("Workshops and visits"), level=1)
    for chapter in chapters:
        document.add_heading(chapter["title"], level=2)
        kind = " · ".join(p for p in (chapter["kind"], chapter["theme"], chapter["residence"]) if p)
        document.add_paragraph(kind, style="Cahier Kind")
        for label, people in (
            (_("Facilitation"), chapter["facilitators"]),
            (_("Restitution"), chapter["rapporteurs"]),
        ):
            if people:
                line = _("%(role)s: %(names)s") % {"role": label, "names": ", ".join(people)}
                document.add_paragraph(line, style="Cahier Meta")
        if not (chapter["summary"] or chapter["findings"] or chapter["proposals"]):
            document.add_paragraph(_("The restitution of this workshop is not available."))
            continue
        for label, text in (
            (_("Summary"), chapter["summary"]),
            (_("Key findings"), chapter["findings"]),
            (_("Proposals"), chapter["proposals"]),
        ):
            if text:
                document.add_heading(label, level=3)
                _paragraphs(document, text)
        if chapter["actions"]:
            document.add_heading(_("Follow-up actions"), level=3)
            _table(
                document,
                [_("Action"), _("Owner organisation"), _("Due date")],
                [
                    [
                        action["title"],
                        action["owner"],
                        date_format(action["due"], "j F Y") if action["due"] else "—",
                    ]
                    for action in chapter["actions"]
                ],
                widths=[8.5, 4.5, 3],
            )


def _closing(document, data: dict) -> None:
    meeting = data["meeting"]
    if meeting["synthesis"]:
        document.add_heading(_("Synthesis"), level=1)
        _paragraphs(document, meeting["synthesis"])
    if data["initiatives"]:
        document.add_heading(_("Initiatives presented"), level=1)
    for initiative in data["initiatives"]:
        document.add_heading(initiative["title"], level=2)
        lead = " · ".join(p for p in (initiative["lead"], initiative["place"]) if p)
        document.add_paragraph(lead, style="Cahier Meta")
        _paragraphs(document, initiative["summary"])
    if data["photos"]:
        document.add_heading(_("Photos"), level=1)
    for photo in data["photos"]:
        if _picture(document, photo, 8):
            caption = f"{photo['caption']} — " if photo["caption"] else ""
            document.add_paragraph(f"{caption}{_('photo')} {photo['credit']}", style="Caption")
    document.add_page_break()
    document.add_heading(_("Contacts"), level=1)
    document.add_paragraph(
        _(
            "The Club Innovation sociale is run by AR Hlm, the regional association of social "
            "landlords of Provence-Alpes-Côte d'Azur & Corse and Occitanie."
        )
    )
    for person in data["contacts"]:
        line = ", ".join(p for p in (person["name"], person["organisation"]) if p)
        document.add_paragraph(f"{line} · {person['email']}", style="List Bullet")
    document.add_paragraph(_("Write to the club: %(email)s") % {"email": data["contact_email"]})
    document.add_heading(_("On the portal"), level=3)
    document.add_paragraph(data["portal_url"])
    _mark(document, 1.2)
