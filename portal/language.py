"""The language of a request: Flask-Babel on intake's catalogues, chosen per person.

The locale is the logged-in user's setting, else the one chosen in this browser's session,
else their office's, else Polish; `?lang=` on any page changes it (and is saved to the
user's setting, or to the session of someone not logged in). Moments are shown in the
office's time zone.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from urllib.parse import urlencode

from flask import Flask, g, request, session
from flask_babel import Babel, refresh
from flask_babel import get_locale as babel_locale
from flask_login import current_user

from intake.formats import office_day
from intake.i18n import DOMAIN, LOCALES, TRANSLATIONS, Text, compile_catalogues, direction
from intake.i18n import translate as translate_text
from intake.models import Office
from portal.db import get_db

logger = logging.getLogger(__name__)

# Each language named in itself, for the switcher.
LANGUAGE_NAMES = {"pl": "Polski", "en": "English", "he": "עברית"}
# The money a tax is paid in, by the office's country.
HOME_CURRENCY = {"PL": "PLN", "IL": "ILS"}

babel = Babel()


def current_office() -> Office | None:
    """Return the office of the logged-in user, or the one a public page is about."""
    if current_user.is_authenticated:
        return current_user.office
    return g.get("office")


def show_office(office: Office) -> None:
    """Let a public page (an approval link) speak its office's language and time zone."""
    g.office = office
    refresh()


def select_locale() -> str:
    """Return the request's locale: the user's, the session's, the office's, else Polish."""
    candidates: list[str | None] = []
    if current_user.is_authenticated:
        candidates.append(current_user.locale)
    candidates.append(session.get("locale"))
    office = current_office()
    if office is not None:
        candidates.append(office.locale)
    return next((c for c in candidates if c in LOCALES), LOCALES[0])


def locale() -> str:
    """Return the request's locale as one of intake's ('pl', 'en', 'he')."""
    found = babel_locale()
    return found.language if found is not None else LOCALES[0]


def timezone_name() -> str | None:
    """Return the time zone moments are shown in: the office's."""
    office = current_office()
    return office.timezone if office is not None else None


def zone_today() -> dt.date:
    """Return today's date in the office's time zone."""
    return office_day(timezone_name())


def home_currency() -> str:
    """Return the currency the office's clients pay taxes in."""
    office = current_office()
    return HOME_CURRENCY.get(office.country if office is not None else "PL", "PLN")


def say(text: Text | str | None) -> str:
    """Return a coded text (an error, a stored note) in the request's language."""
    return translate_text(text, locale())


def lang_url(code: str) -> str:
    """Return this page's address in another language (its query string kept)."""
    args: dict[str, Any] = {**request.args.to_dict(), "lang": code}
    return f"{request.path}?{urlencode(args)}"


def _switch_language() -> None:
    """Keep a ?lang= choice: in the user's setting, or in the session when not logged in."""
    chosen = request.args.get("lang")
    if chosen not in LOCALES:
        return
    session["locale"] = chosen
    if current_user.is_authenticated and current_user.row.locale != chosen:
        current_user.row.locale = chosen
        get_db().commit()
    refresh()


def init_app(app: Flask) -> None:
    """Serve pages in the request's language from intake's compiled catalogues."""
    compile_catalogues()
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    app.config.setdefault("BABEL_DOMAIN", DOMAIN)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", LOCALES[0])
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(_switch_language)
    app.jinja_env.globals.update(
        locale=locale,
        direction=lambda: direction(locale()),
        languages=LANGUAGE_NAMES,
        lang_url=lang_url,
    )
