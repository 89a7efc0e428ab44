"""Database tables of published trackers (SQLAlchemy Core; SQLite by default, PostgreSQL too).

The tables are created and upgraded by Alembic migrations (``moral_metrics/migrations``); this
module describes the current shape for queries.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("uploader", String(200), nullable=False),
    Column("filename", String(300), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),  # the uploaded file exactly as it came
    Column("record_count", Integer, nullable=False),
    Column("province_count", Integer, nullable=False),
    Column("warning_count", Integer, nullable=False),
    Column("warnings_json", Text, nullable=False, default="[]"),
    Column("is_sample", Boolean, nullable=False, default=False),  # the bundled demonstration data
)

files = Table(  # every uploaded file of a publish, exactly as it came
    "files",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("filename", String(300), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

slices = Table(  # what each publish brought: one province's rows of one dataset for one period
    "slices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("file_id", Integer, ForeignKey("files.id", ondelete="CASCADE"), index=True),
    Column("dataset", String(40), nullable=False),
    Column("province_code", String(8), nullable=False, index=True),
    Column("period", Integer, nullable=False),
    Column("fiscal_year", Integer),
    Column("rows", Integer, nullable=False),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("submitted_by", String(200), nullable=False),
)

locks = Table(  # a province's fiscal year accepted and locked (or unlocked again) by a central editor
    "locks",
    metadata,
    Column("province_code", String(8), primary_key=True),
    Column("fiscal_year", Integer, primary_key=True),
    Column("locked", Boolean, nullable=False),
    Column("by", String(200), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

records = Table(
    "records",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("province_code", String(8), nullable=False),
    Column("program_year", Integer, nullable=False),
    Column("fiscal_year", Integer),
    Column("indicator", String(60), nullable=False),
    Column("target", Float),
    Column("actual", Float),
    Column("note", Text),
    Column("sheet", String(300)),
    Column("row", Integer),
    Column("file_id", Integer),  # issue 23: the upload it came from, kept through merges
    Column("target_cell", String(20)),
    Column("actual_cell", String(20)),
    Column("target_typed", Text),
    Column("actual_typed", Text),
)

provinces = Table(
    "provinces",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("province_code", String(8), nullable=False),
    Column("region", String(40)),
    Column("start_year", Integer),
    Column("start_year_assumed", Boolean, nullable=False, default=False),
    Column("networks", Float),
)

indicators = Table(
    "indicators",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("code", String(60), nullable=False),
    Column("area", String(40), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("name_th", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("aliases", Text, nullable=False, default=""),
)

entries = Table(  # rows of the datasets below the province (model.DATASETS), as JSON
    "entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("dataset", String(40), nullable=False),
    Column("province_code", String(8), nullable=False),
    Column("period", Integer),
    Column("data", Text, nullable=False),
)

history = Table(  # the audit history: who published, removed, restored, locked or erased what, and when
    "history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("action", String(20), nullable=False),  # publish, remove, restore, lock, unlock
    Column("version_id", Integer, ForeignKey("versions.id"), nullable=False),  # current after the action
    Column("provinces", Text, nullable=False, default=""),  # ISO codes it touched, comma-separated
    Column("detail", Text, nullable=False, default="{}"),  # JSON: files, years, counts
)

consent = Table(  # issue 22: the latest publish's decision per person, applied to every version
    "consent",
    metadata,
    Column("province_code", String(8), primary_key=True),
    Column("person_key", String(400), primary_key=True),  # the name as normalised (vocabulary.name_key)
    Column("kind", String(20), primary_key=True),
    Column("public", Boolean, nullable=False),
    Column("version_id", Integer),
    Column("decided_at", DateTime(timezone=True)),
)

photos = Table(  # issue 22: photos of honourees, small JPEGs served by the app itself
    "photos",
    metadata,
    Column("ref", String(80), primary_key=True),  # "image:<sha256 of the content>"
    Column("content", LargeBinary, nullable=False),
)

current = Table(  # one row (id 1): the version everyone sees; every publish locks it first
    "current_version",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", Integer, ForeignKey("versions.id")),
)
