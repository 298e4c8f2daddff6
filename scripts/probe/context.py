"""What every check is given: the servers, the mode, the photos, and the one persona several checks
share (made in the background at the start, since a debug build takes a while to render it)."""

import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .client import Account, Client, ProbeError
from .tokens import Issuer


@dataclass
class Context:
    client: Client
    full: bool
    photos: list              # six usable photos of one person: (file name, bytes)
    photo_folder: Path
    issuer: Issuer
    binary: str
    second: Client = None     # the second server: https public URL, short idle timeout
    idle_timeout: float = 3.0
    daily_personas: int = 3   # INFLIO_QUOTA_PERSONAS_PER_DAY as probe.sh sets it
    concurrent_portraits: int = 8
    _owner: Future = None

    def start_owner(self, pool: ThreadPoolExecutor):
        """Starts making the shared account and its ready persona without waiting for them."""
        self._owner = pool.submit(self._make_owner)

    def owner(self) -> tuple:
        """(account, persona id) of the shared, ready persona; waits for it if need be."""
        return self._owner.result()

    def _make_owner(self) -> tuple:
        account = self.client.sign_up()
        created = self.client.create_persona(account, self.photos)
        if created.status != 201:
            raise ProbeError(f"the shared persona was not made: {created.brief()}")
        persona = created.json["persona"]["id"]
        # Polled, not ?wait=true: each portrait waits INFLIO_LOCAL_LATENCY first.
        self.wait_until_ready(account, persona)
        return account, persona

    def wait_until_ready(self, account: Account, persona: str, seconds: float = 240) -> dict:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            detail = self.client.request("GET", f"/api/personas/{persona}", headers=account.bearer).json
            status = detail["persona"]["status"]
            if status == "ready":
                return detail
            if status == "failed":
                raise ProbeError(f"persona {persona} failed: {detail}")
            time.sleep(0.5)
        raise ProbeError(f"persona {persona} was not ready after {seconds:.0f} s")
