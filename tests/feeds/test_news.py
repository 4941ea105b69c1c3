"""The News page's service layer: per-person state, recommendations and who may do what."""

from datetime import UTC, datetime, timedelta

import pytest

from feeds.models import Feed, FeedEntry, NewsItem, NewsItemTopic
from tracker.auth import Actor
from tracker.errors import InvalidInput, NotFound, PermissionDenied
from tracker.services import news
from tracker.services.news import NewsQuery

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(session, factory):
    """Two departments with a head and a teacher each, an admin, two feeds and three items."""
    ecom = factory.make_department(session, "E-commerce")
    logi = factory.make_department(session, "Logistics")
    people = {
        "head": factory.make_person(session, role="head", department=ecom, name="Head Wang"),
        "teacher": factory.make_person(session, department=ecom),
        "other_head": factory.make_person(session, role="head", department=logi),
        "other_teacher": factory.make_person(session, department=logi),
        "admin": factory.make_person(session, role="admin"),
    }
    a = Feed(url="https://a.example.com/rss", title="Source A")
    b = Feed(url="https://b.example.com/rss", title="Source B")
    session.add_all([a, b])
    session.flush()
    items = []
    for n, (title, topic) in enumerate(
        [
            ("Old customs news", "customs_tax"),
            ("PayPal fees", "payments_fx"),
            ("Newest: Temu", "marketplaces"),
        ]
    ):
        item = NewsItem(
            story_key=f"k{n}",
            title=title,
            link=f"https://e.com/{n}",
            summary_html=f"<p>{title}</p>",
            published_at=T0 + timedelta(days=n),
        )
        session.add(item)
        session.flush()
        session.add(NewsItemTopic(item_id=item.id, topic=topic))
        session.add(FeedEntry(feed_id=a.id, entry_key=f"a{n}", item_id=item.id, link=item.link))
        items.append(item)
    session.add(
        FeedEntry(feed_id=b.id, entry_key="b2", item_id=items[2].id, link=items[2].link + "?utm_source=b")
    )
    session.commit()
    actors = {k: Actor.of(p) for k, p in people.items()}
    return actors, items, {"ecom": ecom.id, "logi": logi.id, "a": a.id, "b": b.id}


def titles(rows):
    return [r.title for r in rows]


def test_items_newest_first_with_all_their_sources(session, world):
    actors, items, ids = world
    rows = news.list_news(actors["teacher"])
    assert titles(rows) == ["Newest: Temu", "PayPal fees", "Old customs news"]
    assert [s.title for s in rows[0].sources] == ["Source A", "Source B"]
    assert rows[0].topics == ("marketplaces",)


def test_filters_by_topic_source_search_and_date(session, world):
    actors, items, ids = world
    viewer = actors["teacher"]
    assert titles(news.list_news(viewer, query=NewsQuery(topic="payments_fx"))) == [
        "PayPal fees"
    ]
    assert titles(news.list_news(viewer, query=NewsQuery(feed_id=ids["b"]))) == [
        "Newest: Temu"
    ]
    assert titles(news.list_news(viewer, query=NewsQuery(search="CUSTOMS"))) == [
        "Old customs news"
    ]
    assert titles(news.list_news(viewer, query=NewsQuery(search="100%"))) == []
    since = (T0 + timedelta(days=1)).date()
    assert titles(news.list_news(viewer, query=NewsQuery(since=since))) == [
        "Newest: Temu",
        "PayPal fees",
    ]


