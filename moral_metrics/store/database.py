"""Database engines and schema upgrades, the same for SQLite and PostgreSQL.

Writes take turns: SQLite starts a writing transaction with ``BEGIN IMMEDIATE`` (a plain BEGIN
would fail, not wait, when another publish commits first under WAL), PostgreSQL locks the one
current-version row. Readers never wait: SQLite runs in WAL mode and PostgreSQL reads committed
data only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, func, inspect, select, text

from moral_metrics.store import schema

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
MIGRATION_LOCK = 20_566  # any fixed number: PostgreSQL advisory lock held while upgrading


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        # more connections than busy sessions, so a writer is never starved by readers that re-take theirs
        return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=60, pool_timeout=120)
    # many sessions read at once (each page run opens a connection); writers queue on BEGIN IMMEDIATE
    engine = create_engine(url, connect_args={"timeout": 60}, pool_size=10, max_overflow=60, pool_timeout=120)

    @event.listens_for(engine, "connect")
    def _connect(connection, _record) -> None:
        connection.isolation_level = None  # SQLAlchemy's "begin" event below issues BEGIN itself
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # an erased name leaves no bytes in freed pages
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get("writing", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """One writing transaction that waits its turn; it commits whole or not at all."""
    with engine.connect().execution_options(writing=True) as connection, connection.begin():
        if not is_sqlite(engine):
            connection.execute(select(schema.current.c.id).where(schema.current.c.id == 1).with_for_update())
        yield connection


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest Alembic revision (safe from several servers)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect().execution_options(writing=True) as connection, connection.begin():
        if not is_sqlite(engine):
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        tables = set(inspect(connection).get_table_names())
        if "versions" in tables and "alembic_version" not in tables:
            _adopt(connection)
            command.stamp(config, "0001")
        command.upgrade(config, "head")


def _adopt(connection: Connection) -> None:
    """Bring a database made by the first build (tables created without migrations) to 0001."""
    columns = {c["name"] for c in inspect(connection).get_columns("events")}
    if "role" not in columns:  # every action then needed the editor role
        connection.execute(text("ALTER TABLE events ADD COLUMN role VARCHAR(20) NOT NULL DEFAULT 'editor'"))
    if connection.scalar(select(func.count()).select_from(schema.current)) == 0:
        newest = connection.scalar(select(func.max(schema.versions.c.id)))
        if newest is not None:
            connection.execute(schema.current.insert().values(id=1, version_id=newest))


def compact(engine: Engine) -> None:
    """SQLite: write the log back and rebuild the file, so that nothing deleted stays on disk."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()  # the connection is in autocommit mode (isolation_level None), as VACUUM needs
        for statement in ("PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"):
            cursor.execute(statement)
        cursor.close()
    finally:
        raw.close()
