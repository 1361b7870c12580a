"""The demo that `make run` loads: 示范市政协 and 示范区政协 under it, with members and one account per role."""

from lvzhi.org.demo.build import build_committee, demo_password_hash
from lvzhi.org.demo.committees import DEMO_COMMITTEES, DEMO_PASSWORD, DemoAccount, DemoCommittee

__all__ = ["DEMO_COMMITTEES", "DEMO_PASSWORD", "DemoAccount", "DemoCommittee", "build_committee", "demo_password_hash"]
