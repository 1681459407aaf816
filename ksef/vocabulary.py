"""ksef's vocabulary: environments, credentials, subject types, access and qualification.

Each is an `intake.vocabulary.Choice`: a member equals its stored text (backed by a CHECK
constraint where it is stored) and carries a label translated where a person reads it.
"""

from __future__ import annotations

from intake.i18n import N_
from intake.vocabulary import Choice


class Environment(Choice):
    """A KSeF environment (docs/srodowiska.md)."""

    TEST = "test", N_("KSeF test environment")
    DEMO = "demo", N_("KSeF pre-production (demo)")
    PROD = "prod", N_("KSeF production")


# The API's base address per environment (open-api.json's servers; docs/srodowiska.md).
BASE_URLS = {
    Environment.TEST: "https://api-test.ksef.mf.gov.pl/v2",
    Environment.DEMO: "https://api-demo.ksef.mf.gov.pl/v2",
    Environment.PROD: "https://api.ksef.mf.gov.pl/v2",
}


class CredentialKind(Choice):
    """How Intake proves who it is to KSeF."""

    CERTIFICATE = "certificate", N_("KSeF certificate")
    TOKEN = "token", N_("KSeF token")


class SubjectType(Choice):
    """The client's role on the invoices asked for (InvoiceQuerySubjectType)."""

    BUYER = "Subject2", N_("buyer")
    THIRD = "Subject3", N_("third party")
    AUTHORIZED = "SubjectAuthorized", N_("authorised party")


class Access(Choice):
    """Whether the office can read a company's invoices in KSeF, as last checked."""

    UNKNOWN = "unknown", N_("not checked yet")
    WORKING = "working", N_("working")
    NO_CREDENTIAL = "no_credential", N_("no credential")
    REFUSED = "refused", N_("credential refused")
    NO_PERMISSION = "no_permission", N_("no permission from the client")
    FAILING = "failing", N_("failing")


class Qualification(Choice):
    """What the client (or staff) says a KSeF invoice is for."""

    BOOKS = "books", N_("for the books")
    NOT_BUSINESS = "not_business", N_("not business")
    DISPUTE = "dispute", N_("not ours / dispute")
