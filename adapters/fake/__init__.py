"""A test backend you push events into and pop replies out of (errbot's TestBackend)."""

from adapters.fake.adapter import FakeAdapter, Sent

__all__ = ["FakeAdapter", "Sent"]
