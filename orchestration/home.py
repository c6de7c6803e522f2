"""A home folder holds one deployment: inbox, private warehouse, published snapshot, Dagster
storage, logs. Everything that needs a path asks this module."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = "./regiomonitor-home"
KEY_ENV, KEY_FILE_ENV = "REGIOMONITOR_PSEUDONYM_KEY", "REGIOMONITOR_PSEUDONYM_KEY_FILE"
DEMO_SECRET = b"regiomonitor-demo-secret-not-for-real-data"
DEMO_MARKER = ".demo-home"


class SecretMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Home:
    root: Path

    @classmethod
    def resolve(cls, option: str | os.PathLike | None = None) -> "Home":
        return cls(Path(option or os.environ.get("REGIOMONITOR_HOME") or DEFAULT_HOME).expanduser().resolve())

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def published(self) -> Path:
        return self.root / "published.duckdb"

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def is_demo(self) -> bool:
        return (self.root / DEMO_MARKER).exists()

    def mark_demo(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / DEMO_MARKER).write_text("This home holds generated demo data; it may use the demo secret.\n")

    def create(self) -> None:
        for folder in (self.root, self.inbox, self.dagster_home, self.logs):
            folder.mkdir(parents=True, exist_ok=True)

    def secret(self) -> tuple[bytes, str]:
        """The pseudonymisation secret and where it came from."""
        if os.environ.get(KEY_ENV):
            return os.environ[KEY_ENV].encode("utf-8"), f"${KEY_ENV}"
        if os.environ.get(KEY_FILE_ENV):
            path = Path(os.environ[KEY_FILE_ENV]).expanduser()
            try:
                value = path.read_bytes().strip()
            except OSError as e:
                raise SecretMissing(f"cannot read the secret file named by ${KEY_FILE_ENV} ({path}): {e.strerror}")
            if not value:
                raise SecretMissing(f"the secret file {path} (from ${KEY_FILE_ENV}) is empty")
            return value, f"${KEY_FILE_ENV} ({path})"
        if self.is_demo:
            return DEMO_SECRET, "the built-in demo secret (demo home only)"
        raise SecretMissing(
            f"no pseudonymisation secret: set ${KEY_ENV} to a long random string, or ${KEY_FILE_ENV} to a "
            f"file holding one (e.g. `openssl rand -hex 32 > ~/.regiomonitor-key`). Only a demo home may use the "
            f"built-in demo secret.")
