"""Sources: what comes into the platform. The synthetic-world generator behind `regiomonitor
generate` (sources.generator), and the adapters that read DUO's own files as DUO publishes them
(sources.duo)."""
