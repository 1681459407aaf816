"""One language system: every text a person reads comes from gettext catalogues.

The catalogues live in intake/translations (one messages.pot; pl, en and he .po files,
compiled to .mo during install). Message ids are English sentences with %(name)s
parameters. Code marks texts it keeps for later with N_() and translates them where a
person reads them, in that person's locale: the portal through Flask-Babel (same
catalogues), e-mail and SMS through notify's Jinja templates, CLI errors here.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

logger = logging.getLogger(__name__)

LOCALES = ("pl", "en", "he")
DEFAULT_LOCALE = "pl"
RTL_LOCALES = frozenset({"he"})
TRANSLATIONS = Path(__file__).with_name("translations")
DOMAIN = "messages"
_compile_lock = threading.Lock()


def N_(msgid: str) -> str:
    """Mark a text for the catalogue without translating it now."""
    return msgid


def pick_locale(*candidates: str | None) -> str:
    """Return the first supported locale among the candidates ('pl_PL' counts as pl)."""
    for candidate in candidates:
        if candidate:
            short = candidate.replace("-", "_").split("_")[0].lower()
            if short in LOCALES:
                return short
    return DEFAULT_LOCALE


def direction(locale: str) -> str:
    """Return 'rtl' for a right-to-left locale, else 'ltr'."""
    return "rtl" if pick_locale(locale) in RTL_LOCALES else "ltr"


def compile_catalogues(folder: Path = TRANSLATIONS) -> list[Path]:
    """Compile every .po that is newer than its .mo; return the .mo files written."""
    written = []
    with _compile_lock:
        for po in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
            mo = po.with_suffix(".mo")
            if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
                continue
            with po.open("rb") as f:
                catalog = read_po(f, locale=po.parts[-3])
            try:
                with mo.open("wb") as f:
                    write_mo(f, catalog, use_fuzzy=False)
            except OSError as e:  # a read-only install ships compiled catalogues
                logger.warning("cannot write %s: %s", mo, e)
                continue
            written.append(mo)
    return written


@cache
def translations(locale: str) -> NullTranslations:
    """Return the compiled catalogue of a locale (English needs none: ids are English)."""
    compile_catalogues()
    found = Translations.load(str(TRANSLATIONS), [pick_locale(locale)], DOMAIN)
    return found


def gettext(locale: str, msgid: str, /, **params: Any) -> str:
    """Translate a text into a locale and fill in its %(name)s parameters."""
    text = translations(pick_locale(locale)).ugettext(msgid)
    if not params:
        return text
    return text % {k: format_param(v, locale) for k, v in params.items()}


def ngettext(locale: str, singular: str, plural: str, n: int, /, **params: Any) -> str:
    """Translate a text whose form depends on a count (n is also a parameter)."""
    text = translations(pick_locale(locale)).ungettext(singular, plural, n)
    return text % {k: format_param(v, locale) for k, v in {"n": n, **params}.items()}


@runtime_checkable
class Text(Protocol):
    """Anything that is translated where it is shown: a message id and its parameters."""

    @property
    def msgid(self) -> str:
        """Return the English text with %(name)s parameters."""
        ...

    @property
    def params(self) -> Mapping[str, Any]:
        """Return the parameters."""
        ...


@dataclass(frozen=True)
class Message:
    """A text kept for later: translated into the reader's locale where it is shown."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)
    code: str | None = None

    def translate(self, locale: str) -> str:
        """Return the text in a locale."""
        return gettext(locale, self.msgid, **self.params)

    def __str__(self) -> str:
        return self.translate("en")


class Coded(Enum):
    """Base of a package's coded texts: a member's name is its code, its value the English
    message id (with %(name)s parameters), marked with N_() for the catalogue."""

    @property
    def code(self) -> str:
        """Return the stable code ('file_too_large') programs and tests look at."""
        return self.name.lower()

    @property
    def msgid(self) -> str:
        """Return the English text with its parameters."""
        return str(self.value)

    def message(self, **params: Any) -> Message:
        """Return this text with its parameters, to be translated where it is shown."""
        return Message(self.msgid, params, self.code)


def translate(text: Text | str | None, locale: str) -> str:
    """Translate a Text (or pass a plain string through, for what a person wrote)."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return gettext(locale, text.msgid, **dict(text.params))


def format_param(value: Any, locale: str) -> object:
    """Format one parameter for a locale: texts, months, dates and amounts as people read them."""
    from intake import formats
    from intake.month import Month

    if isinstance(value, Enum) and hasattr(value, "label"):  # a vocabulary member
        return gettext(locale, value.label)
    if isinstance(value, str | int):
        return value
    if isinstance(value, Text):
        return translate(value, locale)
    if isinstance(value, list | tuple):
        return ", ".join(str(format_param(item, locale)) for item in value)
    if isinstance(value, Month):
        return formats.format_month(value, locale)
    if isinstance(value, dt.datetime):
        return formats.format_moment(value, locale)
    if isinstance(value, dt.date):
        return formats.format_day(value, locale)
    if isinstance(value, Decimal):
        return formats.format_number(value, locale)
    return value
