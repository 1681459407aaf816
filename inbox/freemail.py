"""Domains where anyone can open a mailbox: never trusted as a whole domain."""

from __future__ import annotations

# Free-mail providers clients of Polish and Israeli offices write from, and the big
# international ones. A single address there may be trusted; the domain never.
FREE_MAIL = frozenset(
    {
        # international
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "outlook.pl",
        "hotmail.co.il",
        "live.co.il",
        "yahoo.com",
        "ymail.com",
        "rocketmail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "pm.me",
        "gmx.com",
        "gmx.net",
        "gmx.de",
        "mail.com",
        "yandex.com",
        "yandex.ru",
        "zoho.com",
        "tutanota.com",
        "tuta.io",
        "fastmail.com",
        "hey.com",
        "mail.ru",
        "inbox.com",
        # Poland
        "wp.pl",
        "o2.pl",
        "interia.pl",
        "interia.eu",
        "onet.pl",
        "onet.eu",
        "op.pl",
        "vp.pl",
        "poczta.onet.pl",
        "poczta.onet.eu",
        "gazeta.pl",
        "tlen.pl",
        "go2.pl",
        "int.pl",
        "poczta.fm",
        "spoko.pl",
        "buziaczek.pl",
        "autograf.pl",
        "amorki.pl",
        "vip.onet.pl",
        "poczta.pl",
        "post.pl",
        "pino.pl",
        "prokonto.pl",
        "cyberia.pl",
        # Israel
        "walla.co.il",
        "walla.com",
        "bezeqint.net",
        "012.net.il",
        "netvision.net.il",
        "zahav.net.il",
        "smile.net.il",
        "inter.net.il",
        "barak.net.il",
        "013.net",
    }
)


def is_free_mail(domain: str) -> bool:
    """Tell whether a domain (or one it belongs to) is a free-mail provider's."""
    domain = domain.strip().lower().lstrip("@").rstrip(".")
    parts = domain.split(".")
    return any(".".join(parts[i:]) in FREE_MAIL for i in range(len(parts) - 1))
