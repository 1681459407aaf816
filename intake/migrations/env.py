"""Alembic environment: every package's models and revisions, on the URL the caller set."""

from alembic import context

from intake.db import make_engine
from intake.models import Base, load_models
from intake.search import modelled

load_models()
config = context.config
url = config.get_main_option("sqlalchemy.url") or ""
engine = make_engine(url)

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # SQLite rebuilds a table to change it; with keys enforced it could not drop the old
        # copy while other tables point at it. Keys are checked again once all is done.
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=sqlite,
        compare_type=True,
        include_name=modelled,
    )
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"the migrated database breaks foreign keys: {broken[:5]}")
engine.dispose()
