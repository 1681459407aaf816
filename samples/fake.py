"""Make up believable parties, numbers and items for synthetic invoices."""

from __future__ import annotations

import random
from dataclasses import dataclass

from stdnum import iban, luhn
from stdnum.iso7064 import mod_11_10

PL_CITIES = [
    ("00-950", "Warszawa"),
    ("30-001", "Kraków"),
    ("50-075", "Wrocław"),
    ("61-714", "Poznań"),
    ("80-830", "Gdańsk"),
    ("90-001", "Łódź"),
    ("40-002", "Katowice"),
    ("20-076", "Lublin"),
    ("15-062", "Białystok"),
    ("35-064", "Rzeszów"),
    ("10-516", "Olsztyn"),
    ("70-204", "Szczecin"),
    ("85-009", "Bydgoszcz"),
    ("45-015", "Opole"),
    ("25-308", "Kielce"),
    ("65-001", "Zielona Góra"),
]
PL_STREETS = [
    "ul. Marszałkowska",
    "ul. Długa",
    "ul. Kwiatowa",
    "ul. Polna",
    "ul. Słoneczna",
    "al. Jerozolimskie",
    "ul. Piłsudskiego",
    "ul. Żeromskiego",
    "ul. Kościuszki",
    "ul. Leśna",
    "ul. Grunwaldzka",
    "ul. Świętokrzyska",
    "os. Różane",
    "ul. Źródlana",
    "pl. Wolności",
]
PL_STEMS = [
    "Agro",
    "Bud",
    "Tech",
    "Trans",
    "Pol",
    "Med",
    "Eko",
    "Inter",
    "Euro",
    "Mar",
    "Kom",
    "Drew",
    "Stal",
    "Inwest",
    "Sys",
    "Print",
    "Logi",
    "Vita",
    "Elektro",
    "Hydro",
]
PL_TAILS = ["mex", "pol", "bud", "tech", "net", "serwis", "plast", "soft", "max", "land", "com"]
PL_FORMS = ["Sp. z o.o.", "sp. z o.o.", "S.A.", "Sp. z o.o. Sp. k.", "Sp. j."]
PL_FIRST = [
    "Jan",
    "Anna",
    "Marek",
    "Katarzyna",
    "Piotr",
    "Małgorzata",
    "Grzegorz",
    "Ewa",
    "Tomasz",
    "Agnieszka",
    "Łukasz",
    "Zofia",
    "Paweł",
    "Jolanta",
]
PL_LAST = [
    "Kowalski",
    "Nowak",
    "Wiśniewski",
    "Wójcik",
    "Kamińska",
    "Lewandowski",
    "Zieliński",
    "Szymańska",
    "Woźniak",
    "Dąbrowski",
    "Kozłowska",
    "Jankowski",
    "Mazur",
    "Krawczyk",
]
PL_TRADES = [
    "Usługi Remontowe",
    "Firma Handlowo-Usługowa",
    "P.H.U.",
    "Biuro Projektowe",
    "Transport Osobowy",
    "Gabinet Fizjoterapii",
    "Pracownia Stolarska",
    "F.H.U.",
]
PL_ITEMS = [
    ("Usługa księgowa za miesiąc", "usł.", "23"),
    ("Papier ksero A4 80g", "ryza", "23"),
    ("Toner do drukarki HP 305A", "szt.", "23"),
    ("Konsultacje programistyczne", "godz.", "23"),
    ("Transport towaru", "kurs", "23"),
    ("Montaż instalacji elektrycznej", "usł.", "23"),
    ("Kawa ziarnista 1 kg", "szt.", "23"),
    ("Wynajem lokalu biurowego", "mies.", "23"),
    ("Obiad firmowy", "szt.", "8"),
    ("Usługa hotelowa - nocleg", "doba", "8"),
    ("Woda mineralna 1,5 l", "zgrz.", "5"),
    ('Książka "Podatki w praktyce"', "szt.", "5"),
    ("Szkolenie BHP", "os.", "zw"),
    ("Usługa medyczna", "usł.", "zw"),
    ("Eksport usługi doradczej", "usł.", "np"),
    ("Dostawa towaru WDT", "szt.", "0"),
    ("Kabel miedziany YDY 3x2,5", "m", "23"),
    ("Materiały budowlane", "kpl.", "23"),
    ("Serwis klimatyzacji", "usł.", "23"),
    ("Licencja oprogramowania roczna", "szt.", "23"),
]
EN_ITEMS = [
    ("Software development services", "h"),
    ("Cloud hosting, monthly plan", "month"),
    ("Consulting services", "h"),
    ("Translation services", "page"),
    ("Office chairs", "pcs"),
    ("Freight forwarding", "trip"),
    ("Marketing campaign", "svc"),
    ("Laptop stand", "pcs"),
    ("Technical support retainer", "month"),
    ("Design of product packaging", "svc"),
]
EN_COMPANIES = [
    "Nordwind Logistik GmbH",
    "Blue Harbour Trading GmbH",
    "Rheinmetall Parts GmbH",
    "Alpenblick Software GmbH",
    "Hansa Office Supplies GmbH",
    "Mosel Consulting AG",
]
DE_CITIES = [("10115", "Berlin"), ("20095", "Hamburg"), ("80331", "München"), ("50667", "Köln")]
HE_COMPANIES = [
    'אור הים בע"מ',
    'טכנולוגיות גליל בע"מ',
    "משה כהן הנדסה",
    "שירותי מחשוב דניאל",
    'הדר יבוא ושיווק בע"מ',
    'נגב סחר בע"מ',
    "רונית לוי עיצוב",
    'אבני ירושלים בע"מ',
]
HE_CITIES = ["תל אביב", "ירושלים", "חיפה", "באר שבע", "נתניה", "ראשון לציון", "פתח תקווה"]
HE_STREETS = ["רחוב הרצל", "רחוב יפו", "שדרות רוטשילד", "רחוב ויצמן", "רחוב בן יהודה"]
HE_ITEMS = [
    ("שירותי ייעוץ", "שעה"),
    ("פיתוח תוכנה", "שעה"),
    ("אחזקת מחשבים", "חודש"),
    ("ציוד משרדי", "יח'"),
    ("הובלה", "נסיעה"),
    ("עיצוב גרפי", "יח'"),
    ("הדרכה", "יום"),
]


