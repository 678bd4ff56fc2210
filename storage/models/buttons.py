"""Stored buttons, the deployment's secrets and the deliveries already handled."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class ButtonRow(Base):
    __tablename__ = "buttons"

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(index=True)


class DeploymentSecretRow(Base):
    """Created once by the first process to need it, then shared by every worker."""

    __tablename__ = "deployment_secrets"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class HandledDeliveryRow(Base):
    __tablename__ = "handled_deliveries"
    __table_args__ = (UniqueConstraint("platform", "delivery_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    delivery_id: Mapped[str] = mapped_column(String(64))
    handled_at: Mapped[datetime] = mapped_column(index=True)
