"""Submissions from 77 provinces: files of a publish, the slices each province sent, locks,
and a history that says what each action touched.

Earlier versions keep loading: each keeps its file (moved to ``files``) and gains the slices
its records came in, as if each province had submitted them when that version was published.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _fk(name: str, table: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer, sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), nullable=nullable, index=True)


def upgrade() -> None:
    op.create_table(
        "files",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _fk("version_id", "versions"),
        sa.Column("filename", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "slices",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        _fk("version_id", "versions"),
        _fk("file_id", "files", nullable=True),
        sa.Column("dataset", sa.String(40), nullable=False),
        sa.Column("province_code", sa.String(8), nullable=False, index=True),
        sa.Column("period", sa.Integer, nullable=False),
        sa.Column("fiscal_year", sa.Integer),
        sa.Column("rows", sa.Integer, nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.String(200), nullable=False),
    )
    op.create_table(
        "locks",
        sa.Column("province_code", sa.String(8), primary_key=True),
        sa.Column("fiscal_year", sa.Integer, primary_key=True),
        sa.Column("locked", sa.Boolean, nullable=False),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    # plain ADD COLUMN (no table copy): SQLite could not drop a table other tables point at
    op.add_column("events", sa.Column("provinces", sa.Text, nullable=False, server_default=""))
    op.add_column("events", sa.Column("detail", sa.Text, nullable=False, server_default="{}"))
    op.add_column("versions", sa.Column("is_sample", sa.Boolean, nullable=False, server_default=sa.false()))
    _backfill()


def _backfill() -> None:
    op.execute("UPDATE versions SET is_sample = TRUE WHERE uploader = 'system' AND note LIKE 'sample%'")
    op.execute(
        "INSERT INTO files (version_id, filename, sha256, size, content) "
        "SELECT id, filename, sha256, size, content FROM versions"
    )
    op.execute(
        "INSERT INTO slices (version_id, file_id, dataset, province_code, period, fiscal_year, rows, "
        "submitted_at, submitted_by) "
        "SELECT r.version_id, f.id, 'records', r.province_code, r.program_year, MIN(r.fiscal_year), COUNT(*), "
        "v.created_at, v.uploader FROM records r JOIN versions v ON v.id = r.version_id "
        "JOIN files f ON f.version_id = v.id "
        "GROUP BY r.version_id, f.id, r.province_code, r.program_year, v.created_at, v.uploader"
    )
    op.execute(
        "UPDATE events SET provinces = COALESCE((SELECT string_agg(DISTINCT r.province_code, ',') "
        "FROM records r WHERE r.version_id = events.version_id), '') WHERE action = 'publish'"
        if op.get_bind().dialect.name == "postgresql"
        else "UPDATE events SET provinces = COALESCE((SELECT group_concat(DISTINCT r.province_code) "
        "FROM records r WHERE r.version_id = events.version_id), '') WHERE action = 'publish'"
    )


def downgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.drop_column("is_sample")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("detail")
        batch.drop_column("provinces")
    for table in ("locks", "slices", "files"):
        op.drop_table(table)
