"""The curated sources and topic rules a college starts with (issue 11 item 10): relevant, reachable from
mainland China, each source explained; field vocabulary tagged, short abbreviations never inside words."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feeds import CURATED_OPML
from feeds.fetch import validate_feed_url
from feeds.opml import parse_opml
from feeds.topics import TopicMatcher, TopicRule, load_rules_file

SOURCES = parse_opml(CURATED_OPML.read_bytes())
MATCHER = TopicMatcher(load_rules_file())


def tag(text: str) -> tuple[str, ...]:
    return MATCHER.tag(text, "")


# --- the curated list -----------------------------------------------------------------------------


def test_every_curated_source_is_a_valid_unique_address():
    urls = [validate_feed_url(s.url) for s in SOURCES]
    assert len(urls) == len(set(urls)) >= 20
    assert all(s.title and s.topic and s.language in ("en", "zh") for s in SOURCES)
    assert all(len(s.topic) <= 100 for s in SOURCES)  # Feed.topic's width


def test_sources_blocked_on_mainland_networks_are_left_out():
    hosts = {urlsplit(s.url).hostname for s in SOURCES}
    assert not {h for h in hosts if h and ("bbc" in h or "ftchinese" in h)}


def test_every_source_has_a_comment_saying_why_and_what_the_evidence_is():
    text = CURATED_OPML.read_text(encoding="utf-8")
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if 'type="rss"' in line:
            above = lines[n - 1].strip()
            assert above.endswith("-->"), f"no comment above: {line.strip()[:80]}"
    assert "BBC" in text  # the header says why it is left out


def test_the_list_covers_the_fields_own_sources_in_both_languages():
    groups = {s.topic for s in SOURCES}
    hosts = {urlsplit(s.url).hostname for s in SOURCES}
    assert any(g.startswith("官方") for g in groups) and any(g.startswith("平台") for g in groups)
    assert any("职业教育" in g for g in groups)
    # official trade, customs and product-safety sources
    assert {"www.wto.org", "www.gov.uk", "www.cpsc.gov"} <= hosts
    # marketplaces' own seller and developer news
    assert {"developer-docs.amazon.com", "shopify.dev"} <= hosts
    # Chinese-language sources a teacher on a mainland network can read
    assert sum(s.language == "zh" for s in SOURCES) >= 5


def test_tracker_init_loads_the_curated_list(engine):
    from sqlmodel import Session, select

    from feeds.models import Feed
    from tracker.setup import initialise

    initialise(engine=engine)
    with Session(engine) as s:
        stored = set(s.exec(select(Feed.url).where(Feed.curated)))
    assert stored == {validate_feed_url(x.url) for x in SOURCES}


# --- topic rules ----------------------------------------------------------------------------------


def test_broad_words_no_longer_tag_anything():
    assert tag("关于假期安排的通知") == ()
    assert tag("Our privacy policy has changed") == ()
    assert tag("A new brand of coffee") == ()
    assert tag("Investment returns and delivery of the speech") == ()


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("EU GPSR: what sellers must do", "compliance"),
        ("Germany enforces EPR for packaging", "compliance"),
        ("CE and UKCA marking after Brexit", "compliance"),
        ("CPSC announces toy recall", "compliance"),
        ("Schedule A cases: TRO freezes seller funds", "compliance"),
        ("欧盟 CE认证 新要求", "compliance"),
        ("亚马逊卖家遭遇临时禁令，账户冻结", "compliance"),
        ("IOSS and VAT OSS explained", "customs_tax"),
        ("跨境电商9610出口申报", "customs_tax"),
        ("9710、9810 模式通关", "customs_tax"),
        ("1039市场采购贸易方式", "customs_tax"),
        ("US ends de minimis for Section 321", "customs_tax"),
        ("数据出境安全评估办法", "policy"),
        ("国务院印发外贸新政", "policy"),
        ("职业院校“双师型”教师认定", "vocational_education"),
        ("“1+X”证书制度试点", "vocational_education"),
        ("1+X证书 考核", "vocational_education"),
        ("全国职业院校技能大赛", "vocational_education"),
        ("Vocational education reform in China", "vocational_education"),
    ],
)
def test_the_fields_vocabulary_is_tagged(text, topic):
    assert topic in tag(text), (text, tag(text))


@pytest.mark.parametrize(
    "text",
    [
        "E-commerce growth in Europe",  # "ce" inside "commerce"
        "The CEO of Temu resigns",  # "CE" inside "CEO"
        "Ce produit est disponible",  # French "ce", not CE marking
        "ceñido, façade, Céline",  # an accent does not split a word into "ce"
        "EPRs and kepr and epr",  # not the abbreviation EPR
        "Intro to Tron and the metro",  # TRO
        "Losses at the Foss factory",  # OSS is not a keyword on its own
        "Size 1 x 10 cm",  # "1+X" is not "1 x"
    ],
)
def test_short_abbreviations_never_match_inside_other_words(text):
    assert not {"compliance", "customs_tax", "vocational_education"} & set(tag(text)), (text, tag(text))


def test_full_width_letters_and_digits_count():
    assert "compliance" in tag("ＣＥ认证")
    assert "customs_tax" in tag("跨境电商９６１０")


def test_abbreviations_match_in_capitals_anywhere_in_a_word_boundary():
    assert "compliance" in tag("NEW CE RULES FOR TOYS")
    assert "compliance" in tag("(CE)")
    assert "compliance" in tag("产品须加贴CE标志")  # Chinese around it is a boundary


LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzñéç", min_size=1, max_size=4)


@given(LETTERS, st.sampled_from(["CE", "EPR", "TRO", "GPSR", "UKCA", "IOSS"]), LETTERS)
def test_an_abbreviation_glued_to_letters_never_matches(before, abbreviation, after):
    rules = [TopicRule("t", "T", "话题", (abbreviation,))]
    matcher = TopicMatcher(rules)
    for text in (before + abbreviation, abbreviation + after, before + abbreviation + after,
                 (before + abbreviation).upper() + "x"):
        assert matcher.tag(text) == (), text
    assert matcher.tag(f"{before} {abbreviation} {after}") == ("t",)
    assert matcher.tag(f"{before} {abbreviation.lower()} {after}") == ()


def test_every_shipped_keyword_tags_its_own_topic():
    for rule in load_rules_file():
        for keyword in rule.keywords:
            assert rule.slug in tag(f"x {keyword} x"), (rule.slug, keyword)

