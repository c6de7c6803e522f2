"""The quality gates of a code ref (default: the last commit with validations/gates/definitions.py)
against the current ones on one warehouse, alternating, three times each (BENCHMARKS.md, issue 15).

    .venv/bin/python benchmarks/gates_before_after.py HOME/warehouse.duckdb PREVIOUS/published.duckdb [REF]
"""
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from validations.gates.run import run_gates as current

warehouse, previous = Path(sys.argv[1]), Path(sys.argv[2])
ref = sys.argv[3] if len(sys.argv) > 3 else "1cdfa31"
old_dir = Path(tempfile.mkdtemp()) / "oldgates"
old_dir.mkdir()
(old_dir / "__init__.py").touch()
for name in ("run.py", "definitions.py"):
    text = subprocess.run(["git", "show", f"{ref}:validations/gates/{name}"], capture_output=True, text=True,
                          check=True).stdout
    (old_dir / name).write_text(text.replace("from validations.gates.definitions import", "from oldgates.definitions import"))
sys.path.insert(0, str(old_dir.parent))
from oldgates.run import run_gates as before  # noqa: E402

times = {"before": [], "after": []}
for _ in range(3):
    for name, fn in (("before", before), ("after", current)):
        root = old_dir.parent / f"gx-{name}"
        shutil.rmtree(root, ignore_errors=True)
        t = time.perf_counter()
        results = fn(warehouse, previous, root, 0.5)
        times[name].append(time.perf_counter() - t)
        print(f"{name}: {len(results)} expectations, {sum(not r.passed for r in results)} failed, "
              f"{times[name][-1]:.1f} s", flush=True)
median = {k: sorted(v)[1] for k, v in times.items()}
print(f"median before {median['before']:.1f} s, after {median['after']:.1f} s, "
      f"ratio after/before {median['after'] / median['before']:.2f}")
