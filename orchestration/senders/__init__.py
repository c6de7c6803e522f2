"""The senders' side: what a sender sees of the platform (checks, templates, receipts), in its language."""
