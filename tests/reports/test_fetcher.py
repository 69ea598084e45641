"""What WeasyPrint may read while making a PDF: files under the static and media roots (static:,
media:) and data: URIs, nothing else. Hostile markup is fed to the renderer directly, next to
real files just outside the media root and a local HTTP server that records every request."""

import base64
import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings

from reports import services
from reports.fetcher import FetchRefusedError, read, resolve
from tests.reports.pdfs import has_attachment, image_count, inflated, pdf_text, png

SECRET_TEXT = "SECRET-TEXT-4f1c9e"
SECRET_CSS = 'body::after { content: "SECRET-CSS-8d2b7a"; }'
SERVED_CSS = 'body::after { content: "FETCHED-OVER-HTTP-5e3a"; }'
LEAKS = ("SECRET-TEXT-4f1c9e", "SECRET-CSS-8d2b7a", "FETCHED-OVER-HTTP-5e3a", "root:x:0:0")


@pytest.fixture(scope="module")
def server():
    """A local HTTP server that records every request it receives."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            if self.path.endswith(".css"):
                body, kind = SERVED_CSS.encode(), "text/css"
            elif self.path.endswith(".png"):
                body, kind = png((0, 0, 255)), "image/png"
            else:
                body, kind = b"FETCHED-OVER-HTTP-5e3a", "text/plain"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{httpd.server_address[1]}", hits=hits)
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture
def hits(server):
    server.hits.clear()
    return server.hits


@pytest.fixture
def files(settings, tmp_path):
    """Secrets right next to the media root (tmp/media), and what the media root may serve."""
    media = Path(settings.MEDIA_ROOT)
    (media / "photos").mkdir(parents=True)
    secret_txt = tmp_path / "secret.txt"
    secret_txt.write_text(SECRET_TEXT)
    secret_css = tmp_path / "secret.css"
    secret_css.write_text(SECRET_CSS)
    secret_png = tmp_path / "secret.png"
    secret_png.write_bytes(png((0, 255, 0)))
    (media / "photos" / "ok.png").write_bytes(png())
    (media / "photos" / "link.png").symlink_to(secret_png)
    (media / "link.css").symlink_to(secret_css)
    (media / "ok.css").write_text('body::after { content: "MEDIA-CSS-OK"; }')
    return SimpleNamespace(
        media=media, secret_txt=secret_txt, secret_css=secret_css, secret_png=secret_png
    )


def render(*, head: str = "", body: str = "") -> bytes:
    return services.html_to_pdf(
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Essai</title>'
        f"{head}</head><body><p>Début</p>{body}<p>Fin du document</p></body></html>"
    )


def system_file(path: str) -> str:
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


def assert_nothing_read(pdf: bytes, hits: list):
    assert hits == []
    text = pdf_text(pdf)
    assert "Fin du document" in text
    everything = inflated(pdf)
    for leak in LEAKS:
        assert leak not in text
        assert leak.encode() not in everything
    hostname = system_file("/etc/hostname")
    if len(hostname) >= 6:
        assert hostname.encode() not in everything
    assert image_count(pdf) == 0
    assert not has_attachment(pdf)


HOSTILE_IMAGES = {
    "file URL of /etc/passwd": '<img src="file:///etc/passwd" alt="">',
    "file URL of a picture": '<img src="file://{secret_png}" alt="">',
    "media: climbing out": '<img src="media:../secret.png" alt="">',
    "media: climbing out of a folder": '<img src="media:photos/../../secret.png" alt="">',
    "media: with an absolute path": '<img src="media:{secret_png}" alt="">',
    "media: of /etc/passwd": '<img src="media:/etc/passwd" alt="">',
    "media: symlink pointing outside": '<img src="media:photos/link.png" alt="">',
    "static: climbing out": '<img src="static:../../etc/passwd" alt="">',
    "relative path climbing out": '<img src="../../../secret.png" alt="">',
    "bare absolute path": '<img src="{secret_png}" alt="">',
    "http image": '<img src="{server}/image.png" alt="">',
    "https image": '<img src="https://127.0.0.1:1/image.png" alt="">',
    "css background": '<div style="background: url({server}/bg.png); height: 9px"></div>',
    "svg image over http": (
        '<svg width="20" height="20"><image href="{server}/svg.png" width="20" height="20"/></svg>'
    ),
    "svg image of a file": (
        '<svg width="20" height="20"><image href="file://{secret_png}" width="20" height="20"/>'
        "</svg>"
    ),
    "object over http": '<object data="{server}/object.png" type="image/png"></object>',
    "embed over http": '<embed src="{server}/embed.png" type="image/png">',
    "iframe over http": '<iframe src="{server}/frame.html"></iframe>',
}

HOSTILE_HEADS = {
    "stylesheet file URL of /etc/hostname": '<link rel="stylesheet" href="file:///etc/hostname">',
    "stylesheet file URL": '<link rel="stylesheet" href="file://{secret_css}">',
    "stylesheet media: climbing out": '<link rel="stylesheet" href="media:../secret.css">',
    "stylesheet media: symlink pointing outside": '<link rel="stylesheet" href="media:link.css">',
    "stylesheet over http": '<link rel="stylesheet" href="{server}/style.css">',
    "css @import over http": '<style>@import url("{server}/import.css");</style>',
    "css @import of a file": '<style>@import url("file://{secret_css}");</style>',
    "font over http": (
        "<style>@font-face { font-family: Hostile; src: url({server}/font.woff); }"
        " p { font-family: Hostile; }</style>"
    ),
    "attachment file URL of /etc/hostname": '<link rel="attachment" href="file:///etc/hostname">',
    "attachment file URL": '<link rel="attachment" href="file://{secret_txt}">',
    "attachment media: climbing out": '<link rel="attachment" href="media:../secret.txt">',
    "attachment static: climbing out": '<link rel="attachment" href="static:../pyproject.toml">',
    "attachment over http": '<link rel="attachment" href="{server}/attachment.txt">',
}


def fill(template: str, files, server) -> str:
    for name, value in {
        "{server}": server.url,
        "{secret_png}": files.secret_png,
        "{secret_txt}": files.secret_txt,
        "{secret_css}": files.secret_css,
    }.items():
        template = template.replace(name, str(value))
    return template


@pytest.mark.parametrize("markup", HOSTILE_IMAGES.values(), ids=HOSTILE_IMAGES.keys())
def test_a_hostile_image_or_embedded_object_is_neither_read_nor_fetched(
    markup, files, server, hits
):
    pdf = render(body=fill(markup, files, server))

    assert_nothing_read(pdf, hits)


@pytest.mark.parametrize("markup", HOSTILE_HEADS.values(), ids=HOSTILE_HEADS.keys())
def test_a_hostile_stylesheet_font_or_attachment_is_neither_read_nor_fetched(
    markup, files, server, hits
):
    pdf = render(head=fill(markup, files, server))

    assert_nothing_read(pdf, hits)
    assert "pyproject" not in pdf_text(pdf)
    assert b"[tool.ruff]" not in inflated(pdf)


def test_a_file_attachment_link_in_the_text_is_not_embedded(files, server, hits):
    pdf = render(
        body=f'<a rel="attachment" href="file://{files.secret_txt}">pièce jointe</a>'
        f'<a rel="attachment" href="{server.url}/linked.txt">autre</a>'
    )

    assert_nothing_read(pdf, hits)


def test_an_svg_under_the_media_root_cannot_reach_outside_through_its_own_links(
    files, server, hits
):
    (files.media / "drawing.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        ' width="40" height="20">'
        f'<image xlink:href="file://{files.secret_png}" width="20" height="20"/>'
        f'<image href="{server.url}/nested.png" x="20" width="20" height="20"/>'
        '<rect width="5" height="5" fill="red"/></svg>'
    )

    pdf = render(body='<img src="media:drawing.svg" alt="Dessin">')

    assert_nothing_read(pdf, hits)


def test_the_recording_server_does_record_a_request(server, hits):
    """The control for the tests above: a request that is made is seen."""
    connection = http.client.HTTPConnection(server.url.removeprefix("http://"), timeout=5)
    connection.request("GET", "/control.png")
    assert connection.getresponse().status == 200
    connection.close()

    assert hits == ["/control.png"]


# --- What is allowed ---------------------------------------------------------------------------


def test_a_data_uri_image_is_embedded():
    uri = "data:image/png;base64," + base64.b64encode(png()).decode()

    pdf = render(body=f'<img src="{uri}" alt="Carré orange">')

    assert image_count(pdf) == 1


def test_a_media_image_under_the_media_root_is_embedded(files):
    pdf = render(body='<img src="media:photos/ok.png" alt="Carré orange">')

    assert image_count(pdf) == 1


def test_a_media_stylesheet_under_the_media_root_is_applied(files):
    pdf = render(head='<link rel="stylesheet" href="media:ok.css">')

    assert "MEDIA-CSS-OK" in pdf_text(pdf)


def test_a_static_file_may_be_attached(files):
    """The control for the attachment checks: an allowed attachment is found in the PDF."""
    pdf = render(head='<link rel="attachment" href="static:css/pdf.css">')

    assert has_attachment(pdf)


# --- resolve() ---------------------------------------------------------------------------------


REFUSED = {
    "file URL": "file:///etc/passwd",
    "http URL": "http://127.0.0.1/image.png",
    "https URL": "https://example.org/image.png",
    "ftp URL": "ftp://example.org/image.png",
    "data URI (the fetcher handles it, not resolve)": "data:image/png;base64,AAAA",
    "bare absolute path": "/etc/passwd",
    "bare relative path": "../secret.png",
    "scheme in capitals": "MEDIA:photos/ok.png",
    "empty media path": "media:",
    "media climbing out": "media:../secret.png",
    "media climbing out of a folder": "media:photos/../../secret.png",
    "media going up and back in": "media:photos/../photos/ok.png",
    "media absolute path": "media:/etc/passwd",
    "media backslash path": "media:\\etc\\passwd",
    "media missing file": "media:photos/missing.png",
    "media folder": "media:photos",
    "media symlink pointing outside": "media:photos/link.png",
    "static climbing out": "static:../pyproject.toml",
    "static climbing out of a folder": "static:css/../../pyproject.toml",
    "static absolute path": "static:/etc/passwd",
    "static missing file": "static:css/missing.css",
}


@pytest.mark.parametrize("url", REFUSED.values(), ids=REFUSED.keys())
def test_read_refuses_what_is_not_a_static_file_or_a_file_of_the_media_storage(url, files):
    with pytest.raises(FetchRefusedError):
        read(url)


def test_read_gives_the_bytes_of_a_media_file_from_the_storage(files):
    assert read("media:photos/ok.png") == (files.media / "photos" / "ok.png").read_bytes()


def test_a_media_url_has_no_path_to_resolve(files):
    """Media files are read from the storage by name (on S3 they have no path)."""
    with pytest.raises(FetchRefusedError):
        resolve("media:photos/ok.png")


def test_resolve_gives_the_file_of_a_static_url_in_the_project_or_an_app(files):
    assert resolve("static:css/pdf.css") == (
        Path(django_settings.BASE_DIR) / "static" / "css" / "pdf.css"
    )
    admin_css = resolve("static:admin/css/base.css")
    assert admin_css.is_file()
    assert admin_css.parts[-4:] == ("static", "admin", "css", "base.css")


@pytest.mark.parametrize("url", ["static:", "static:css", "static:admin"])
def test_resolve_refuses_a_static_url_naming_a_folder(url, files):
    with pytest.raises(FetchRefusedError):
        resolve(url)


def test_a_symlink_in_a_static_folder_cannot_reach_a_file_outside(settings, tmp_path, files):
    static = tmp_path / "static"
    static.mkdir()
    (static / "leak.txt").symlink_to(files.secret_txt)
    settings.STATICFILES_DIRS = [static]
    settings.STATIC_ROOT = tmp_path / "staticfiles"

    pdf = render(head='<link rel="attachment" href="static:leak.txt">')

    assert not has_attachment(pdf)
    assert SECRET_TEXT.encode() not in inflated(pdf)
    with pytest.raises(FetchRefusedError):
        resolve("static:leak.txt")
