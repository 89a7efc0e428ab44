"""Issue 22: the consent register, one decision per person (province, name as normalised, kind),
and the photos of honourees kept with the versions (served by the app, never fetched by viewers).

The latest publish's decision for a person applies to every stored version. Versions stored
before this revision did not tell an explicit yes from a blank (a blank meant public then), so
every person already stored starts as not public: the next publish of their province's file
decides again. Organisations and communities are not personal data and are not registered.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from moral_metrics.reference.vocabulary import name_key

    consent = op.create_table(
        "consent",
        sa.Column("province_code", sa.String(8), primary_key=True),
        sa.Column("person_key", sa.String(400), primary_key=True),
        sa.Column("kind", sa.String(20), primary_key=True),
        sa.Column("public", sa.Boolean, nullable=False),
        sa.Column("version_id", sa.Integer, nullable=True),  # the publish that decided
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "photos",
        sa.Column("ref", sa.String(80), primary_key=True),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    bind = op.get_bind()
    rows = bind.execute(sa.text("SELECT province_code, data FROM entries WHERE dataset = 'honourees'"))
    keys = set()
    for province, data in rows:
        row = json.loads(data)
        if row.get("kind") == "person" and row.get("name"):
            keys.add((province, name_key(row["name"])))
    if keys:
        rows = [{"province_code": p, "person_key": k, "kind": "person", "public": False} for p, k in keys]
        op.bulk_insert(consent, rows)
