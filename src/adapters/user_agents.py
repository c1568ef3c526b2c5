"""The DeviceClassifier port on ua-parser: a user agent's browser and OS families, without versions."""

from __future__ import annotations

from functools import lru_cache

from ua_parser import parse_os, parse_user_agent

MAX_USER_AGENT = 512  # what the product stores of a user agent


@lru_cache(maxsize=4096)
def _family(user_agent: str) -> str:
    browser, system = parse_user_agent(user_agent), parse_os(user_agent)
    return f"{browser.family if browser else 'Other'}/{system.family if system else 'Other'}"


class UaParserDevices:
    """ua-parser's regexes cost tens of microseconds; the last 4,096 distinct user agents are remembered (a login
    path sees few distinct ones)."""

    def family(self, user_agent: str) -> str:
        return _family(user_agent[:MAX_USER_AGENT])
