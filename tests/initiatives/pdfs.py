"""PDFs built in memory for the toolbox tests: with pikepdf for well-formed files, by hand for
what pikepdf does not write (object streams under any filter, LZW, incremental updates)."""

import base64
import io
import re
import zlib
from collections.abc import Callable, Iterable, Sequence

import pikepdf
from pikepdf import Array, Dictionary, Name, String


def javascript() -> Dictionary:
    """A JavaScript action (a new one each time: pikepdf ties objects to their first PDF)."""
    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String("app.alert(1)"))


def lzw_encode(data: bytes) -> bytes:
    """LZWDecode's encoder, which qpdf lacks: the table is reset before it fills."""
    codes, table, current = [256], {bytes([i]): i for i in range(256)}, b""
    for byte in data:
        candidate = current + bytes([byte])
        if candidate in table:
            current = candidate
            continue
        codes.append(table[current])
        table[candidate] = len(table) + 2
        if len(table) + 2 >= 4094:
            codes.append(256)
            table = {bytes([i]): i for i in range(256)}
        current = bytes([byte])
    if current:
        codes.append(table[current])
    return lzw_pack([*codes, 257])


def lzw_pack(codes: Sequence[int]) -> bytes:
    """Codes of 9 to 12 bits, most significant first, widened one code early (EarlyChange 1)
    as the decoder's table grows."""
    out, buffer, bits, next_code = bytearray(), 0, 0, 258
    for index, code in enumerate(codes):
        width = 9 if next_code < 511 else 10 if next_code < 1023 else 11 if next_code < 2047 else 12
        buffer, bits = ((buffer << width) | code) & 0xFFFFFF, bits + width
        while bits >= 8:
            bits -= 8
            out.append((buffer >> bits) & 0xFF)
        if code == 256:
            next_code = 258
        elif index > 0 and codes[index - 1] != 256:
            next_code += 1
    if bits:
        out.append((buffer << (8 - bits)) & 0xFF)
    return bytes(out)


def lzw_bomb(blocks: int) -> bytes:
    """LZW data of 5.4 kB per block, each decoding to 7.4 MB of zeros: from a reset table,
    every code is one zero longer than the one before."""
    return lzw_pack([*[256, 0, *range(258, 4093)] * blocks, 257])


def run_length_encode(data: bytes) -> bytes:
    """RunLengthDecode's encoder, one byte per run: every other byte is a run length, so no
    name stays whole in the encoded bytes."""
    return b"".join(b"\x00" + bytes([byte]) for byte in data) + b"\x80"


ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "ASCIIHexDecode": lambda data: data.hex().encode() + b">",
    "ASCII85Decode": lambda data: base64.a85encode(data) + b"~>",
    "FlateDecode": zlib.compress,
    "RunLengthDecode": run_length_encode,
    "LZWDecode": lzw_encode,
}


def encode(data: bytes, filters: Sequence[str]) -> bytes:
    """Encode so that a reader applying `filters` in order gets `data` back."""
    for name in reversed(filters):
        data = ENCODERS[name](data)
    return data


def filter_entry(filters: Sequence[str]) -> bytes:
    if not filters:
        return b""
    return b" /Filter [" + b" ".join(b"/" + name.encode() for name in filters) + b"]"


