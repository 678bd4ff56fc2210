"""Every model module, imported so that `Base.metadata` knows every table."""

from storage.models import core
from storage.models.base import Base

__all__ = ["Base", "core"]
