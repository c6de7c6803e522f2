"""Text from the data shown as text: names of regions, partnerships and schools, feed and file names,
reasons and messages come from senders, so on a page they must never become a link, an image, a
heading, emphasis or a right-to-left trick.

- `plain(value)`: the value without bidi control characters (which can make `gpj.exe` read as
  `exe.jpg`) and with line breaks and other control characters as spaces. For text Streamlit shows
  as text: selectbox options, chart labels and tooltips, table cells.
- `markdown(value)`: `plain(value)` escaped for Streamlit's Markdown (CommonMark, GitHub-flavoured
  Markdown, Streamlit's `:directives[]`, `:emoji:` and `$math$`), for every place where data goes
  into st.markdown, captions, headlines, subheaders, alerts, labels and help texts.

The escaping puts a backslash before every character that can start or end Markdown syntax
(CommonMark renders `\\x` as `x` for any ASCII punctuation). Characters that are inert inside a
line stay as they are, so names read the same in the page's source and in tests: hyphens,
apostrophes, parentheses (a link needs `[`), dots (except `www.`, which GFM would autolink), and an
underscore between two letters or digits (CommonMark never takes it for emphasis). At the start of
the text, where it could open a list, a leading `-`, `+` or `1.` / `1)` is escaped too.
"""
from __future__ import annotations

import html as _html
import re

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_REMOVE = dict.fromkeys(map(ord, BIDI_CONTROLS))
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")     # control characters, line separators
_SYNTAX = re.compile(r"[\\`*\[\]<>#|~$:&]"                     # Markdown, Streamlit or HTML syntax anywhere
                     r"|(?<![^\W_])_|_(?![^\W_])"              # an underscore next to anything but a letter/digit
                     r"|(?<=www)\.", re.IGNORECASE)            # www. would become a link
_LIST_START = re.compile(r"^(?:([-+])|(\d+)([.)]))")       # a list item at the start of a line


def plain(value) -> str:
    """The value as one line of text without bidi controls."""
    return _BREAKS.sub(" ", str(value).translate(_REMOVE))


def markdown(value) -> str:
    """The value as Markdown that renders exactly its text (on one line, without surrounding blanks,
    which at the start of a line could open a code block)."""
    text = _SYNTAX.sub(r"\\\g<0>", plain(value).strip())
    return _LIST_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def html(value) -> str:
    """`plain(value)` as HTML text: every character that could open a tag or an entity escaped."""
    return _html.escape(plain(value), quote=True)
