"""The toolbox's PDF check, run as a child process: `python -I pdf_check.py < upload.pdf`.

qpdf (through pikepdf) reads the file as a viewer would: every filter, object stream and
incremental update decoded, names unescaped. Every object is then walked for what runs, opens,
sends or carries something: JavaScript, actions other than going to a page or opening a web
link, additional actions (/AA), attachments, RichMedia and other multimedia, XFA forms.
A file that passes is written again by qpdf, and that copy is what the site stores: the
incremental-update history, unreferenced objects and odd encodings of the upload are gone.

qpdf decodes object and cross-reference streams itself, with no bound for LZW: a 20 MB upload
could ask it for gigabytes. Hence a process of its own, with its memory and CPU time limited;
this module imports only the standard library and pikepdf, and needs no Django.

Exit codes: ACCEPTED (the copy on stdout) or one of the refusals below (why on stderr)."""

import io
import resource
import sys

ACCEPTED = 0
ACTIVE = 10
ENCRYPTED = 11
DAMAGED = 12
TOO_COMPLEX = 13

MEMORY_BYTES = 1024 * 1024 * 1024  # address space of the child, interpreter included
CPU_SECONDS = 20
# The limits qpdf offers, for the streams it decodes while reading.
DECODED_BYTES = 64 * 1024 * 1024
MAX_WARNINGS = 500
# A long, text-heavy report has a few tens of thousands of objects.
MAX_OBJECTS = 200_000
MAX_ENTRIES = 2_500_000  # dictionary and array entries walked, in all (some seconds)

# Keys that only exist to run or carry something: JavaScript (an action's /JS, the catalogue's
# /Names /JavaScript tree), additional actions on the document, pages, annotations and fields,
# attachments (the /EmbeddedFiles tree, a file specification's /EF), XFA forms, RichMedia.
ACTIVE_KEYS = frozenset(
    {"/JS", "/JavaScript", "/AA", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent"}
)
# Values of /Type or /Subtype: attached files and annotations that play or run content.
# (A page transition is /Type /Trans: only the action of that name, /S /Trans, is refused.)
ACTIVE_TYPES = frozenset(
    {"/EmbeddedFile", "/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound", "/3D"}
)
# Action types (/S), wherever they appear: none of these names has another meaning for /S.
ACTIVE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/ResetForm",
        "/GoToR",
        "/GoToE",
        "/GoToDp",
        "/Rendition",
        "/Movie",
        "/Sound",
        "/Hide",
        "/SetOCGState",
        "/Trans",
        "/GoTo3DView",
        "/RichMediaExecute",
    }
)
# Where an action is expected (an annotation's or outline item's /A, a link's /PA, an action's
# /Next, the catalogue's /OpenAction), only these pass: go to a page or an article, open a web
# or mail link, turn the page. A dictionary there without /S is no action (a tagged PDF's
# structure attributes are /A too) and does nothing.
SAFE_ACTIONS = frozenset({"/GoTo", "/Thread", "/URI", "/Named"})
SAFE_NAMED = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})
SAFE_SCHEMES = (b"http:", b"https:", b"mailto:")
ACTION_KEYS = frozenset({"/A", "/PA", "/Next", "/OpenAction"})
CHECKED_NAMES = (("/Type", ACTIVE_TYPES), ("/Subtype", ACTIVE_TYPES), ("/S", ACTIVE_ACTIONS))


class RefusedError(Exception):
    def __init__(self, code: int, reason: str):
        super().__init__(reason)
        self.code = code


