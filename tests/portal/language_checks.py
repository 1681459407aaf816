"""What a page's reader sees, and the English or raw keys that must not be in it."""

from __future__ import annotations

import re
from enum import Enum
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

import ocr
from inbox.vocabulary import MailStatus
from intake import vocabulary
from intake.i18n import TRANSLATIONS, Coded
from tasks.vocabulary import TaskState

SHOWN_ATTRIBUTES = ("placeholder", "title", "alt", "aria-label")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdrfi]|%[sdrfi]")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class VisibleText(HTMLParser):
    """Collect the text a person reads in the page's language: text nodes and shown
    attributes, no scripts, and nothing marked as written in another language (a message
    the office sent in Polish, shown on a Hebrew page, carries lang="pl")."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0
        self._page_lang: str | None = None
        self._open: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[override]
        shown = dict(attrs)
        lang = shown.get("lang")
        if tag == "html":
            self._page_lang = lang
        elif tag not in VOID:
            # lang="" marks text in an unknown language (what a document says).
            foreign = lang is not None and lang != self._page_lang and tag != "a"
            self._open.append((tag, foreign))
        if any(foreign for _, foreign in self._open):
            return
        if tag in ("script", "style"):
            self._hidden += 1
        for name, value in attrs:
            if value and (
                name in SHOWN_ATTRIBUTES
                or (
                    name == "value"
                    and tag == "input"
                    and shown.get("type") not in ("hidden", "checkbox", "radio")
                )
            ):
                self.parts.append(value)

    def handle_endtag(self, tag):  # type: ignore[override]
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data):  # type: ignore[override]
        foreign = any(foreign for _, foreign in self._open)
        if not self._hidden and not foreign and data.strip():
            self.parts.append(data)


def visible_text(html: str) -> str:
    """Return a page's visible text, one piece per line, no-break spaces as spaces."""
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(" ".join(p.split()) for p in parser.parts)


@cache
def catalogue(locale: str) -> dict[str, str]:
    """Return a locale's translations by English msgid (plural entries by their singular)."""
    path = Path(TRANSLATIONS) / locale / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        found = {}
        for message in read_po(f, locale=locale):
            if not message.id:
                continue
            msgid = message.id[0] if isinstance(message.id, tuple) else message.id
            string = message.string[0] if isinstance(message.string, tuple) else message.string
            found[msgid] = string
        return found


@cache
def english_sentences(locale: str) -> tuple[str, ...]:
    """Return English pieces of at least two words that the locale writes otherwise.

    A msgid with placeholders gives each of its literal pieces between them.
    """
    found = set()
    for msgid, string in catalogue(locale).items():
        if not string or string == msgid:
            continue
        for piece in PLACEHOLDER.split(msgid)[::2] if "%" in msgid else [msgid]:
            piece = piece.strip(" :;,.()“”\"'")
            if len(piece.split()) >= 2 and piece not in string:
                found.add(piece)
    return tuple(sorted(found, key=len, reverse=True))


def _choices() -> list[type[vocabulary.Choice]]:
    """Return every package's vocabulary (each a Choice), so none of their keys may leak."""
    return sorted(_subclasses(vocabulary.Choice), key=lambda kind: kind.__qualname__)


def _values(kind: type[Enum]) -> set[str]:
    return {str(m.value) for m in kind}


@cache
def raw_keys() -> tuple[str, ...]:
    """Return the stored words and codes no page may show as they are."""
    keys: set[str] = set()
    for kind in _choices():
        keys |= {v for v in _values(kind) if "_" in v}
    keys |= {f"period_{s}" for s in _values(vocabulary.PeriodState)}
    keys |= {f"task_{s}" for s in _values(TaskState)} | {f"mail_{s}" for s in _values(MailStatus)}
    for reason in _subclasses(Coded) | {ocr.Reason}:
        keys |= {m.name.lower() for m in reason if "_" in m.name}
    return tuple(sorted(keys))


def _subclasses(kind: type) -> set[type]:
    found = set()
    for sub in kind.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


@cache
def stored_words(locale: str) -> tuple[str, ...]:
    """Return the stored words (statuses, sources...) that this locale calls otherwise."""
    words = set()
    tables = [{m.value: m.label for m in kind} for kind in _choices()]
    for table in tables:
        for value, label in table.items():
            said = catalogue(locale).get(label) or label
            if value not in said:
                words.add(value)
    return tuple(sorted(words))


def english_on(text: str, locale: str) -> list[str]:
    """Return the English sentences and stored words that a page in this locale shows."""
    found = [s for s in english_sentences(locale) if s in text]
    return found + [w for w in stored_words(locale) if _word(w).search(text)]


def keys_on(text: str) -> list[str]:
    """Return the raw keys a page shows."""
    return [k for k in raw_keys() if _word(k).search(text)]


@cache
def _word(key: str) -> re.Pattern[str]:
    """Match a key standing alone: not inside a word, a path or an e-mail address."""
    return re.compile(rf"(?<![\w/.@-]){re.escape(key)}(?![\w/@-])")
