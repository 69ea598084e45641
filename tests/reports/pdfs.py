"""Reading the portal's PDFs in tests.

pdftotext and pdfinfo (poppler-utils) give the text and metadata as a reader sees them. pdftotext
turns every kind of space into a plain one, so the characters actually typeset (narrow no-break
spaces…) are read from the PDF itself: its streams inflated, the text operators decoded through
each font's ToUnicode map.
"""

import io
import os
import re
import shutil
import subprocess
import zlib
from dataclasses import dataclass, field
from functools import cached_property

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext


def need(tool: str) -> str:
    """The path of a poppler tool; skip (fail on CI) when it is not installed."""
    path = shutil.which(tool)
    if path:
        return path
    message = f"{tool} is missing: install Debian's poppler-utils package."
    if os.environ.get("REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)
    return ""  # unreachable: skip raises


def pdf_text(pdf: bytes, *, mode: str = "-layout") -> str:
    """The text pdftotext extracts, pages separated by form feeds: laid out as printed
    ("-layout"), in the content stream's order ("-raw"), or in reading order ("")."""
    args = [need("pdftotext"), "-enc", "UTF-8", *([mode] if mode else []), "-", "-"]
    return subprocess.run(args, input=pdf, capture_output=True, check=True).stdout.decode()


def pdf_info(pdf: bytes) -> dict[str, str]:
    result = subprocess.run(
        [need("pdfinfo"), "-enc", "UTF-8", "-"], input=pdf, capture_output=True, check=True
    )
    info = {}
    for line in result.stdout.decode().splitlines():
        key, sep, value = line.partition(":")
        if sep:
            info[key.strip()] = value.strip()
    return info


def pages(text: str) -> list[str]:
    """The pages of a pdftotext output (the last form feed ends the last page)."""
    return text.split("\f")[:-1]


def flat(text: str) -> str:
    """Whitespace (narrow and no-break spaces, line ends) collapsed to single spaces."""
    return " ".join(text.split())


def png(color=(200, 80, 30), size=(24, 16)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


# --- Inside the PDF ---------------------------------------------------------------------------

_STREAM = re.compile(rb"(\d+) 0 obj\s*<<((?:(?!endobj).)*?)>>\s*stream\r?\n", re.S)
_LENGTH = re.compile(rb"/Length (\d+)\b(?! \d+ R)")


@dataclass
class Parsed:
    dictionaries: dict[int, bytes] = field(default_factory=dict)
    streams: dict[int, bytes] = field(default_factory=dict)

    def everything(self) -> bytes:
        return b"\n".join([*self.dictionaries.values(), *self.streams.values()])


def parse(pdf: bytes) -> Parsed:
    """The objects of a PDF as WeasyPrint writes them: streams inflated, object streams opened."""
    parsed = Parsed()
    for match in _STREAM.finditer(pdf):
        number, head = int(match.group(1)), match.group(2)
        length = int(_LENGTH.search(head).group(1))
        data = pdf[match.end() : match.end() + length]
        if b"/FlateDecode" in head:
            data = zlib.decompress(data)
        parsed.dictionaries[number] = head
        parsed.streams[number] = data
        if b"/ObjStm" in head:
            first = int(re.search(rb"/First (\d+)", head).group(1))
            numbers = [int(n) for n in data[:first].split()]
            pairs = list(zip(numbers[::2], numbers[1::2], strict=True))
            ends = [offset for _, offset in pairs[1:]] + [len(data) - first]
            for (inner, offset), end in zip(pairs, ends, strict=True):
                parsed.dictionaries[inner] = data[first + offset : first + end].strip()
    # Objects written outside object streams.
    for match in re.finditer(rb"(\d+) 0 obj((?:(?!endobj).)*?)endobj", pdf, re.S):
        if b"stream" not in match.group(2):
            parsed.dictionaries.setdefault(int(match.group(1)), match.group(2).strip())
    return parsed


def inflated(pdf: bytes) -> bytes:
    """Every object of the PDF, decompressed: what to search for names, tags, leaked bytes."""
    return parse(pdf).everything()


def image_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Subtype\s*/Image\b", inflated(pdf)))


def has_attachment(pdf: bytes) -> bool:
    return b"/EmbeddedFile" in inflated(pdf)


def _cmap(data: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for source, target in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            mapping[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, target in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
        ):
            for code in range(int(low, 16), int(high, 16) + 1):
                mapping[code] = chr(int(target, 16) + code - int(low, 16))
    return mapping


def typeset_text(pdf: bytes) -> str:
    """The characters typeset, one line per text-showing operator, exactly as the fonts' ToUnicode
    maps give them (narrow no-break spaces included)."""
    parsed = parse(pdf)
    maps = {}
    for number, head in parsed.dictionaries.items():
        reference = re.search(rb"/ToUnicode (\d+) 0 R", head)
        if reference and int(reference.group(1)) in parsed.streams:
            maps[number] = _cmap(parsed.streams[int(reference.group(1))])
    fonts = {}
    for head in parsed.dictionaries.values():
        for name, reference in re.findall(rb"/([^\s/<>\[\]()]+) (\d+) 0 R", head):
            if int(reference) in maps:
                fonts[name] = maps[int(reference)]
    operators = re.compile(
        rb"/([^\s/<>\[\]()]+) [\d.]+ Tf|\[((?:<[0-9a-fA-F]*>|[^\]<])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj"
    )
    lines = []
    for data in parsed.streams.values():
        if b"BT" not in data or b" Tf" not in data:
            continue
        font: dict[int, str] = {}
        for match in operators.finditer(data):
            if match.group(1):
                font = fonts.get(match.group(1), {})
                continue
            strings = (
                re.findall(rb"<([0-9a-fA-F]*)>", match.group(2))
                if match.group(2) is not None
                else [match.group(3)]
            )
            codes = [int(s[i : i + 4], 16) for s in strings for i in range(0, len(s), 4)]
            lines.append("".join(font.get(code, "\ufffd") for code in codes))
    return "\n".join(lines)


# --- A rendered PDF as the tests read it ----------------------------------------------------


def fr(message: str, **params) -> str:
    """A label as the French PDF prints it (whatever the catalogue says today)."""
    with translation.override("fr"):
        text = gettext(message)
    return text % params if params else text


def fr_count(singular: str, plural: str, count: int) -> str:
    with translation.override("fr"):
        return ngettext(singular, plural, count) % {"counter": count}


def label(choice) -> str:
    with translation.override("fr"):
        return str(choice.label)


class Rendered:
    """One PDF and what pdftotext and pdfinfo make of it."""

    def __init__(self, pdf: bytes):
        self.pdf = pdf

    @cached_property
    def layout(self) -> str:
        return pdf_text(self.pdf)

    @cached_property
    def raw(self) -> str:
        return pdf_text(self.pdf, mode="")

    @cached_property
    def in_stream_order(self) -> str:
        return pdf_text(self.pdf, mode="-raw")

    def watermarks(self) -> list[int]:
        """The pages with the "projet" watermark (rotated: read in the content stream's order,
        where it is one run of text)."""
        mark = re.compile(rf"^{re.escape(fr('projet'))}$", re.M)
        return [
            number
            for number, page in enumerate(pages(self.in_stream_order), start=1)
            if mark.search(page)
        ]

    @cached_property
    def flat(self) -> str:
        return flat(self.raw)

    @cached_property
    def pages(self) -> list[str]:
        return pages(self.layout)

    @cached_property
    def raw_pages(self) -> list[str]:
        return pages(self.raw)

    @cached_property
    def info(self) -> dict[str, str]:
        return pdf_info(self.pdf)

    @cached_property
    def typeset(self) -> str:
        return typeset_text(self.pdf)

    @cached_property
    def toc(self) -> list[tuple[str, int]]:
        """(title, page) of the contents, on page 2: dot leaders, then the page number."""
        entries = re.findall(r"^\s*(\S.*?)\s*\.{4,}\s*(\d+)\s*$", self.pages[1], re.M)
        return [(title, int(page)) for title, page in entries]

    def chapter(self, title: str) -> str:
        """The flattened text of the part the contents call `title`: from its heading to the
        next entry's (chapters flow, several may share a page). Running headers, which name
        a chapter too, are left out: the first line of every page after the cover."""
        titles = [entry for entry, _ in self.toc]
        index = titles.index(title)
        first = self.toc[index][1]
        last = self.toc[index + 1][1] if index + 1 < len(self.toc) else len(self.raw_pages)
        body = [page.lstrip().partition("\n")[2] for page in self.raw_pages[first - 1 : last]]
        text = flat(" ".join(body))
        start = text.index(flat(title))
        end = len(text)
        if index + 1 < len(self.toc):
            end = text.find(flat(titles[index + 1]), start + len(flat(title)))
            end = len(text) if end < 0 else end
        return text[start:end]
