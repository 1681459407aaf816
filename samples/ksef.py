"""Write an invoice as a KSeF FA(3) e-invoice (valid against shared/ksef/schemy)."""

from __future__ import annotations

import random
from xml.sax.saxutils import escape

from ocr.ksef import FA3
from samples.invoice import Invoice

NS = FA3
ETD = "http://crd.gov.pl/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/"
# Which P_13/P_14 pair carries each rate's net and VAT (FA(3) order matters).
RATE_FIELDS = {
    "23": ("P_13_1", "P_14_1"),
    "8": ("P_13_2", "P_14_2"),
    "5": ("P_13_3", "P_14_3"),
    "0": ("P_13_6_1", None),
    "zw": ("P_13_7", None),
    "np": ("P_13_8", None),
}
ORDER = ["P_13_1", "P_14_1", "P_13_2", "P_14_2", "P_13_3", "P_14_3", "P_13_6_1", "P_13_7", "P_13_8"]
ROW_RATE = {"0": "0 KR", "np": "np I"}


def _party(tag: str, name: str, nip: str, street: str, city: str) -> str:
    return (
        f"<{tag}><DaneIdentyfikacyjne><NIP>{nip}</NIP><Nazwa>{escape(name)}</Nazwa>"
        f"</DaneIdentyfikacyjne><Adres><KodKraju>PL</KodKraju>"
        f"<AdresL1>{escape(street)}</AdresL1><AdresL2>{escape(city)}</AdresL2></Adres>"
        + ("<JST>2</JST><GV>2</GV>" if tag == "Podmiot2" else "")
        + f"</{tag}>"
    )


def _sums(inv: Invoice) -> str:
    values: dict[str, str] = {}
    for rate, net, vat in inv.breakdown():
        net_tag, vat_tag = RATE_FIELDS[rate]
        values[net_tag] = f"{net:f}"
        if vat_tag:
            values[vat_tag] = f"{vat:f}"
    return "".join(f"<{k}>{values[k]}</{k}>" for k in ORDER if k in values)


def _rows(inv: Invoice) -> str:
    out = []
    for n, row in enumerate(inv.rows, 1):
        out.append(
            f"<FaWiersz><NrWierszaFa>{n}</NrWierszaFa><P_7>{escape(row.name)}</P_7>"
            f"<P_8A>{escape(row.unit)}</P_8A><P_8B>{row.qty.normalize():f}</P_8B>"
            f"<P_9A>{row.price:f}</P_9A><P_11>{row.net:f}</P_11>"
            f"<P_12>{ROW_RATE.get(row.rate, row.rate)}</P_12></FaWiersz>"
        )
    return "".join(out)


def _payment(inv: Invoice, rng: random.Random) -> str:
    if not inv.account and not inv.due:
        return ""
    due = f"<TerminPlatnosci><Termin>{inv.due.isoformat()}</Termin></TerminPlatnosci>"
    nrb = inv.account if rng.random() < 0.5 else inv.account[2:]
    bank = f"<RachunekBankowy><NrRB>{nrb}</NrRB></RachunekBankowy>" if inv.account else ""
    return f"<Platnosc>{due if inv.due else ''}<FormaPlatnosci>6</FormaPlatnosci>{bank}</Platnosc>"


def render(inv: Invoice, rng: random.Random) -> bytes:
    """Return the FA(3) XML of a Polish invoice or correction."""
    kind = "KOR" if inv.correction_of else "VAT"
    correction = ""
    if inv.correction_of:
        correction = (
            "<PrzyczynaKorekty>Zwrot towaru</PrzyczynaKorekty><TypKorekty>2</TypKorekty>"
            "<DaneFaKorygowanej><DataWystFaKorygowanej>"
            f"{inv.issue.replace(day=1).isoformat()}</DataWystFaKorygowanej>"
            f"<NrFaKorygowanej>{escape(inv.correction_of)}</NrFaKorygowanej>"
            "<NrKSeFN>1</NrKSeFN></DaneFaKorygowanej>"
        )
    sale = f"<P_6>{inv.sale.isoformat()}</P_6>" if inv.sale else ""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Faktura xmlns:etd="{ETD}" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="{NS}">'
        '<Naglowek><KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza>'
        "<WariantFormularza>3</WariantFormularza>"
        f"<DataWytworzeniaFa>{inv.issue.isoformat()}T10:00:00Z</DataWytworzeniaFa>"
        "<SystemInfo>Intake samples</SystemInfo></Naglowek>"
        + _party("Podmiot1", inv.seller.name, inv.seller.tax_id, inv.seller.street, inv.seller.city)
        + _party("Podmiot2", inv.buyer.name, inv.buyer.tax_id, inv.buyer.street, inv.buyer.city)
        + f"<Fa><KodWaluty>{inv.currency}</KodWaluty><P_1>{inv.issue.isoformat()}</P_1>"
        f"<P_2>{escape(inv.number)}</P_2>{sale}{_sums(inv)}<P_15>{inv.gross:f}</P_15>"
        "<Adnotacje><P_16>2</P_16><P_17>2</P_17><P_18>2</P_18><P_18A>2</P_18A>"
        "<Zwolnienie><P_19N>1</P_19N></Zwolnienie>"
        "<NoweSrodkiTransportu><P_22N>1</P_22N></NoweSrodkiTransportu><P_23>2</P_23>"
        "<PMarzy><P_PMarzyN>1</P_PMarzyN></PMarzy></Adnotacje>"
        f"<RodzajFaktury>{kind}</RodzajFaktury>{correction}"
        + _rows(inv)
        + _payment(inv, rng)
        + "</Fa></Faktura>\n"
    )
    return xml.encode("utf-8")
