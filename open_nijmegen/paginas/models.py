"""A page and its versions. The newest version is the text in force; a restore adds a version."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from open_nijmegen.core.db import UTCDateTime, utcnow
from open_nijmegen.extensions import db

MAX_TEKST = 50_000  # characters of Markdown; enough for a long privacy statement


class Pagina(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "pagina"
    __object_type__ = "pagina"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)
    versies: Mapped[list[PaginaVersie]] = relationship(
        back_populates="pagina",
        order_by="PaginaVersie.nummer.desc()",
        cascade="all, delete-orphan",
    )

    @property
    def huidige(self) -> PaginaVersie:
        return self.versies[0]


class PaginaVersie(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "pagina_versie"

    id: Mapped[int] = mapped_column(primary_key=True)
    pagina_id: Mapped[int] = mapped_column(sa.ForeignKey("pagina.id", ondelete="CASCADE"))
    nummer: Mapped[int] = mapped_column(sa.Integer())
    titel: Mapped[str] = mapped_column(sa.String(120))
    tekst: Mapped[str] = mapped_column(sa.Text())
    # None: the text shipped with the site (version 1), or an officer whose account is gone.
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    teruggezet_van: Mapped[int | None] = mapped_column(sa.Integer())  # the version restored
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, nullable=False)

    pagina: Mapped[Pagina] = relationship(back_populates="versies")
    author = relationship("User", foreign_keys=[author_id])

    __table_args__ = (
        sa.UniqueConstraint("pagina_id", "nummer", name="pagina_nummer"),
        sa.CheckConstraint(f"length(tekst) <= {MAX_TEKST}", name="tekst_lengte"),
        sa.CheckConstraint("nummer >= 1", name="nummer"),
    )
