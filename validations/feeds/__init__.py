"""The feed contract as code: one Pandera (polars) model per feed, and the registry of feeds."""
from validations.feeds.registry import FEEDS, Column, Feed

__all__ = ["FEEDS", "Column", "Feed"]
