"""`intake serve --port` makes the links in e-mail and SMS point at itself, unless told."""

from __future__ import annotations

import socket

from portal.commands import served_url


def test_links_point_at_the_port_served_when_no_base_url_is_set(tmp_path):
    nothing = str(tmp_path / "no.env")
    assert served_url("127.0.0.1", 8123, {}, nothing) == "http://127.0.0.1:8123"
    assert served_url("0.0.0.0", 80, {}, nothing) == f"http://{socket.gethostname()}:80"


def test_a_base_url_given_in_the_environment_or_dot_env_wins(tmp_path):
    env_file = tmp_path / ".env"
    assert served_url("127.0.0.1", 8123, {"INTAKE_BASE_URL": "https://x.pl"}, str(env_file)) is None
    env_file.write_text("INTAKE_BASE_URL=https://biuro.example.pl\n")
    assert served_url("127.0.0.1", 8123, {}, str(env_file)) is None
