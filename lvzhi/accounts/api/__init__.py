"""Identity and administration over the API (API.md): both modules add their operations to one router."""

from lvzhi.accounts.api import identity, users
from lvzhi.accounts.api.router import router

__all__ = ["identity", "router", "users"]
