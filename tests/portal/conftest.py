"""Portal helpers: log in through the real form, with its CSRF token."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD


def csrf_token(client, path: str = "/login") -> str:
    """Fetch a page and return the CSRF token its form carries."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def log_in(client, email: str, password: str = PASSWORD):
    """Log in through the form; return the response."""
    token = csrf_token(client)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.fixture
def as_user(client, pdata):
    """Log the test client in as one of the seeded users by e-mail."""

    def login(email: str):
        response = log_in(client, email)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return login
