"""Sharing a petition: a link per channel with a referral code, and the validated signatures
each referral code brought (for the creator)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

import sqlalchemy as sa

from electoral.petitions.db import SIGNATURES
from electoral.petitions.domain import SignatureStatus, validate_ref
from electoral.petitions.values import Channel

if TYPE_CHECKING:
    from electoral.petitions.context import ServiceContext

__all__ = ["referral_counts", "share_links", "share_links_for"]


def share_links(
    ctx: ServiceContext, petition_id: int, referrer: str | None = None
) -> dict[Channel, str]:
    """A link per channel, with the referral code ``<channel>`` or ``<channel>.<referrer>``.

    Raises:
        PetitionNotFoundError: no such petition, or not published.
    """
    view = ctx.load(petition_id, public=True)
    return share_links_for(ctx, petition_id, view.title, referrer)


def share_links_for(
    ctx: ServiceContext, petition_id: int, title: str, referrer: str | None = None
) -> dict[Channel, str]:
    """:func:`share_links` for a published petition whose title the caller has already."""
    links: dict[Channel, str] = {}
    for channel in Channel:
        ref = validate_ref(f"{channel}.{referrer}" if referrer else channel.value)
        url = f"{ctx.base_url}/petitions/{petition_id}?{urlencode({'ref': ref})}"
        links[channel] = _share_url(channel, url, title)
    return links


def _share_url(channel: Channel, url: str, title: str) -> str:
    if channel is Channel.EMAIL:
        return f"mailto:?subject={quote(title)}&body={quote(url)}"
    if channel is Channel.FACEBOOK:
        return f"https://www.facebook.com/sharer/sharer.php?{urlencode({'u': url})}"
    if channel is Channel.X:
        return f"https://x.com/intent/post?{urlencode({'text': title, 'url': url})}"
    if channel is Channel.WHATSAPP:
        return f"https://wa.me/?{urlencode({'text': f'{title} {url}'})}"
    return url


def referral_counts(ctx: ServiceContext, petition_id: int) -> dict[str, int]:
    """Validated signatures by referral code (``direct``: none), for the creator."""
    with ctx.engine.connect() as connection:
        rows = connection.execute(
            sa.select(SIGNATURES.c.ref, sa.func.count())
            .where(
                SIGNATURES.c.petition_id == petition_id,
                SIGNATURES.c.status == SignatureStatus.VALIDATED.value,
            )
            .group_by(SIGNATURES.c.ref)
        )
        return {ref or "direct": int(n) for ref, n in rows}
