"""The report of `regiomonitor check`: per file what ingest would do with it and every row it would
reject, then a summary, in Dutch or English. Names a sender chose are shown with control characters
escaped, so a file name cannot write to the terminal."""
from __future__ import annotations

from orchestration.ingest.check import CheckResult
from sources.files.naming import CONTROL
from sources.senders.wording import in_language

TEXT = {
    "nl": {"refused": "GEWEIGERD", "loaded": "in orde", "rejected": "rijen afgekeurd",
           "counts": "{received} rijen ontvangen, {loaded} zouden laden, {rejected} afgekeurd",
           "row": "rij {n}", "feed": "feed {feed}, afzender {sender}",
           "summary": "samenvatting: {files} bestand(en), {refused} geweigerd, {rejected} rij(en) afgekeurd, "
                      "{loaded} rij(en) in orde",
           "clean": "Alles in orde: lever de bestanden aan zoals ze zijn.",
           "fix": "Verbeter de bestanden en controleer opnieuw; een afgekeurde rij telt niet mee, een geweigerd "
                  "bestand helemaal niet."},
    "en": {"refused": "REFUSED", "loaded": "fine", "rejected": "rows rejected",
           "counts": "{received} rows received, {loaded} would load, {rejected} rejected",
           "row": "row {n}", "feed": "feed {feed}, sender {sender}",
           "summary": "summary: {files} file(s), {refused} refused, {rejected} row(s) rejected, {loaded} row(s) fine",
           "clean": "All fine: deliver the files as they are.",
           "fix": "Correct the files and check again; a rejected row does not count, a refused file not at all."},
}


def shown(name: str | None) -> str:
    """A sender-chosen name for the terminal: control characters as escapes."""
    name = name or ""
    return CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode(), name)


def check_report(results: list[CheckResult], lang: str = "nl") -> str:
    t = TEXT[lang]
    lines = []
    for r in results:
        head = f"{shown(r.file)}"
        if r.feed:
            head += f" ({t['feed'].format(feed=r.feed, sender=shown(r.sender) or '-')})"
        if r.status == "refused":
            lines.append(f"{head}: {t['refused']}: {shown(in_language(r.message, lang))}")
        else:
            state = t["rejected"] if r.rows_rejected else t["loaded"]
            lines.append(f"{head}: {state}: " + t["counts"].format(received=r.rows_received, loaded=r.rows_loaded,
                                                                    rejected=r.rows_rejected))
            if r.message:
                lines.append(f"  {shown(in_language(r.message, lang))}")
        for n, reason in r.rejections[:1000]:
            lines.append(f"  {t['row'].format(n=n)}: {shown(in_language(reason, lang))}")
        if len(r.rejections) > 1000:
            lines.append(f"  ... (+{len(r.rejections) - 1000})")
    refused = sum(r.status == "refused" for r in results)
    lines.append(t["summary"].format(files=len(results), refused=refused,
                                     rejected=sum(r.rows_rejected for r in results),
                                     loaded=sum(r.rows_loaded for r in results)))
    lines.append(t["fix"] if refused or any(r.rows_rejected for r in results) else t["clean"])
    return "\n".join(lines)
