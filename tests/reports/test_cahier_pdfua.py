"""The Cahier's tagged PDF (PDF/UA-1) read back with pikepdf: running headers and footers and the
contents' leaders and page numbers are artifacts, header cells have a scope, images their
alternative text, and every tagged piece of content belongs to the structure tree.

One rich meeting (programme, workshops, participants, tables, logos and a photo), rendered once."""

import io
import re

import pikepdf
import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.utils import translation

from reports import services
from tests.reports.pdfs import _cmap, fr
from tests.reports.test_cahier import make_rich_meeting

pytestmark = pytest.mark.django_db

FOOTER = "Club Innovation sociale · AR Hlm"
TITLE = "Cahier du Saint Georges"


@pytest.fixture(scope="module")
def pdf(django_db_setup, django_db_blocker, tmp_path_factory):
    """The members' Cahier of the rich meeting, opened with pikepdf (its data rolled back)."""
    root = tmp_path_factory.mktemp("pdfua")
    with django_db_blocker.unblock():
        name = str(connection.settings_dict["NAME"])
        assert name.startswith("test_") or "mode=memory" in name, f"not a test database: {name}"
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=root / "media",
            PRIVATE_MEDIA_ROOT=root / "private",
            PDF_CACHE_ROOT=root / "pdf-cache",
        ),
        translation.override("fr"),
        transaction.atomic(),
    ):
        data = services.cahier_pdf(meeting=make_rich_meeting(), audience="members")
        transaction.set_rollback(True)
    with pikepdf.open(io.BytesIO(data)) as document:
        yield document


# --- Reading the structure and the content streams ----------------------------------------------


def kids(element) -> list:
    value = element.get("/K")
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def elements(pdf) -> list:
    """Every structure element reachable from the StructTreeRoot, in tree order."""
    found = []

    def walk(element):
        found.append(element)
        for kid in kids(element):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid)

    for top in kids(pdf.Root.StructTreeRoot):
        walk(top)
    return found


def of_type(pdf, kind: str) -> list:
    return [element for element in elements(pdf) if kind == element.S]


def page_elements(pdf) -> dict[int, pikepdf.Array]:
    """The ParentTree: each page's structure elements, indexed by MCID."""
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    return {
        int(nums[i]): nums[i + 1]
        for i in range(0, len(nums), 2)
        if isinstance(nums[i + 1], pikepdf.Array)
    }


def marked_text(pdf, page) -> list[tuple[str, int | None, str]]:
    """The text shown on a page, one item per marked-content sequence: ("Artifact", None, text),
    (tag, MCID, text) for tagged content, ("", None, text) for text outside any mark."""
    fonts = {}
    for name, font in page.Resources.get("/Font", {}).items():
        if "/ToUnicode" in font:
            fonts[name] = _cmap(font.ToUnicode.read_bytes())
    pieces: list[tuple[str, int | None, list[str]]] = []
    stack: list[tuple[str, int | None]] = []
    font: dict[int, str] = {}
    for operands, command in pikepdf.parse_content_stream(page):
        operator = str(command)
        if operator in ("BDC", "BMC"):
            properties = operands[1] if operator == "BDC" else None
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            stack.append((str(operands[0])[1:], None if mcid is None else int(mcid)))
        elif operator == "EMC":
            stack.pop()
        elif operator == "Tf":
            font = fonts.get(str(operands[0]), {})
        elif operator in ("Tj", "TJ"):
            strings = operands[0] if operator == "TJ" else [operands[0]]
            text = "".join(
                font.get(int.from_bytes(code[i : i + 2], "big"), "\ufffd")
                for code in (bytes(s) for s in strings if isinstance(s, pikepdf.String))
                for i in range(0, len(code), 2)
            )
            if any(tag == "Artifact" for tag, _ in stack):
                mark = ("Artifact", None)
            elif stack:
                mark = stack[-1]
            else:
                mark = ("", None)
            if pieces and pieces[-1][:2] == mark and mark[1] is not None:
                pieces[-1][2].append(text)
            else:
                pieces.append((*mark, [text]))
    return [(tag, mcid, "".join(texts)) for tag, mcid, texts in pieces]


def texts(pdf, number: int, *, artifact: bool) -> str:
    """The text of page `number` (1-based) that is, or is not, an artifact, one line a mark."""
    pieces = marked_text(pdf, pdf.pages[number - 1])
    return "\n".join(text for tag, _, text in pieces if (tag == "Artifact") == artifact)


# --- What WeasyPrint does alone -----------------------------------------------------------------

PIXEL = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)
SMALL = f"""<!DOCTYPE html><html lang="fr"><head><title>T</title><style>
@page {{ @bottom-left {{ content: "Pied de page" }} }}
a::after {{ content: leader(".") " 9" }}
</style></head><body><p><a href="#x">Titre <em>court</em></a></p>
<table><tr><th scope="row">Ligne</th><td>Valeur</td></tr></table>
<img alt="Un carré" src="data:image/png;base64,{PIXEL}"></body></html>"""


