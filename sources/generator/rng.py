"""Seeded random streams. Every part of the world draws from its own stream, named after what it
simulates, so the same seed gives the same bytes (string seeds hash with SHA-512, independent of
PYTHONHASHSEED) and a change in one part does not reshuffle the others."""
from __future__ import annotations

import bisect
import itertools
import math
import random


def stream(seed: int, *names) -> random.Random:
    return random.Random("regiomonitor/" + "/".join(str(p) for p in (seed, *names)))


def binomial(rng: random.Random, n: int, p: float) -> int:
    """Draws from Binomial(n, p) (Python 3.11 has no binomialvariate)."""
    if n <= 0 or p <= 0:
        return 0
    if p >= 1:
        return n
    r = rng.random
    return sum(1 for _ in range(n) if r() < p)


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method for small means, a rounded normal for large ones."""
    if mean <= 0:
        return 0
    if mean > 40:
        return max(0, round(rng.gauss(mean, mean ** 0.5)))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


class Chooser:
    """Weighted choice from a fixed list, with cumulative weights computed once."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1] if self.cum else 0.0

    def __call__(self, rng: random.Random):
        i = bisect.bisect_right(self.cum, rng.random() * self.total)
        return self.items[min(i, len(self.items) - 1)]

    def __bool__(self):
        return bool(self.items) and self.total > 0