def stream_object(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


MINIMAL_OBJECTS = {
    1: b"<< /Type /Catalog /Pages 2 0 R >>",
    2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
}


def raw_pdf(
    objects: dict[int, bytes],
    *,
    packed: Iterable[int] = (),
    filters: Sequence[str] = ("FlateDecode",),
    compressed: dict[int, tuple[int, int]] | None = None,
    root: int = 1,
) -> bytes:
    """A PDF 1.7 written by hand with a cross-reference stream: `objects` maps numbers to
    bodies; the numbers in `packed` go into one object stream encoded through `filters`
    (in the order a reader decodes them); `compressed` says which (object stream, index)
    holds an object written by the caller in an object stream of its own."""
    packed = sorted(packed)
    size = max([*objects, *(compressed or ())]) + 3
    objstm_number, xref_number = size - 2, size - 1
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    entries = {0: (0, 0, 0xFFFF)}
    for number, (stream, index) in (compressed or {}).items():
        entries[number] = (2, stream, index)
    for number in sorted(set(objects) - set(packed) - set(compressed or ())):
        entries[number] = (1, len(out), 0)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    if packed:
        header, bodies = [], bytearray()
        for index, number in enumerate(packed):
            header.append(b"%d %d" % (number, len(bodies)))
            bodies += objects[number] + b"\n"
            entries[number] = (2, objstm_number, index)
        first = b" ".join(header) + b"\n"
        data = encode(first + bodies, filters)
        entries[objstm_number] = (1, len(out), 0)
        dictionary = b"/Type /ObjStm /N %d /First %d" % (len(packed), len(first))
        out += b"%d 0 obj\n" % objstm_number
        out += stream_object(dictionary + filter_entry(filters), data) + b"\nendobj\n"
    entries[xref_number] = (1, len(out), 0)
    rows = b"".join(
        bytes([kind]) + field.to_bytes(4, "big") + index.to_bytes(2, "big")
        for kind, field, index in (entries.get(n, (0, 0, 0)) for n in range(size))
    )
    dictionary = b"/Type /XRef /Size %d /W [1 4 2] /Root %d 0 R" % (size, root)
    out += b"%d 0 obj\n" % xref_number + stream_object(dictionary, rows) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % entries[xref_number][1]
    return bytes(out)


def append_update(data: bytes, objects: dict[int, bytes], *, freed: Iterable[int] = ()) -> bytes:
    """An incremental update: `objects` (new or replaced) appended after the file's end, the
    numbers in `freed` deleted, in a cross-reference section pointing back to the previous one."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        size, root = int(pdf.trailer.Size), pdf.Root.objgen[0]
    previous = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    entries = dict.fromkeys(freed, b"0000000000 00001 f \n")
    for number, body in sorted(objects.items()):
        entries[number] = b"%010d 00000 n \n" % len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for number, entry in sorted(entries.items()):
        out += b"%d 1\n" % number + entry
    size = max(size, max(entries) + 1)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\n" % (size, root, previous)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def catalogue_body(data: bytes) -> bytes:
    """The catalogue of a PDF as written (to append a changed version of it)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return pdf.Root.unparse(resolved=True)


# --- With pikepdf ------------------------------------------------------------------------------


def new_pdf() -> pikepdf.Pdf:
    """One blank A4 page."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    return pdf


def to_bytes(pdf: pikepdf.Pdf, **options) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **options)
    return buffer.getvalue()


def add_annotation(pdf: pikepdf.Pdf, **entries) -> Dictionary:
    annotation = pdf.make_indirect(
        Dictionary(Type=Name.Annot, Rect=Array([50, 700, 200, 720]), **entries)
    )
    page = pdf.pages[0].obj
    if "/Annots" not in page:
        page.Annots = Array()
    page.Annots.append(annotation)
    return annotation


def plain() -> bytes:
    return to_bytes(new_pdf())


def open_action_fit() -> bytes:
    """/OpenAction as a destination: show the first page, whole. Harmless."""
    pdf = new_pdf()
    pdf.Root.OpenAction = Array([pdf.pages[0].obj, Name.Fit])
    return to_bytes(pdf)


def open_action_goto() -> bytes:
    pdf = new_pdf()
    pdf.Root.OpenAction = Dictionary(S=Name.GoTo, D=Array([pdf.pages[0].obj, Name.Fit]))
    return to_bytes(pdf)


def uri_link(uri: str = "https://www.arhlm.fr/") -> bytes:
    pdf = new_pdf()
    add_annotation(pdf, Subtype=Name.Link, A=Dictionary(S=Name.URI, URI=String(uri)))
    return to_bytes(pdf)


def outline_and_page_links() -> bytes:
    """Two pages, an outline whose items follow one another (/Next), links that turn the
    page (/Named) or go to one (/GoTo), tagged content whose structure has attributes (/A,
    which is no action there) and a page transition."""
    pdf = new_pdf()
    pdf.add_blank_page(page_size=(595, 842))
    first, second = (page.obj for page in pdf.pages)
    outline = pdf.make_indirect(Dictionary(Type=Name.Outlines, Count=2))
    items = [
        pdf.make_indirect(
            Dictionary(Title=String(title), Parent=outline, Dest=Array([page, Name.Fit]))
        )
        for title, page in (("Début", first), ("Suite", second))
    ]
    items[0].Next, items[1].Prev = items[1], items[0]
    outline.First, outline.Last = items[0], items[-1]
    pdf.Root.Outlines = outline
    add_annotation(pdf, Subtype=Name.Link, A=Dictionary(S=Name.Named, N=Name.NextPage))
    goto = Dictionary(S=Name.GoTo, D=Array([second, Name.Fit]))
    add_annotation(pdf, Subtype=Name.Link, A=goto)
    attributes = Dictionary(O=Name.Layout, Placement=Name.Block)
    paragraph = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.P, A=attributes, K=0))
    pdf.Root.StructTreeRoot = Dictionary(Type=Name.StructTreeRoot, K=paragraph)
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    paragraph.P = pdf.Root.StructTreeRoot
    # A slide show's page transition: /Type /Trans, harmless (unlike the /Trans action).
    second.Trans = Dictionary(Type=Name.Trans, S=Name.Dissolve, D=1)
    return to_bytes(pdf)


def open_action(action: Dictionary) -> bytes:
    pdf = new_pdf()
    pdf.Root.OpenAction = pdf.make_indirect(action)
    return to_bytes(pdf)


def page_additional_action() -> bytes:
    """/AA on a page: JavaScript when the page opens."""
    pdf = new_pdf()
    pdf.pages[0].obj.AA = Dictionary(O=javascript())
    return to_bytes(pdf)


def catalogue_additional_action() -> bytes:
    """/AA on the document: before it is printed."""
    pdf = new_pdf()
    pdf.Root.AA = Dictionary(WP=javascript())
    return to_bytes(pdf)


def link_action(action: Dictionary) -> bytes:
    """A link annotation that runs `action` when clicked."""
    pdf = new_pdf()
    add_annotation(pdf, Subtype=Name.Link, A=action)
    return to_bytes(pdf)


def annotation_additional_action() -> bytes:
    """/AA on an annotation: JavaScript when the mouse enters it."""
    pdf = new_pdf()
    add_annotation(pdf, Subtype=Name.Link, AA=Dictionary(E=javascript()))
    return to_bytes(pdf)


def chained_action() -> bytes:
    """A harmless link whose /Next runs JavaScript after it."""
    pdf = new_pdf()
    action = Dictionary(S=Name.URI, URI=String("https://www.arhlm.fr/"), Next=javascript())
    add_annotation(pdf, Subtype=Name.Link, A=action)
    return to_bytes(pdf)


def form(*, field_entries: dict | None = None, xfa: bool = False) -> bytes:
    """A form with one text field (as a widget of the first page)."""
    pdf = new_pdf()
    entries = {"FT": Name.Tx, "T": String("nom")} | (field_entries or {})
    field = add_annotation(pdf, Subtype=Name.Widget, **entries)
    acroform = Dictionary(Fields=Array([field]))
    if xfa:
        acroform.XFA = pdf.make_stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
    pdf.Root.AcroForm = acroform
    return to_bytes(pdf)


def submit_button() -> bytes:
    """A push button that sends the form's content to a server."""
    submit = Dictionary(S=Name.SubmitForm, F=Dictionary(FS=Name.URL, F=String("https://x.test")))
    return form(field_entries={"FT": Name.Btn, "Ff": 65536, "A": submit})


def field_additional_action() -> bytes:
    """/AA on a form field: JavaScript to format what is typed."""
    return form(field_entries={"AA": Dictionary(F=javascript())})


def document_javascript() -> bytes:
    """JavaScript in the catalogue's /Names tree: it runs when the document opens."""
    pdf = new_pdf()
    names = Array([String("init"), pdf.make_indirect(javascript())])
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=names))
    return to_bytes(pdf)


