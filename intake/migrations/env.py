"""Alembic environment: runs our migrations on the URL the caller configured."""

from alembic import context

from intake.db import make_engine
from intake.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url") or ""
engine = make_engine(url)

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
