"""test_referrer.py: a referrer's page, GET /referrers/{id} (DESIGN.md 4.3,
4.4; docs/page-xml.md "referrer"): the points total (data-points) is the
sum of the referrer's points ledger, the ledger lines, their candidates,
tenant and site separation; an award and its undo show on the page.

Expectations come from the database.  Ledger lines are read by the
page's data-entry-id / data-kind attributes."""

import re
import urllib.parse

import pytest

import rptest
from rptest import ADMIN_EN, ADMIN_NL, PLANNER_NL
import rpprogress as rp
from rpprogress import post_outcome, post_undo


@pytest.fixture
def fresh(db):
    f = rp.Fresh(db)
    yield f
    f.cleanup()


def client_for(request, email):
    return request.getfixturevalue({ADMIN_EN: "admin_en", ADMIN_NL: "admin_nl", PLANNER_NL: "planner"}[email])


def total(db, rid):
    return db.one("SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE referrer_id = %s", rid)


def visible_referrers(db, email):
    """Referrers the user may open: the organisation's, and for a
    site-limited user those of their sites."""
    org = rp.Org(db, email)
    sql = "SELECT id FROM referrers WHERE org_id = %s "
    args = [org.id]
    if org.sites:
        sql += "AND site_id IN (%s) " % ",".join(["%s"] * len(org.sites))
        args += org.sites
    return db.col(sql + "ORDER BY id", *args)


def some_referrers(db, email):
    """A few referrers worth checking: the ones with most ledger rows, and one without any."""
    ids = visible_referrers(db, email)
    assert ids, "no referrer visible to %s in the database" % email
    with_ledger = db.col("SELECT referrer_id FROM points_ledger WHERE referrer_id IN (%s) GROUP BY referrer_id "
                         "ORDER BY COUNT(*) DESC, referrer_id LIMIT 4" % ",".join(["%s"] * len(ids)), *ids)
    without = [i for i in ids if i not in set(db.col("SELECT DISTINCT referrer_id FROM points_ledger"))][:1]
    assert with_ledger, "no referrer of %s has points in the demo data" % email
    return with_ledger + without


def points_el(page):
    els = page.doc.find_all(data_points=True)
    assert len(els) == 1, "%d elements with data-points on %s" % (len(els), page.describe())
    return els[0]


def entries(page):
    return page.doc.find_all(data_entry_id=True)


def has_number(text, n):
    return re.search(r"(?<!\d)%d(?!\d)" % abs(n), text.replace("\u2009", "").replace("\u00a0", "")) is not None


@pytest.mark.parametrize("who", [ADMIN_EN, ADMIN_NL, PLANNER_NL])
def test_points_total_is_the_ledger_sum(request, db, who):
    client = client_for(request, who)
    for rid in some_referrers(db, who):
        p = client.get("/referrers/%d" % rid)
        assert p.status == 200 and p.name == "referrer", p.describe()
        el = points_el(p)
        want = total(db, rid)
        assert el.get("data-points") == str(want), "referrer %d: data-points %r, ledger sum %d" % (
            rid, el.get("data-points"), want)
        assert has_number(el.norm_text(), want), "referrer %d: the total %d is not shown: %r" % (
            rid, want, el.norm_text())
        name = db.one("SELECT name FROM referrers WHERE id = %s", rid)
        assert name in p.visible_text()


@pytest.mark.parametrize("who", [ADMIN_EN, PLANNER_NL])
def test_ledger_lines(request, db, who):
    client = client_for(request, who)
    sites = rp.Org(db, who).sites
    for rid in some_referrers(db, who):
        p = client.get("/referrers/%d" % rid)
        rows = db.rows("SELECT l.id, l.kind, l.points, l.candidate_id, c.name, c.site_id "
                       "FROM points_ledger l "
                       "LEFT JOIN candidates c ON c.id = l.candidate_id AND c.deleted_at IS NULL "
                       "WHERE l.referrer_id = %s ORDER BY l.id DESC", rid)
        got = entries(p)
        assert [int(e.get("data-entry-id")) for e in got] == [r[0] for r in rows], \
            "referrer %d: ledger lines %r, database %r (newest first)" % (
                rid, [e.get("data-entry-id") for e in got], [r[0] for r in rows])
        for e, (lid, kind, pts, cid, cname, csite) in zip(got, rows):
            assert e.get("data-kind") == kind, "ledger line %d kind" % lid
            assert has_number(e.norm_text(), pts), "ledger line %d does not show %d points: %r" % (
                lid, pts, e.norm_text())
            if cname and sites and csite not in sites:
                # A site-limited recruiter sees the line, not a candidate of another site.
                assert cname not in e.norm_text(), "ledger line %d names candidate %r of site %r" % (
                    lid, cname, csite)
            elif cname:
                assert cname in e.norm_text(), "ledger line %d does not name candidate %r" % (lid, cname)


