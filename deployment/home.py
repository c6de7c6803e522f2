"""A home folder holds one deployment: inbox, private warehouse, published snapshot, Dagster
storage, logs. Everything that needs a path asks this module."""
from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOME = "./regiomonitor-home"
KEY_ENV, KEY_FILE_ENV = "REGIOMONITOR_PSEUDONYM_KEY", "REGIOMONITOR_PSEUDONYM_KEY_FILE"
DEMO_SECRET = b"regiomonitor-demo-secret-not-for-real-data"
DEMO_MARKER = ".demo-home"
PRIVATE_UMASK = 0o077          # files 0600, folders 0700: only the account that runs the pipeline
SNAPSHOT_MODE = 0o640          # the published snapshot: also the group (a dashboard under another account)
ROOT_MODE = 0o750              # so that group can reach the snapshot; all else inside stays private


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
    def inbox_hashes(self) -> Path:
        """The inbox's quick-check records (orchestration/ingest/inbox.scan): private, rebuilt when lost."""
        return self.root / "state" / "inbox-hashes.json"

    @property
    def is_demo(self) -> bool:
        return (self.root / DEMO_MARKER).exists()

    def mark_demo(self) -> None:
        self.create_root()
        (self.root / DEMO_MARKER).write_text("This home holds generated demo data; it may use the demo secret.\n")

    def create(self) -> None:
        """The home's folders; new ones are private (an existing folder keeps its mode)."""
        self.create_root()
        for folder in (self.inbox, self.dagster_home, self.logs):
            folder.mkdir(mode=0o700, exist_ok=True)

    def create_root(self) -> None:
        if not self.root.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            os.chmod(self.root, ROOT_MODE)

    def restrict(self) -> None:
        """Take group and others' access off the private files a run writes, as they may date
        from before files were created private (a warehouse was 0644)."""
        wal = self.warehouse.with_name(self.warehouse.name + ".wal")
        for path in (self.warehouse, wal, self.logs, self.dagster_home, self.root / "dbt-target", self.root / "gx"):
            with contextlib.suppress(FileNotFoundError):
                os.chmod(path, os.stat(path).st_mode & 0o700)
        with contextlib.suppress(FileNotFoundError):
            os.chmod(self.published, os.stat(self.published).st_mode & SNAPSHOT_MODE)

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


@contextlib.contextmanager
def private_files():
    """Everything created meanwhile is the owner's only (umask 077): the warehouse holds
    unsuppressed detail, Dagster's storage and the logs name senders and files. The umask is the
    process's, so this wraps a whole run (orchestration.locking.run_lock), not a thread."""
    previous = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)
