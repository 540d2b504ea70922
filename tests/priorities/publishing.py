"""Publishing results through the officials' pages, as a signed-in official does: compute the
preview (with the statement), read the digest of its ballots from the confirmation page, tick
and publish (issue 12, item 7)."""

from __future__ import annotations

import re

DIGEST = re.compile(r'name="previewed_sha256"[^>]*value="([0-9a-f]{64})"')


def previewed_digest(client, vote_id: int) -> str:
    """The digest the confirmation page carries (the preview the official has checked)."""
    page = client.get(f"/votes/{vote_id}/results/publish").get_data(as_text=True)
    match = DIGEST.search(page) or re.search(
        r'value="([0-9a-f]{64})"[^>]*name="previewed_sha256"', page
    )
    assert match, "no confirmation form on the page"
    return match.group(1)


def publish_by_form(client, vote_id: int, statement: str = ""):
    """Preview, confirm and publish; returns the response of the publishing POST."""
    response = client.post(f"/votes/{vote_id}/results/preview", data={"statement": statement})
    assert response.status_code == 302, response.status_code
    digest = previewed_digest(client, vote_id)
    return client.post(
        f"/votes/{vote_id}/results/publish",
        data={"previewed_sha256": digest, "confirmed": "y"},
    )