@pytest.mark.parametrize("who", [ADMIN_EN, ADMIN_NL, PLANNER_NL])
def test_their_candidates(request, db, who):
    client = client_for(request, who)
    org = rp.Org(db, who)
    for rid in some_referrers(db, who):
        sql = ("SELECT id FROM candidates WHERE referrer_id = %s AND org_id = %s AND deleted_at IS NULL ")
        args = [rid, org.id]
        if org.sites:
            sql += "AND site_id IN (%s) " % ",".join(["%s"] * len(org.sites))
            args += org.sites
        want = db.col(sql, *args)
        p = client.get("/referrers/%d" % rid)
        rows = p.doc.find_all(data_candidate_id=True, data_status=True)
        got = [int(r.get("data-candidate-id")) for r in rows]
        assert sorted(got) == sorted(want), "referrer %d: candidates %r, database %r" % (rid, got, want)
        for r in rows:
            cid = int(r.get("data-candidate-id"))
            st = db.one("SELECT status FROM candidates WHERE id = %s", cid)
            assert r.get("data-status") == st
            assert r.find("a", href=lambda h: h.endswith("/candidates/%d" % cid)), \
                "candidate %d on the referrer page has no link to its page" % cid


def test_other_organisations_referrer_is_404(request, db):
    client = client_for(request, ADMIN_EN)
    theirs = visible_referrers(db, ADMIN_NL)[0]
    name = db.one("SELECT name FROM referrers WHERE id = %s", theirs)
    p = client.get("/referrers/%d" % theirs)
    assert p.status == 404, p.describe()
    assert name not in p.text
    assert client.get("/referrers/999999999").status == 404


@pytest.mark.parametrize("path", ["/referrers/0", "/referrers/abc", "/referrers/-1", "/referrers/1x"])
def test_bad_referrer_ids_are_4xx(admin_en, path):
    p = admin_en.raw_get(path)
    assert 400 <= p.status < 500, "%s: %s" % (path, p.describe())


def test_site_limited_recruiter_gets_404_on_other_sites_referrer(request, db):
    planner = client_for(request, PLANNER_NL)
    org = rp.Org(db, PLANNER_NL)
    assert org.sites
    other = db.col("SELECT id FROM referrers WHERE org_id = %s AND site_id NOT IN (%s) ORDER BY id LIMIT 3"
                   % ("%s", ",".join(["%s"] * len(org.sites))), org.id, *org.sites)
    assert other, "no referrer of another site in the demo data"
    for rid in other:
        p = planner.get("/referrers/%d" % rid)
        assert p.status == 404, "planner opened referrer %d of another site: %s" % (rid, p.describe())


def test_signed_out_is_sent_to_login(portal):
    p = rptest.Client().get("/referrers/1")
    assert p.status == 303 and "/login" in p.resp.headers.get("Location", ""), p.describe()


@pytest.mark.parametrize("who", [ADMIN_EN, PLANNER_NL])
def test_candidate_page_links_to_referrer(request, db, fresh, who):
    client = client_for(request, who)
    cand = fresh.make(who, site="mine" if who == PLANNER_NL else "any")
    p = client.get("/candidates/%d" % cand.id)
    assert p.status == 200, p.describe()
    links = p.doc.find_all("a", href=lambda h: h.rstrip("/").endswith("/referrers/%d" % cand.referrer_id))
    assert links, "the candidate page has no link to /referrers/%d" % cand.referrer_id
    r = client.get(urllib.parse.urljoin(p.resp.url, links[0].get("href")))
    assert r.status == 200 and r.name == "referrer", r.describe()
    assert cand.referrer_name in r.visible_text()
    assert cand.id in [int(x.get("data-candidate-id")) for x in r.doc.find_all(data_candidate_id=True)]


@pytest.mark.parametrize("who", [ADMIN_EN, PLANNER_NL])
def test_award_and_undo_show_on_the_referrer_page(request, db, fresh, who):
    client = client_for(request, who)
    cand = fresh.make(who, site="mine" if who == PLANNER_NL else "any")
    org = cand.org
    rid = cand.referrer_id
    t0 = total(db, rid)
    p = client.get("/referrers/%d" % rid)
    assert points_el(p).get("data-points") == str(t0)
    for k in org.keys[:3]:
        v = rp.state(db, cand.id)["version"]
        assert post_outcome(client, cand.id, k, org.first(k, "green"), v).status == 303
    pts = sum(org.points[k] for k in org.keys[:3])
    assert pts > 0, "no points on the first three milestones in the database"
    p = client.get("/referrers/%d" % rid)
    assert points_el(p).get("data-points") == str(t0 + pts) == str(total(db, rid))
    award = db.one("SELECT id FROM points_ledger WHERE candidate_id = %s AND kind = 'award'", cand.id)
    line = p.doc.find(data_entry_id=str(award))
    assert line is not None and line.get("data-kind") == "award", "the award is not a ledger line"
    assert cand.name in line.norm_text()
    assert rptest.cat_text(p.lang, "milestone." + org.keys[2]) in line.norm_text(), \
        "the award's reason (the milestone) is not shown"
    assert post_undo(client, cand.id, rp.state(db, cand.id)["version"]).status == 303
    p = client.get("/referrers/%d" % rid)
    assert points_el(p).get("data-points") == str(t0) == str(total(db, rid))
    rev = db.one("SELECT id FROM points_ledger WHERE candidate_id = %s AND kind = 'reversal'", cand.id)
    line = p.doc.find(data_entry_id=str(rev))
    assert line is not None and line.get("data-kind") == "reversal", "the reversal is not a ledger line"
    assert has_number(line.norm_text(), pts) and cand.name in line.norm_text()
