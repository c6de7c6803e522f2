"""The synthetic world behind `regiomonitor generate`: Dutch education regions, partnerships,
schools, institutes and students, delivered as the feed contract (validations.feeds) says, so the
platform can be built, demonstrated and load-tested without real (personal) data.

    from sources.generator import generate
    summary = generate(out_dir, scale="demo", seed=1, faults=False, progress=print)
"""
from sources.generator.generate import generate
from sources.generator.scales import SCALES

__all__ = ["generate", "SCALES"]