def clean(data: bytes) -> bytes:
    """The file written again by qpdf, or RefusedError."""
    import pikepdf

    pikepdf.settings.set_qpdf_limits(
        doc_max_warnings=MAX_WARNINGS,
        flate_max_memory=DECODED_BYTES,
        run_length_max_memory=DECODED_BYTES,
        png_max_memory=DECODED_BYTES,
        tiff_max_memory=DECODED_BYTES,
    )
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as error:
        raise RefusedError(ENCRYPTED, "a password is needed to open it") from error
    except (pikepdf.PdfError, ValueError, RuntimeError) as error:
        raise RefusedError(DAMAGED, f"qpdf cannot open it: {error}") from error
    with pdf:
        if pdf.is_encrypted:
            raise RefusedError(ENCRYPTED, "it is encrypted (with an owner password)")
        try:
            if len(pdf.get_xref_table()) > MAX_OBJECTS:
                raise RefusedError(TOO_COMPLEX, f"more than {MAX_OBJECTS} objects")
            _walk(pdf)
            output = io.BytesIO()
            pdf.save(
                output,
                linearize=False,
                object_stream_mode=pikepdf.ObjectStreamMode.preserve,
                # Page contents, images and fonts are copied as they are: nothing in them runs.
                stream_decode_level=pikepdf.StreamDecodeLevel.none,
                fix_metadata_version=False,
            )
        except (pikepdf.PdfError, ValueError, RuntimeError) as error:
            raise RefusedError(DAMAGED, f"qpdf cannot read it all: {error}") from error
    return output.getvalue()


def _walk(pdf) -> None:
    """Every object of the file, in its latest version, and the direct objects inside it.
    (Written for speed: a 20 MB report has tens of thousands of dictionaries.)"""
    from pikepdf import Array, Dictionary, Object, Stream

    budget = MAX_ENTRIES
    for top in pdf.objects:
        pending = [top]
        while pending:
            item = pending.pop()
            if isinstance(item, Stream):
                item = item.stream_dict
            if isinstance(item, Dictionary):
                entries = dict(item.items())
                _check_dictionary(entries)
                children = entries.values()
            elif isinstance(item, Array):
                children = list(item)
            else:
                continue
            budget -= len(children)
            if budget < 0:
                raise RefusedError(TOO_COMPLEX, f"more than {MAX_ENTRIES} entries")
            # An indirect object is walked on its own, as one of pdf.objects.
            pending.extend(
                child
                for child in children
                if isinstance(child, Object)
                and not child.is_indirect
                and isinstance(child, Dictionary | Array)
            )


def _check_dictionary(entries: dict) -> None:
    """`entries`: a PDF dictionary's, keyed by name ("/Type")."""
    from pikepdf import Array, Dictionary

    if not ACTIVE_KEYS.isdisjoint(entries):
        raise RefusedError(ACTIVE, f"{min(ACTIVE_KEYS.intersection(entries))} entry")
    for key, names in CHECKED_NAMES:
        if key in entries and str(entries[key]) in names:
            raise RefusedError(ACTIVE, f"{key} {entries[key]}")
    if "/Type" in entries and str(entries["/Type"]) == "/Action":
        _check_action(entries)
    if ACTION_KEYS.isdisjoint(entries):
        return
    # An /OpenAction destination ([page /Fit], a name) only sets the first page shown; an
    # action other than going to a page would run when the file opens.
    opening = entries.get("/OpenAction")
    if isinstance(opening, Dictionary) and str(opening.get("/S")) != "/GoTo":
        raise RefusedError(ACTIVE, f"/OpenAction {opening.get('/S')}")
    for key in ACTION_KEYS.intersection(entries):
        value = entries[key]
        for action in value if isinstance(value, Array) else [value]:
            if isinstance(action, Dictionary) and "/S" in action:
                _check_action(dict(action.items()))


def _check_action(entries: dict) -> None:
    from pikepdf import String

    kind = str(entries.get("/S"))
    if kind not in SAFE_ACTIONS:
        raise RefusedError(ACTIVE, f"{kind} action")
    if kind == "/Named" and str(entries.get("/N")) not in SAFE_NAMED:
        raise RefusedError(ACTIVE, f"/Named {entries.get('/N')} action")
    if kind == "/URI":
        uri = entries.get("/URI")
        uri = bytes(uri).strip().lower() if isinstance(uri, String) else b""
        if not uri.startswith(SAFE_SCHEMES):
            raise RefusedError(ACTIVE, "a link that is neither http(s) nor mailto")


def main() -> int:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 5))
    data = sys.stdin.buffer.read()
    try:
        output = clean(data)
    except RefusedError as refusal:
        sys.stderr.write(f"{refusal}\n")
        return refusal.code
    except MemoryError:
        sys.stderr.write("out of memory\n")
        return TOO_COMPLEX
    sys.stdout.buffer.write(output)
    return ACCEPTED


if __name__ == "__main__":
    sys.exit(main())
