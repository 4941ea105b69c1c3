"""Every kind of feed failure has a line in the reader's language (the News pages show it by kind)."""

import feeds.errors
from tracker.i18n import catalogue


def kinds(cls=feeds.errors.FeedError):
    found = {cls.kind}
    for sub in cls.__subclasses__():
        found |= kinds(sub)
    return found


def test_every_feed_error_kind_is_in_the_catalogue_in_both_languages():
    messages = catalogue()
    assert {"unsafe_xml", "parse_aborted", "not_a_feed"} <= kinds()
    for kind in kinds() - {"opml"}:  # an OPML error is shown as its message when the file is imported
        texts = messages.get(f"news.error.{kind}")
        assert texts and texts["en"] and texts["zh"], kind