def test_read_marks_and_bookmarks_are_per_person(session, world):
    actors, items, _ = world
    me, colleague = actors["teacher"], actors["head"]
    news.mark_read(me, item_id=items[2].id)
    news.set_bookmark(me, item_id=items[0].id, bookmarked=True)
    session.commit()
    mine = {r.title: r for r in news.list_news(me)}
    assert mine["Newest: Temu"].read and not mine["PayPal fees"].read
    assert mine["Old customs news"].bookmarked
    assert titles(news.list_news(me, query=NewsQuery(unread_only=True))) == [
        "PayPal fees",
        "Old customs news",
    ]
    assert titles(news.list_news(me, query=NewsQuery(bookmarked_only=True))) == [
        "Old customs news"
    ]
    theirs = news.list_news(colleague)
    assert not any(r.read or r.bookmarked for r in theirs)
    news.mark_read(me, item_id=items[2].id, read=False)
    news.set_bookmark(me, item_id=items[0].id, bookmarked=False)
    assert not any(r.read or r.bookmarked for r in news.list_news(me))


def test_head_recommends_to_own_department_shown_on_top_for_its_members_only(session, world):
    actors, items, ids = world
    news.recommend(actors["head"], item_id=items[0].id, note="Read before Monday's class")
    session.commit()
    top = news.recommended_for(actors["teacher"])
    assert titles(top) == ["Old customs news"]
    (rec,) = top[0].recommendations
    assert (rec.note, rec.by, rec.department) == ("Read before Monday's class", "Head Wang", "E-commerce")
    assert news.recommended_for(actors["other_teacher"]) == []
    others = news.list_news(actors["other_teacher"])
    assert all(r.recommendations == () for r in others)


def test_recommending_again_replaces_the_note_and_withdraw_removes_it(session, world):
    actors, items, _ = world
    news.recommend(actors["head"], item_id=items[0].id, note="first")
    news.recommend(actors["head"], item_id=items[0].id, note="second")
    assert [r.note for r in news.recommended_for(actors["teacher"])[0].recommendations] == [
        "second"
    ]
    news.withdraw_recommendation(actors["head"], item_id=items[0].id)
    assert news.recommended_for(actors["teacher"]) == []


def test_recommending_and_withdrawing_write_audit_events(session, world):
    """Issue 9 item 10; fails on the old main, where a head's note to a whole department left no trace."""
    from sqlmodel import select

    from tracker.models import AuditEvent

    actors, items, _ = world
    head = actors["head"]
    news.recommend(head, item_id=items[0].id, note="first")
    news.recommend(head, item_id=items[0].id, note="second")
    news.withdraw_recommendation(head, item_id=items[0].id)
    news.withdraw_recommendation(head, item_id=items[0].id)  # nothing left: nothing to audit
    session.expire_all()
    trail = session.exec(
        select(AuditEvent).where(AuditEvent.entity == "news_recommendation").order_by(AuditEvent.id)
    ).all()
    assert [(e.action, e.actor_id, e.actor) for e in trail] == [
        ("recommend", head.person_id, head.email),
        ("recommend", head.person_id, head.email),
        ("withdraw", head.person_id, head.email),
    ]
    assert trail[0].before is None and '"first"' in trail[0].after
    assert '"first"' in trail[1].before and '"second"' in trail[1].after
    assert '"second"' in trail[2].before and trail[2].after is None
    assert len({e.entity_id for e in trail}) == 1


def test_who_may_recommend(session, world):
    actors, items, ids = world
    with pytest.raises(PermissionDenied, match="only to their own department"):
        news.recommend(actors["head"], item_id=items[0].id, department_id=ids["logi"])
    with pytest.raises(PermissionDenied, match="Only heads"):
        news.recommend(actors["teacher"], item_id=items[0].id)
    news.recommend(
        actors["admin"], item_id=items[0].id, department_id=ids["logi"], note="admin"
    )
    assert titles(news.recommended_for(actors["other_teacher"])) == ["Old customs news"]
    with pytest.raises(NotFound):
        news.recommend(actors["head"], item_id=99999)
    with pytest.raises(InvalidInput, match="note"):
        news.recommend(actors["head"], item_id=items[0].id, note="x" * 2001)


