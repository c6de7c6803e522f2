"""Progress lines for long work. Assets log them to Dagster; the `regiomonitor` command also wants
them on stderr, since it silences Dagster's own console chatter: it configures this resource with
`stderr=True` (a resource setting, not an environment variable written at run time)."""
from __future__ import annotations

import sys
import time

import dagster as dg

_start = time.monotonic()


class Progress(dg.ConfigurableResource):
    """Where progress lines go: the run's log always, stderr too when `stderr` is set."""
    stderr: bool = False

    def reporter(self, context):
        """A callable that logs a progress line to the run and, if asked, prints it."""
        def report(message: str) -> None:
            context.log.info(message)
            if self.stderr:
                print(f"  [{time.monotonic() - _start:5.1f}s] {message}", file=sys.stderr, flush=True)
        return report
