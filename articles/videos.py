"""Video addresses: which host a video lives on, and its privacy-friendly player address.

Readers get the player only after they press play, and then from the hosts' no-cookie
domains: youtube-nocookie.com, and player.vimeo.com with dnt=1 ("do not track").
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

YOUTUBE_HOSTS = {
    "youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
    "youtube-nocookie.com", "www.youtube-nocookie.com",
}  # fmt: skip
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
YOUTUBE_PATH = re.compile(r"/(?:embed|shorts|live|v)/([A-Za-z0-9_-]{11})/?")
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
# vimeo.com/123, vimeo.com/123/abcdef (unlisted, with its hash), player.vimeo.com/video/123,
# vimeo.com/channels/name/123, vimeo.com/groups/name/videos/123.
VIMEO_PATH = re.compile(r"(?:/video|/channels/[\w-]+|/groups/[\w-]+/videos)?/(\d+)(?:/(\w+))?/?")


@dataclass(frozen=True)
class VideoSource:
    host: str
    embed_url: str


def video_source(url):
    """The host and no-cookie player address for a YouTube or Vimeo address, else None."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"}:
        return None
    if host in YOUTUBE_HOSTS or host == "youtu.be":
        video_id = _youtube_id(host, parts)
        if video_id:
            query = urlencode({"autoplay": 1, "rel": 0})
            return VideoSource(
                "YouTube", f"https://www.youtube-nocookie.com/embed/{video_id}?{query}"
            )
    elif host in VIMEO_HOSTS and (match := VIMEO_PATH.fullmatch(parts.path)):
        video_id, unlisted_hash = match.groups()
        params = {"dnt": 1, "autoplay": 1}
        unlisted_hash = unlisted_hash or parse_qs(parts.query).get("h", [None])[0]
        if unlisted_hash:
            params["h"] = unlisted_hash
        return VideoSource(
            "Vimeo", f"https://player.vimeo.com/video/{video_id}?{urlencode(params)}"
        )
    return None


def _youtube_id(host, parts):
    if host == "youtu.be":
        candidate = parts.path.strip("/")
    elif match := YOUTUBE_PATH.fullmatch(parts.path):
        candidate = match.group(1)
    else:
        candidate = parse_qs(parts.query).get("v", [""])[0]
    return candidate if YOUTUBE_ID.fullmatch(candidate) else None


def validate_video_url(url):
    if url and video_source(url) is None:
        raise ValidationError(
            _(
                "Use the address of a YouTube or Vimeo video, like "
                "https://www.youtube.com/watch?v=… or https://vimeo.com/123456."
            ),
            code="invalid_video_url",
        )