def test_weasyprint_alone_tags_margin_text_outside_the_tree_and_gives_no_scope():
    """Why `finish_tagging` exists (WeasyPrint 70): if this fails after an upgrade, WeasyPrint
    may now do the work itself (Kozea/WeasyPrint #1836, #2508) and the rewrite can go."""
    from weasyprint import HTML

    raw = HTML(string=SMALL).write_pdf(pdf_variant="pdf/ua-1")
    with pikepdf.open(io.BytesIO(raw)) as alone:
        pieces = marked_text(alone, alone.pages[0])
        footer = [(tag, mcid) for tag, mcid, text in pieces if text == "Pied de page"]
        assert footer == [("Span", footer[0][1])]  # tagged, not an artifact…
        orphan = page_elements(alone)[0][footer[0][1]]
        assert orphan.objgen not in {element.objgen for element in elements(alone)}  # …orphan
        link = of_type(alone, "/Link")[0]
        assert any(
            isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/Link" for kid in kids(link)
        )
        assert "/Scope" not in of_type(alone, "/TH")[0].A
        assert str(of_type(alone, "/Figure")[0].Alt) == "Un carré"  # what it does already

    with pikepdf.open(io.BytesIO(services.finish_tagging(raw))) as finished:
        pieces = marked_text(finished, finished.pages[0])
        assert ("Artifact", None, "Pied de page") in pieces
        assert [text for tag, _, text in pieces if tag != "Artifact"] == [
            "Titre ",
            "court",  # the link's own inline child stays tagged
            "Ligne",
            "Valeur",
        ]
        assert str(of_type(finished, "/TH")[0].A.Scope) == "/Row"
        assert str(of_type(finished, "/Figure")[0].Alt) == "Un carré"


# --- The Cahier ---------------------------------------------------------------------------------


def test_the_cahier_has_a_structure_tree_under_one_document_element(pdf):
    tree = pdf.Root.StructTreeRoot

    assert tree.Type == "/StructTreeRoot"
    assert [element.S for element in kids(tree)] == ["/Document"]
    assert pdf.Root.MarkInfo.Marked
    assert str(pdf.Root.Lang) == "fr"
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/Figure", "/Link"} <= {
        element.S for element in elements(pdf)
    }


def test_every_text_is_either_tagged_content_of_the_tree_or_an_artifact(pdf):
    linked = {element.objgen for element in elements(pdf)}
    by_page = page_elements(pdf)
    for number, page in enumerate(pdf.pages):
        for tag, mcid, text in marked_text(pdf, page):
            assert tag, f"untagged text on page {number + 1}: {text!r}"
            if tag != "Artifact":
                element = by_page[number][mcid]
                assert element.objgen in linked, f"orphan tag on page {number + 1}: {text!r}"


def test_running_headers_and_footers_are_artifacts_not_structure(pdf):
    total = len(pdf.pages)
    for number in range(1, total + 1):
        artifacts, tagged = texts(pdf, number, artifact=True), texts(pdf, number, artifact=False)
        assert FOOTER in artifacts.split("\n")
        assert f"page {number} / {total}" in artifacts.split("\n")
        assert FOOTER not in tagged
        assert not re.search(r"page \d+ / \d+", tagged)
    # After the cover, the Cahier's title runs in the header: only the cover's heading is tagged.
    assert TITLE in texts(pdf, 1, artifact=False)
    for number in range(2, total + 1):
        assert TITLE in texts(pdf, number, artifact=True).split("\n")
        assert TITLE not in texts(pdf, number, artifact=False)
    # The chapter runs in the header too; the page also has it, tagged, as its heading.
    programme = fr("Programme of the day")
    for number in range(3, total + 1):
        if programme in texts(pdf, number, artifact=False).split("\n"):
            break
    else:
        pytest.fail("no page has the programme heading")
    assert programme in texts(pdf, number, artifact=True).split("\n")


def test_contents_leaders_and_page_numbers_are_artifacts_and_links_keep_their_annotations(pdf):
    contents = texts(pdf, 2, artifact=False)
    leaders = texts(pdf, 2, artifact=True)

    assert fr("Contents") in contents
    assert fr("Programme of the day") in contents.split("\n")
    assert "Habitat inclusif" in contents.split("\n")
    assert "." not in contents.replace(fr("Contents"), "")  # no leader dot is tagged
    assert not re.search(r"^\d+$", contents, re.M)  # nor any page number
    assert leaders.count(".") > 100
    assert re.search(r"^\d+$", leaders, re.M)

    links = of_type(pdf, "/Link")
    assert links
    nested = [
        kid
        for link in links
        for kid in kids(link)
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/Link"
    ]
    assert not nested
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    linked = {link.objgen for link in links}
    annotations = [a for a in pdf.pages[1].get("/Annots", []) if a.Subtype == "/Link"]
    assert annotations
    for annotation in annotations:
        assert parents[int(annotation.StructParent)].objgen in linked


def test_header_cells_carry_their_scope_column_in_heads_row_beside_data(pdf):
    headers = of_type(pdf, "/TH")

    assert headers
    scopes = {}
    for header in headers:
        section = header.P.P.S  # TH → TR → THead/TBody
        scopes.setdefault(str(section), set()).add(str(header.A.Scope))
    assert scopes == {"/THead": {"/Column"}, "/TBody": {"/Row"}}  # as the template's scope say


def test_images_carry_their_alternative_text(pdf):
    figures = of_type(pdf, "/Figure")

    alts = {str(figure.Alt) for figure in figures}
    assert len(figures) == 5  # AR Hlm's mark (cover, closing page), two logos, the photo
    assert alts == {
        "AR Hlm PACA & Corse · Occitanie",
        fr("Logo of %(name)s", name="ICF Habitat Sud-Est Méditerranée"),
        fr("Logo of %(name)s", name="Fédération des Centres sociaux"),
        "Des habitants plantent des tomates",
    }
