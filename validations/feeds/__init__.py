"""The feed contract as code: one Pandera (polars) model per feed, and the registry of feeds.

The registry is imported on first use (PEP 562), so that `validations.feeds.names` answers without
Pandera: the command's "nothing new" needs only the feeds' names."""
__all__ = ["FEEDS", "Column", "Feed"]


def __getattr__(name: str):
    if name in __all__:
        from validations.feeds import registry
        return getattr(registry, name)
    raise AttributeError(f"module 'validations.feeds' has no attribute {name!r}")
