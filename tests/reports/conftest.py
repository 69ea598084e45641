"""Fixtures shared by the PDF tests."""

import pytest

from reports import services


@pytest.fixture
def renders(monkeypatch):
    """html_to_pdf replaced by a quick fake that counts its calls."""
    calls = []

    def fake(html: str) -> bytes:
        calls.append(html)
        return f"%PDF-fake {len(calls)}".encode()

    monkeypatch.setattr(services, "html_to_pdf", fake)
    return calls
