"""Reading any delivered file, below orchestration so that sources.duo's adapters need nothing
above them: which delivery a file is by its name (naming), its bytes as text rows (readers) and what
one file may cost (limits)."""
