"""The feeds' names (their inbox folders), in the registry's order, for code that needs only the names
and not Pandera (orchestration/changes.py). The registry checks at import that it has exactly these."""
FEED_NAMES = ("enrolments", "placements", "capacity", "costs", "funding", "vo_outflow", "regions", "partnerships",
              "schools", "institutions", "subjects", "norms", "kpi_targets", "duo_examens", "duo_intake", "duo_1cho",
              "croho")
