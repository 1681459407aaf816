"""Every control of every page has a name a screen reader can say; every page has a skip
link to its content and a favicon. Pages come from the URL map, as in test_pages.py."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.portal.conftest import log_in
from tests.portal.test_pages import USERS, pages

CONTROLS = {"input", "select", "textarea", "button"}
UNNAMED_TYPES = {"hidden"}


class Controls(HTMLParser):
    """Collect the controls of a page and whether each has a name."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.labelled_ids: set[str] = set()
        self.open_labels = 0
        self.found: list[tuple[str, dict[str, str | None], bool]] = []  # tag, attrs, in a label
        self.button: list[str] | None = None
        self.button_attrs: dict[str, str | None] = {}
        self.skip_link = False
        self.favicon = False

    def handle_starttag(self, tag, attrs):  # type: ignore[override]
        found = dict(attrs)
        if tag == "label":
            self.open_labels += 1
            if found.get("for"):
                self.labelled_ids.add(found["for"] or "")
        elif tag == "a" and found.get("href") == "#main":
            self.skip_link = True
        elif tag == "link" and found.get("rel") == "icon":
            self.favicon = True
        elif tag == "button":
            self.button, self.button_attrs = [], found
        elif tag in CONTROLS and found.get("type") not in UNNAMED_TYPES:
            self.found.append((tag, found, self.open_labels > 0))

    def handle_endtag(self, tag):  # type: ignore[override]
        if tag == "label" and self.open_labels:
            self.open_labels -= 1
        elif tag == "button" and self.button is not None:
            text = "".join(self.button).strip()
            self.found.append(("button", {**self.button_attrs, "text": text}, bool(text)))
            self.button = None

    def handle_data(self, data):  # type: ignore[override]
        if self.button is not None:
            self.button.append(data)

    def unnamed(self) -> list[str]:
        """Return the controls without a name."""
        wrong = []
        for tag, attrs, named in self.found:
            if (
                named
                or attrs.get("aria-label")
                or attrs.get("aria-labelledby")
                or attrs.get("title")
            ):
                continue
            if attrs.get("id") and attrs["id"] in self.labelled_ids:
                continue
            wrong.append(f"<{tag} name={attrs.get('name')!r} id={attrs.get('id')!r}>")
        return wrong


@pytest.mark.parametrize("role", ["anonymous", "client", "staff", "owner"])
def test_every_control_has_a_name_and_every_page_a_skip_link(client, world, role):
    if role != "anonymous":
        assert log_in(client, USERS[role]).status_code == 302
    problems = []
    for url in pages(client, world, None if role == "anonymous" else role):
        response = client.get(url, follow_redirects=True)
        if response.is_json:
            continue
        found = Controls()
        found.feed(response.get_data(as_text=True))
        problems += [f"{url}: {control} has no name" for control in found.unnamed()]
        if not found.skip_link or not found.favicon:
            problems.append(f"{url}: no skip link or no favicon")
    assert problems == []


def test_the_check_finds_a_control_without_a_name():
    found = Controls()
    found.feed('<label>Ok <input name="a"></label><input id="b"><label for="b">B</label>')
    found.feed('<input name="c"><button></button><button aria-label="x"></button>')
    assert found.unnamed() == ["<input name='c' id=None>", "<button name=None id=None>"]
