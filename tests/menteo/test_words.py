"""Issue 17, words: one way to say "how long ago", human dates, device names."""

from datetime import UTC, date, datetime, timedelta

import time_machine

from menteo.devices import device_name
from menteo.templatetags.menteo import ago, human_date

NOW = datetime(2027, 3, 10, 12, 0, tzinfo=UTC)


@time_machine.travel(NOW, tick=False)
def test_it_says_just_now_under_a_minute_never_zero_minutes():
    assert ago(NOW) == "just now"
    assert ago(NOW - timedelta(seconds=59)) == "just now"
    assert ago(NOW - timedelta(minutes=1)) == "1\xa0minute ago"
    assert ago(NOW - timedelta(hours=3, minutes=5)) == "3\xa0hours, 5\xa0minutes ago"
    assert ago(None) == ""


def test_human_dates_read_dates_and_iso_strings():
    assert human_date(date(2027, 2, 15)) == "15 Feb 2027"
    assert human_date("2027-02-15") == "15 Feb 2027"  # a contract version's JSON snapshot
    assert human_date("") == ""
    assert human_date(None) == ""
    assert human_date("soon") == "soon"  # not a date: shown as it is


def test_device_names_come_from_the_user_agent():
    iphone = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
    )
    firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
    android = (
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Mobile Safari/537.36"
    )
    assert device_name(iphone) == "Mobile Safari 17 on Apple iPhone (iOS 17.4)"
    assert device_name(firefox) == "Firefox 128 on Windows 10"
    assert device_name(android) == "Chrome Mobile 131 on Google Pixel 8 (Android 14)"
    assert device_name("") == "Unknown browser"
    assert device_name(None) == "Unknown browser"
    assert device_name("not a browser at all") == "Unknown browser"
    assert device_name("x" * 100_000) == "Unknown browser"  # a huge header is cut first