@pytest.mark.parametrize("role", ["teacher", "head"])
def test_only_admins_manage_sources_and_topics(session, world, role):
    actors, _, _ = world
    viewer = actors[role]
    with pytest.raises(PermissionDenied):
        news.add_source(viewer, url="https://c.example.com/rss")
    with pytest.raises(PermissionDenied):
        news.remove_source(viewer, url="https://a.example.com/rss")
    with pytest.raises(PermissionDenied):
        news.feed_health(viewer)
    with pytest.raises(PermissionDenied):
        news.save_topics(viewer, rules=news.topic_rules())
    with pytest.raises(PermissionDenied):
        news.import_opml(viewer, data=b"<opml/>")


def test_admin_adds_removes_and_sees_health(session, world):
    actors, items, _ = world
    admin = actors["admin"]
    added = news.add_source(admin, url="https://c.example.com/rss", title="C")
    assert (added.title, added.active, added.last_status) == ("C", True, None)
    health = {h.url: h for h in news.feed_health(admin)}
    assert health["https://a.example.com/rss"].entries == 3
    news.remove_source(admin, url="https://a.example.com/rss")
    session.commit()
    # items only source A carried are gone; the one B also carries stays
    assert titles(news.list_news(admin)) == ["Newest: Temu"]


def test_bookmarked_items_survive_their_source_being_removed(session, world):
    actors, items, _ = world
    news.set_bookmark(actors["teacher"], item_id=items[0].id, bookmarked=True)
    news.remove_source(actors["admin"], url="https://a.example.com/rss")
    session.commit()
    assert "Old customs news" in titles(news.list_news(actors["teacher"]))


def test_admin_edits_topic_rules_and_items_are_retagged(session, world):
    actors, items, _ = world
    rules = news.topic_rules()
    from feeds.topics import TopicRule

    edited = [TopicRule("fees", "Fees", "费用", ("fees",))] + [r for r in rules if r.slug != "payments_fx"]
    news.save_topics(actors["admin"], rules=edited)
    session.commit()
    assert news.topic_rules()[0].slug == "fees"
    assert titles(news.list_news(actors["teacher"], query=NewsQuery(topic="fees"))) == [
        "PayPal fees"
    ]
    with pytest.raises(InvalidInput):
        news.save_topics(actors["admin"], rules=[TopicRule("fees", "", "", ())])


def test_unknown_item_is_not_found_for_personal_actions(session, world):
    actors, _, _ = world
    with pytest.raises(NotFound, match="no longer exists"):
        news.mark_read(actors["teacher"], item_id=424242)


def test_source_changes_are_audited_with_who_did_them(session, world):
    """Issue 9 item 10 for news: adding and removing a source and an OPML import leave an audit event."""
    from sqlmodel import select

    from tracker.models import AuditEvent

    actors, _, _ = world
    admin = actors["admin"]
    news.add_source(admin, url="https://c.example.com/rss", title="C")
    news.remove_source(admin, url="https://a.example.com/rss")
    opml = (
        b'<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        b'<outline type="rss" text="D" xmlUrl="https://d.example.com/rss"/></body></opml>'
    )
    assert news.import_opml(Actor.system(), data=opml) == (1, 0)
    session.expire_all()
    events = session.exec(select(AuditEvent).where(AuditEvent.entity == "feed").order_by(AuditEvent.id)).all()
    assert [(e.action, e.actor, e.actor_id) for e in events] == [
        ("create", admin.email, admin.person_id),
        ("delete", admin.email, admin.person_id),
        ("import", "cli", None),
    ]
    assert "https://c.example.com/rss" in events[0].after
    assert "https://a.example.com/rss" in events[1].before


def test_the_command_line_reads_news_without_personal_state(session, world):
    cli = Actor.system()
    assert titles(news.list_news(cli)) == ["Newest: Temu", "PayPal fees", "Old customs news"]
    with pytest.raises(InvalidInput):
        news.list_news(cli, query=NewsQuery(unread_only=True))
    with pytest.raises(PermissionDenied):
        news.mark_read(cli, item_id=world[1][0].id)
