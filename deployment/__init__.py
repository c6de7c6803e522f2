"""A deployment's home folder: its paths and secret (home), its settings (settings) and the layout of
the partnerships' own-detail extracts beside the snapshot (own_detail). A leaf package, so that the
pipeline (orchestration) and the dashboards (dashboards) both read it and neither imports the other."""