def embedded_file() -> bytes:
    """An attachment in the /EmbeddedFiles name tree, as pikepdf writes one."""
    pdf = new_pdf()
    spec = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00", mime_type="application/x-msdownload")
    pdf.attachments["setup.exe"] = spec
    return to_bytes(pdf)


def file_attachment_annotation() -> bytes:
    """A paper-clip annotation on the page carrying a file."""
    pdf = new_pdf()
    stream = pdf.make_stream(b"MZ\x90\x00")
    spec = Dictionary(Type=Name.Filespec, F=String("setup.exe"), EF=Dictionary(F=stream))
    add_annotation(pdf, Subtype=Name.FileAttachment, FS=spec)
    return to_bytes(pdf)


def loose_embedded_file_stream() -> bytes:
    """An /EmbeddedFile stream under a key no viewer knows, without any file specification."""
    pdf = new_pdf()
    stream = pdf.make_stream(b"MZ\x90\x00", Type=Name.EmbeddedFile)
    pdf.Root.Extra = Dictionary(Ignored=stream)
    return to_bytes(pdf)


def rich_media() -> bytes:
    """A RichMedia (Flash) annotation."""
    pdf = new_pdf()
    content = Dictionary(Assets=Dictionary(Names=Array()), Configurations=Array())
    add_annotation(pdf, Subtype=Name.RichMedia, RichMediaContent=content)
    return to_bytes(pdf)


