"""intake's tables: offices, people, companies, documents and months; every row has an office.

Other packages keep their tables beside their code (inbox/models.py, tasks/models.py,
notify/models.py) on the same Base; `load_models()` imports them all.
"""

from intake.models.base import Base, UTCDateTime, load_models, utcnow
from intake.models.document import Document, DocumentEvent, Extraction
from intake.models.login import LoginSession
from intake.models.office import Company, Contact, Office, User
from intake.models.period import Period
from intake.models.schedule import ScheduleSlot
from intake.models.search import DocumentSearch

__all__ = [
    "Base",
    "Company",
    "Contact",
    "Document",
    "DocumentEvent",
    "DocumentSearch",
    "Extraction",
    "LoginSession",
    "Office",
    "Period",
    "ScheduleSlot",
    "UTCDateTime",
    "User",
    "load_models",
    "utcnow",
]
