"""The WSGI entry for production servers: `gunicorn 'portal.wsgi:app'`."""

from intake import runtime
from portal import create_app

app = create_app(runtime.start())
