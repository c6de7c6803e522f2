"""Sources: what comes into the platform. For now the synthetic-world generator behind
`regiomonitor generate`; DUO's own files will get their adapters here."""
