"""The site's absolute addresses and ids come from SITE_URL (menteo.http)."""

from menteo.http import absolute_url, calendar_uid, site_domain


def test_calendar_uids_and_addresses_come_from_site_url(settings):
    settings.SITE_URL = "https://menteo.example.com"
    assert site_domain() == "menteo.example.com"
    assert calendar_uid("meeting", 7) == "meeting-7@menteo.example.com"
    assert absolute_url("/m/3/") == "https://menteo.example.com/m/3/"
