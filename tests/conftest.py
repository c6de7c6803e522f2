from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SECRET = "test-secret-0123456789"


@pytest.fixture(autouse=True)
def _secret(monkeypatch):
    monkeypatch.setenv("REGIOMONITOR_PSEUDONYM_KEY", SECRET)
    monkeypatch.delenv("REGIOMONITOR_PSEUDONYM_KEY_FILE", raising=False)
    monkeypatch.delenv("REGIOMONITOR_HOME", raising=False)


@pytest.fixture
def home(tmp_path) -> Path:
    root = tmp_path / "home"
    (root / "inbox").mkdir(parents=True)
    return root


def cli_env(**extra) -> dict:
    env = dict(os.environ, REGIOMONITOR_PSEUDONYM_KEY=SECRET)
    env.pop("REGIOMONITOR_HOME", None)
    env.update(extra)
    return env
