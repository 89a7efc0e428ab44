"""Issue 23: every record keeps where it came from: the upload (``file_id``), the cells of its
target and actual and what was typed there. Rows of the datasets below the province keep their
``file_id`` in their JSON. Records stored before this revision have none (shown as "row N of the
version's file").

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("file_id", sa.Integer, nullable=True))
        batch.add_column(sa.Column("target_cell", sa.String(20), nullable=True))
        batch.add_column(sa.Column("actual_cell", sa.String(20), nullable=True))
        batch.add_column(sa.Column("target_typed", sa.Text, nullable=True))
        batch.add_column(sa.Column("actual_typed", sa.Text, nullable=True))
