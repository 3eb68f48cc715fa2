"""User text to safe HTML for the pages: everything escaped, line breaks kept, and web
addresses turned into links marked ``rel="nofollow ugc"`` (user-generated, not endorsed).

The API returns plain text; only the pages call this.
"""

from __future__ import annotations

import html
import re

__all__ = ["linkify"]

_URL = re.compile(r"\bhttps?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'\""


def linkify(text: str) -> str:
    """Escape ``text`` as HTML and link its http(s) addresses with ``rel="nofollow ugc"``.

    >>> linkify('See <b>https://example.org/a?b=1&c=2</b>.')
    'See &lt;b&gt;<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener" \
target="_blank">https://example.org/a?b=1&amp;c=2</a>&lt;/b&gt;.'
    """
    out: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0)
        stripped = url.rstrip(_TRAILING)
        end = match.start() + len(stripped)
        out.append(html.escape(text[position : match.start()]))
        safe = html.escape(stripped, quote=True)
        out.append(f'<a href="{safe}" rel="nofollow ugc noopener" target="_blank">{safe}</a>')
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out).replace("\n", "<br>\n")
