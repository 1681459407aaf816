"""Every text in code and templates is in the catalogue, translated into Polish and Hebrew.

The texts are extracted with Babel's own API and babel.cfg's method map, the way
scripts/catalogue.sh extracts them, so a text added anywhere fails here until it is in
messages.pot and has a Polish and a Hebrew translation with the same placeholders.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from intake.i18n import TRANSLATIONS

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("intake", "ocr", "inbox", "notify", "tasks", "ksef", "conversations", "portal")
KEYWORDS = {
    "N_": None,
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "_l": None,
    "lazy_gettext": None,
}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdirf]")
TRANSLATED = ("pl", "he")


@cache
def texts_in_code() -> dict[str | tuple[str, str], set[str]]:
    """Return every msgid (a plural as its two forms) with the files it is used in."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[str | tuple[str, str], set[str]] = defaultdict(set)
    for package in PACKAGES:
        for filename, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, method_map, options_map, keywords=KEYWORDS
        ):
            msgid = tuple(message[:2]) if isinstance(message, tuple | list) else message
            found[msgid].add(f"{package}/{filename}")
    return dict(found)


def read_catalogue(path: Path, locale: str | None = None) -> Catalog:
    """Read a .po or .pot file."""
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def placeholders(text: str) -> set[str]:
    """Return a text's %(name)s placeholders."""
    return set(PLACEHOLDER.findall(text))


def key(msgid: str | tuple[str, str]) -> str:
    """Return the catalogue's key of a msgid (a plural is keyed by its singular)."""
    return msgid[0] if isinstance(msgid, tuple) else msgid


def where(msgid: str | tuple[str, str]) -> str:
    """Return a msgid and the first file it is in, for a readable failure."""
    return f"{sorted(texts_in_code()[msgid])[0]}: {key(msgid)!r}"


def test_the_code_has_texts_to_check():
    found = texts_in_code()
    assert len(found) > 200
    assert any(f.startswith("portal/templates/") for files in found.values() for f in files)


def test_messages_pot_holds_every_text_of_the_code():
    pot = read_catalogue(TRANSLATIONS / "messages.pot")
    missing = [where(m) for m in texts_in_code() if key(m) not in pot]
    assert missing == [], "run ./scripts/catalogue.sh"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_text_is_translated_with_the_same_placeholders(locale):
    po = read_catalogue(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", locale)
    problems = []
    for msgid in texts_in_code():
        message = po.get(key(msgid))
        if message is None:
            problems.append(f"missing {where(msgid)}")
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(forms) or message.fuzzy:
            problems.append(f"untranslated{' (fuzzy)' if message.fuzzy else ''} {where(msgid)}")
            continue
        if isinstance(msgid, tuple):  # a plural form may drop the count ('once')
            allowed = placeholders(msgid[0]) | placeholders(msgid[1])
            if any(not placeholders(form) <= allowed for form in forms):
                problems.append(f"placeholders differ in {where(msgid)}")
        elif placeholders(forms[0]) != placeholders(msgid):
            problems.append(f"placeholders differ in {where(msgid)}: {forms[0]!r}")
    assert problems == []
