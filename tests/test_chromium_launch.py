"""Chromium is launched one way: tests/chromium.py's fixture, used by the browser tests and the
system tests' browser test alike."""

from pathlib import Path

import tests.browser.conftest as browser_conftest
import tests.chromium as chromium
import tests.system.conftest as system_conftest

TESTS = Path(__file__).resolve().parent


def test_the_browser_and_system_tests_share_one_chromium_launch():
    shared = chromium.browser_type_launch_args
    assert browser_conftest.browser_type_launch_args is shared
    assert system_conftest.browser_type_launch_args is shared
    for conftest in ("browser/conftest.py", "system/conftest.py"):
        assert "def browser_type_launch_args" not in (TESTS / conftest).read_text(), conftest