@dataclass
class Party:
    """A seller or buyer: name, two address lines, tax id (digits) and how it is printed."""

    name: str
    street: str
    city: str
    tax_id: str | None
    country: str = "PL"


def nip(rng: random.Random) -> str:
    """Return a random Polish NIP with a valid check digit."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def format_nip(number: str, rng: random.Random) -> str:
    """Print a NIP one of the ways invoices do ('PL 123-456-78-90', '123-45-67-890', plain)."""
    dashed = f"{number[:3]}-{number[3:6]}-{number[6:8]}-{number[8:]}"
    return rng.choice(
        [
            number,
            dashed,
            "PL " + dashed,
            "PL" + number,
            f"{number[:3]}-{number[3:5]}-{number[5:7]}-{number[7:]}",
        ]
    )


def polish_iban(rng: random.Random) -> str:
    """Return a Polish IBAN (capitals, no spaces) with valid sort-code and IBAN checks."""
    sort = [rng.randint(1, 2), rng.randint(0, 9), rng.randint(0, 9)] + [
        rng.randint(0, 9) for _ in range(4)
    ]
    check = (10 - sum(w * d for w, d in zip((3, 9, 7, 1, 3, 9, 7), sort, strict=True)) % 10) % 10
    bban = "".join(map(str, sort)) + str(check) + "".join(str(rng.randint(0, 9)) for _ in range(16))
    return "PL" + iban.calc_check_digits("PL00" + bban) + bban


def israeli_iban(rng: random.Random) -> str:
    """Return an Israeli IBAN (IL, 23 characters) with valid check digits."""
    bban = "".join(str(rng.randint(0, 9)) for _ in range(19))
    return "IL" + iban.calc_check_digits("IL00" + bban) + bban


def format_account(account: str, rng: random.Random) -> str:
    """Print an account as NRB (26 digits in groups) or IBAN, with or without spaces."""
    nrb = account[2:]
    grouped = nrb[:2] + " " + " ".join(nrb[i : i + 4] for i in range(2, len(nrb), 4))
    return rng.choice([grouped, "PL " + grouped, account, nrb, "PL" + nrb])


def israeli_id(rng: random.Random, company: bool = False) -> str:
    """Return a 9-digit Israeli dealer or company number with its Luhn check digit."""
    body = ("51" if company else str(rng.randint(0, 3))) + "".join(
        str(rng.randint(0, 9)) for _ in range(8 - (2 if company else 1))
    )
    return body + luhn.calc_check_digit(body)


def german_vat(rng: random.Random) -> str:
    """Return the digits of a German USt-IdNr with a valid check digit."""
    body = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
    return body + mod_11_10.calc_check_digit(body)


def polish_company(rng: random.Random) -> Party:
    """Return a Polish company or one-person business with an address and NIP."""
    if rng.random() < 0.35:
        person = f"{rng.choice(PL_FIRST)} {rng.choice(PL_LAST)}"
        name = f"{rng.choice(PL_TRADES)} {person}"
    else:
        name = f"{rng.choice(PL_STEMS)}{rng.choice(PL_TAILS)} {rng.choice(PL_FORMS)}"
    code, city = rng.choice(PL_CITIES)
    street = f"{rng.choice(PL_STREETS)} {rng.randint(1, 180)}"
    if rng.random() < 0.4:
        street += f"/{rng.randint(1, 40)}"
    return Party(name, street, f"{code} {city}", nip(rng))


def german_company(rng: random.Random) -> Party:
    """Return a German company with a VAT id."""
    code, city = rng.choice(DE_CITIES)
    street = f"{rng.choice(['Hauptstraße', 'Bahnhofstraße', 'Lindenallee'])} {rng.randint(1, 99)}"
    return Party(rng.choice(EN_COMPANIES), street, f"{code} {city}", german_vat(rng), "DE")


def israeli_company(rng: random.Random) -> Party:
    """Return an Israeli business with a dealer number (עוסק מורשה / ח.פ.)."""
    name = rng.choice(HE_COMPANIES)
    street = f"{rng.choice(HE_STREETS)} {rng.randint(1, 120)}"
    return Party(name, street, rng.choice(HE_CITIES), israeli_id(rng, 'בע"מ' in name), "IL")
