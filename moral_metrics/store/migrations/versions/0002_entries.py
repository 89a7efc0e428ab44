"""Rows of the datasets below the province (assessments, honourees, events), one table for all.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column(
            "version_id", sa.Integer, sa.ForeignKey("versions.id", ondelete="CASCADE"), nullable=False, index=True
        ),
        sa.Column("dataset", sa.String(40), nullable=False),
        sa.Column("province_code", sa.String(8), nullable=False),
        sa.Column("period", sa.Integer),
        sa.Column("data", sa.Text, nullable=False),  # the row's declared columns as JSON
    )


def downgrade() -> None:
    op.drop_table("entries")
