"""The DUO files vendored in tests/data/duo are the real ones: byte-exact to their recorded sums, and to
../shared/real/duo when that is beside the project (a changed or re-encoded copy would test nothing)."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.duo_files import REAL

SHARED = Path(__file__).resolve().parents[2] / "shared" / "real" / "duo"
SUMS = dict((path, digest) for digest, path in
            re.findall(r"^([0-9a-f]{64})  (\S+)$", (REAL / "PROVENANCE.md").read_text(), re.MULTILINE))
FILES = sorted(str(p.relative_to(REAL)) for p in REAL.rglob("*") if p.is_file() and p.name != "PROVENANCE.md")


def test_every_vendored_file_has_its_sum_recorded():
    assert FILES and sorted(SUMS) == FILES


@pytest.mark.parametrize("name", FILES)
def test_a_vendored_file_is_the_real_one(name):
    data = (REAL / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == SUMS[name]
    if SHARED.exists():
        assert data == (SHARED / name).read_bytes()
