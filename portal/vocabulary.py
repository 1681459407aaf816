"""Names for people of the stored words pages show.

A vocabulary member (intake.vocabulary's, or a package's own enum) carries its label and
`label()` translates that; who did something, when it was not a person, is named here.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext

from intake.documents import SYSTEM, WORKER
from intake.i18n import N_
from intake.vocabulary import Source

# Who did something when it was not a person.
ACTORS = {SYSTEM: N_("Intake"), WORKER: N_("reader"), "approval link": N_("approval link")}


def label(value: object, names: Mapping[str, str] | None = None) -> str:
    """Return a stored word as people call it, in the request's language."""
    if value is None or value == "":
        return ""
    text = getattr(value, "label", None)
    if not isinstance(text, str):
        text = (names or {}).get(str(value), str(value))
    return gettext(text)


def actor(name: str | None) -> str:
    """Return who did something: a person's e-mail, a door (portal, e-mail), or the system."""
    if not name:
        return ""
    if name in Source.values():
        return label(Source(name))
    return gettext(ACTORS[name]) if name in ACTORS else name
