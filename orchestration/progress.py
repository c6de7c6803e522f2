"""Progress lines for long work. Assets log them to Dagster; when the `regiomonitor` command runs
the job it also asks for them on stderr (REGIOMONITOR_PROGRESS=1), since it silences Dagster's
own console chatter."""
from __future__ import annotations

import os
import sys
import time

ENV = "REGIOMONITOR_PROGRESS"
_start = time.monotonic()


def reporter(context):
    """A callable that logs a progress line to the run and, under the CLI, prints it."""
    def report(message: str) -> None:
        context.log.info(message)
        if os.environ.get(ENV) == "1":
            print(f"  [{time.monotonic() - _start:5.1f}s] {message}", file=sys.stderr, flush=True)
    return report
