"""Published versions, their tables, the audit trail and the current-version pointer.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _version_fk() -> sa.Column:
    return sa.Column(
        "version_id", sa.Integer, sa.ForeignKey("versions.id", ondelete="CASCADE"), nullable=False, index=True
    )


def upgrade() -> None:
    _published_tables()
    _bookkeeping_tables()


def _published_tables() -> None:
    op.create_table(
        "versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("uploader", sa.String(200), nullable=False),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("record_count", sa.Integer, nullable=False),
        sa.Column("province_count", sa.Integer, nullable=False),
        sa.Column("warning_count", sa.Integer, nullable=False),
        sa.Column("warnings_json", sa.Text, nullable=False),
    )
    op.create_table(
        "records",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _version_fk(),
        sa.Column("province_code", sa.String(8), nullable=False),
        sa.Column("program_year", sa.Integer, nullable=False),
        sa.Column("fiscal_year", sa.Integer),
        sa.Column("indicator", sa.String(60), nullable=False),
        sa.Column("target", sa.Float),
        sa.Column("actual", sa.Float),
        sa.Column("note", sa.Text),
        sa.Column("sheet", sa.String(300)),
        sa.Column("row", sa.Integer),
    )
    _definition_tables()


def _definition_tables() -> None:
    op.create_table(
        "provinces",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _version_fk(),
        sa.Column("province_code", sa.String(8), nullable=False),
        sa.Column("region", sa.String(40)),
        sa.Column("start_year", sa.Integer),
        sa.Column("start_year_assumed", sa.Boolean, nullable=False),
        sa.Column("networks", sa.Float),
    )
    op.create_table(
        "indicators",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _version_fk(),
        sa.Column("code", sa.String(60), nullable=False),
        sa.Column("area", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name_th", sa.Text, nullable=False),
        sa.Column("name_en", sa.Text, nullable=False),
        sa.Column("aliases", sa.Text, nullable=False),
    )


def _bookkeeping_tables() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id"), nullable=False),
    )
    pointer = op.create_table(
        "current_version",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version_id", sa.Integer, sa.ForeignKey("versions.id")),
    )
    # the one row every publish locks first, so publishes take turns and the newest wins
    op.bulk_insert(pointer, [{"id": 1, "version_id": None}])


def downgrade() -> None:
    for table in ("current_version", "events", "indicators", "provinces", "records", "versions"):
        op.drop_table(table)
