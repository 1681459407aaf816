"""Every rule of the portal's URL map, classified from the map itself.

Who may open a rule comes from its view (`role_required` keeps the roles on the view as
`.roles`); the few rules open to anyone, or to anyone logged in, are named here. An integer
argument names a row: its name says which kind, and the world fixture has one of each kind
in the user's own company or office and in another. A rule that fits none of this fails
`unclassified()`, so a new route is covered, or noticed, without anyone remembering it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask import Flask
from werkzeug.routing import IntegerConverter, Rule

from intake.vocabulary import Role

PUBLIC = {
    "static",
    "index",
    "healthz",
    "auth.login",
    "client.approve",
    "accounts.forgot",
    "accounts.choose",
    "hooks.twilio",
    "hooks.smsapi",
    "hooks.whatsapp_verify",
    "hooks.whatsapp",
    # Issue 13: the office's public forms, embedded on its website, and their activation.
    "case_forms.public",
    "case_forms.public_submit",
    "case_forms.style_file",
    "case_forms.embed_file",
    "case_forms.activation",
}
ANY_ROLE = {"auth.logout", "auth.logout_everywhere"}
# An integer argument's name -> (the world's own rows of that kind, a row of another
# company of the same office, a row of another office). None: that kind has no row there.
ROWS = {
    "document_id": ("documents", "document_c2", "document_b"),
    "task_id": ("task", None, "task_b"),
    "inbound_email_id": ("mail", None, "mail_b"),
    "company_id": ("company", "company_c2", "company_b"),
    "contact_id": ("contact", "contact_c2", "contact_b"),
    "thread_id": ("thread", "thread_c2", "thread_b"),
    "attachment_id": ("attachment", "attachment_c2", "attachment_b"),
    # Issue 13: the case desk's rows (a case is the office's, not one company's).
    "case_id": ("case", None, "case_b"),
    "answer_id": ("answer", None, "answer_b"),
    "reply_template_id": ("reply_template", None, "reply_template_b"),
    "case_form_id": ("case_form", None, "case_form_b"),
    "template_id": ("template", None, "template_b"),
    "amount_id": ("amount", "amount_c2", "amount_b"),
}
# Other arguments the world can fill.
VALUES = {
    "token": "token",
    "password_token": "password_token",
    "key": "form_key",
    "activation": "activation",
}
METHODS = ("GET", "POST")


@dataclass(frozen=True)
class Route:
    """One rule and what the map says about it."""

    rule: Rule
    roles: frozenset[str] | None  # None: public

    @property
    def endpoint(self) -> str:
        """Return the rule's endpoint."""
        return self.rule.endpoint

    @property
    def methods(self) -> list[str]:
        """Return the methods a person uses on it (GET, POST)."""
        return [m for m in METHODS if m in (self.rule.methods or ())]

    @property
    def row_args(self) -> list[str]:
        """Return its integer arguments (each names a row)."""
        return [
            name
            for name, converter in self.rule._converters.items()
            if isinstance(converter, IntegerConverter)
        ]

    def allows(self, role: str | None) -> bool:
        """Tell whether a user of this role (None: anonymous) may open it."""
        if self.roles is None:
            return True
        return role is not None and role in self.roles

    def url(self, values: dict[str, object]) -> str:
        """Return its path with the arguments filled in."""
        return self.rule.build({k: values[k] for k in self.rule.arguments})[1]


def routes(app: Flask) -> Iterator[Route]:
    """Yield every rule of the app but static files."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        if rule.endpoint in PUBLIC:
            yield Route(rule, None)
        elif rule.endpoint in ANY_ROLE:
            yield Route(rule, frozenset(Role))
        else:
            yield Route(rule, getattr(app.view_functions[rule.endpoint], "roles", None))


def unclassified(app: Flask) -> list[str]:
    """Return the rules the tests would not know how to cover."""
    found = []
    for route in routes(app):
        if route.roles is None and route.endpoint not in PUBLIC:
            found.append(f"{route.rule}: neither public nor role_required")
        for name in route.rule.arguments:
            if name not in ROWS and name not in VALUES and route.endpoint != "static":
                found.append(f"{route.rule}: argument {name!r} names no known row")
        if not route.methods:
            found.append(f"{route.rule}: neither GET nor POST")
    return found


def own_values(world: dict, row: int = 0) -> dict[str, object]:
    """Return arguments naming rows of the user's own company and office."""
    values: dict[str, object] = {name: world[key] for name, key in VALUES.items()}
    for name, (own, _company, _office) in ROWS.items():
        rows = world[own] if isinstance(world[own], list) else [world[own]]
        values[name] = rows[row % len(rows)]
    return values


def own_rows(world: dict, name: str) -> list[int]:
    """Return every row of one kind that the world's office A has."""
    found = world[ROWS[name][0]]
    return [*found, world["duplicate"]] if isinstance(found, list) else [found]


def foreign_values(world: dict, which: str) -> dict[str, object] | None:
    """Return arguments naming another company's ('company') or office's ('office') rows."""
    index = {"company": 1, "office": 2}[which]
    values: dict[str, object] = {name: world[key] for name, key in VALUES.items()}
    for name, kinds in ROWS.items():
        key = kinds[index]
        values[name] = world[key] if key else None
    return values
