"""Device names for people: "Firefox 128 on Windows 10" instead of a raw user-agent string.

The parsing is ua-parser's (kept rules from the uap-core project, precompiled in
ua-parser-builtins), not ours."""

from functools import lru_cache

from ua_parser import parse

UNKNOWN = "Unknown browser"


def _named(family: str | None, *versions: str | None) -> str:
    if not family or family == "Other":
        return ""
    version = ".".join(part for part in versions if part)
    return f"{family} {version}" if version else family


@lru_cache(maxsize=512)
def device_name(user_agent: str | None) -> str:
    """The browser and its system in words: "Chrome 140 on Linux", "Mobile Safari 17 on an
    iPhone (iOS 17.4)"; "Unknown browser" for an empty or unreadable string."""
    if not user_agent:
        return UNKNOWN
    result = parse(user_agent[:1000])
    agent = result.user_agent
    browser = _named(agent.family, agent.major) if agent else ""
    system = _named(result.os.family, result.os.major, result.os.minor) if result.os else ""
    device = ""
    if result.device and result.device.family not in (None, "Other", "Spider"):
        device = result.device.family
        if result.device.brand and not device.startswith(result.device.brand):
            device = f"{result.device.brand} {device}"
    if result.device and result.device.family == "Spider":
        return f"{browser or 'A robot'} (a robot)"
    if not browser and not system:
        return UNKNOWN
    where = f"{device} ({system})" if device and system else device or system
    return f"{browser or UNKNOWN} on {where}" if where else browser