def encrypted(*, user: str = "", owner: str = "secret") -> bytes:
    return to_bytes(new_pdf(), encryption=pikepdf.Encryption(user=user, owner=owner))


# --- By hand ---------------------------------------------------------------------------------


def hidden_open_action(filters: Sequence[str]) -> bytes:
    """The catalogue's /OpenAction runs a JavaScript action, both inside an object stream
    encoded with `filters`: neither "/OpenAction" nor "/JavaScript" is in the raw bytes."""
    objects = dict(MINIMAL_OBJECTS)
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
    objects[4] = b"<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>"
    return raw_pdf(objects, packed=[1, 4], filters=filters)


def object_stream_bomb(blocks: int) -> bytes:
    """The catalogue in an LZW object stream that decodes to blocks × 7.4 MB."""
    objects = {number: body for number, body in MINIMAL_OBJECTS.items() if number != 1}
    number = max(objects) + 1
    objects[number] = stream_object(
        b"/Type /ObjStm /N 1 /First 4 /Filter /LZWDecode", lzw_bomb(blocks)
    )
    return raw_pdf(objects, compressed={1: (number, 0)})


def escaped_names() -> bytes:
    """/Java#53cript and /J#53: the same names, written with #xx escapes."""
    objects = dict(MINIMAL_OBJECTS)
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R /Open#41ction << /S /Java#53cript /J#53 (1) >> >>"
    return raw_pdf(objects)


def updated_without_javascript() -> bytes:
    """A PDF whose /OpenAction ran JavaScript, then an incremental update that takes it away
    (a new catalogue, the action's object deleted): the old versions stay in the file."""
    objects = dict(MINIMAL_OBJECTS)
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
    objects[4] = b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"
    return append_update(classic_pdf(objects), {1: MINIMAL_OBJECTS[1]}, freed=[4])


def updated_with_javascript() -> bytes:
    """A clean PDF, then an incremental update that gives its catalogue an /OpenAction."""
    clean = to_bytes(new_pdf(), object_stream_mode=pikepdf.ObjectStreamMode.disable)
    with pikepdf.open(io.BytesIO(clean)) as pdf:
        root, size = pdf.Root.objgen[0], int(pdf.trailer.Size)
    catalogue = catalogue_body(clean)
    assert catalogue.endswith(b">>")
    return append_update(
        clean,
        {
            root: catalogue[:-2] + b" /OpenAction %d 0 R >>" % size,
            size: b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",
        },
    )


FREE_ENTRY = b"0000000000 65535 f \n"


def classic_pdf(objects: dict[int, bytes], *, padding: int = 0, root: int = 1) -> bytes:
    """A PDF 1.4 written by hand with a classic cross-reference table; `padding` bytes of
    comment after the header make it bigger (the offsets are written at a fixed width)."""
    out = bytearray(b"%PDF-1.4\n%" + b"x" * padding + b"\n")
    offsets = {}
    for number, body in sorted(objects.items()):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n" % size + FREE_ENTRY
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else FREE_ENTRY
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%010d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def many_objects(count: int) -> bytes:
    """One page and `count` objects in all (the others are null)."""
    objects = dict(MINIMAL_OBJECTS)
    objects.update(dict.fromkeys(range(len(objects) + 1, count + 1), b"null"))
    return classic_pdf(objects)
