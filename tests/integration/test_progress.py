"""test_progress.py: progressing a candidate (issue 3; DESIGN.md 1, 2, 4.3-4.5,
5.2, 6; docs/page-xml.md "candidate", "Outcome menus in the list", "Flash
messages with details").

POST /candidates/{id}/outcome and /candidates/{id}/undo: what each writes
in one transaction (event, cached state, points, outbox, audit), what each
refuses (and that a refusal writes nothing), double submits, races; the
candidate page's milestone boxes, forms and history; the list's outcome
menus; flash messages in both languages.

Every test works on fresh candidates inserted with SQL and removed
afterwards (rpprogress.Fresh), so the tests do not depend on each other or
on the seed; what is expected is read from the database (milestones,
outcomes, points, referrers, time zones).
"""

import datetime
import urllib.parse

import pytest

import rptest
from rptest import ADMIN_EN, ADMIN_NL, PLANNER_NL, Client, form_fields
import rpprogress as rp
from rpprogress import iso, post_outcome, post_undo


@pytest.fixture
def fresh(db):
    f = rp.Fresh(db)
    yield f
    f.cleanup()


def client_for(request, email):
    return request.getfixturevalue({ADMIN_EN: "admin_en", ADMIN_NL: "admin_nl", PLANNER_NL: "planner"}[email])


def ok(page, what=""):
    assert page.status == 303, "%s: expected 303, got %s" % (what, page.describe())
    return page


def refused(page, status, what=""):
    """A refusal: the status, and the candidate page (or an error page)
    saying so with data-flash="error" where DESIGN asks for it."""
    assert page.status == status, "%s: expected %d, got %s" % (what, status, page.describe())
    return page


def flash_error(page, what=""):
    fl = [f for f in page.flashes() if f.get("data-flash") == "error"]
    assert fl, "%s: no data-flash=\"error\" on the answer: %s" % (what, page.describe())
    return fl[0]


def follow(client, page):
    assert page.status == 303, page.describe()
    return client.get(rp.location_path(page))


def walk(client, db, cand, steps, **kw):
    """Post outcomes [(mkey, okey)] or [(mkey, okey, date)] in turn, each
    from the current version; returns the last answer."""
    page = None
    for s in steps:
        v = rp.state(db, cand.id)["version"]
        date = s[2] if len(s) > 2 else None
        page = post_outcome(client, cand.id, s[0], s[1], v, date=date, **kw)
        ok(page, "outcome %s=%s on %r" % (s[0], s[1], cand))
    return page


def assert_state_matches_events(db, cand, what=""):
    st = rp.state(db, cand.id)
    want = rp.derive(cand.org, rp.effective(db, cand.id))
    got = (st["status"], st["stage_pos"], st["progress"])
    assert got == want, "%s: cached state %r, events say %r" % (what, got, want)
    return st


# ================================================================== outcome: what it writes

def test_green_with_points_writes_event_state_award_outbox_audit(request, db, fresh):
    """Interview completed (green, points): one event, the cached state,
    an award, the referrer's message after the grace delay, an audit row."""
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    walk(client, db, cand, [("contact", org.first("contact", "green")),
                            ("interview_booked", org.first("interview_booked", "green"))])
    mkey = org.keys[2]
    assert org.points[mkey] > 0, "the third milestone (%s) has no points in the database" % mkey
    okey = org.first(mkey, "green")
    before = rp.counts(db, cand.id)
    st0 = rp.state(db, cand.id)
    today = org.today()
    page = post_outcome(client, cand.id, mkey, okey, st0["version"], note="Went well " + cand.token)
    ok(page, "green on %s" % mkey)
    assert rp.location_path(page) == "/candidates/%d" % cand.id, "a success without next goes to the candidate"
    after = rp.counts(db, cand.id)
    assert after["events"] == before["events"] + 1
    assert after["ledger"] == before["ledger"] + 1
    assert after["outbox"] == before["outbox"] + 1
    assert after["audit"] == before["audit"] + 1

    ev = rp.events(db, cand.id)[-1]
    assert (ev["kind"], ev["milestone"], ev["outcome"], ev["undone"]) == ("outcome", mkey, okey, 0)
    assert ev["date"] == iso(today), "default effective date is today in %s" % org.tz
    assert ev["note"] == "Went well " + cand.token
    assert ev["user_id"] == org.user_id and ev["org_id"] == org.id

    st = assert_state_matches_events(db, cand, "after green")
    assert st["version"] == st0["version"] + 1
    assert st["stage_pos"] == org.pos[mkey] + 1 and st["status"] == "action"
    assert st["updated_age"] is not None and st["updated_age"] < 60, "updated_at not renewed"

    led = db.rows("SELECT kind, points, referrer_id, event_id, reason, org_id FROM points_ledger "
                  "WHERE candidate_id = %s ORDER BY id DESC LIMIT 1", cand.id)[0]
    assert led == ("award", org.points[mkey], cand.referrer_id, ev["id"], mkey, org.id), led

    ob = db.rows("SELECT kind, cause, status, recipient, event_id, org_id, "
                 "TIMESTAMPDIFF(SECOND, created_at, due_at), TIMESTAMPDIFF(SECOND, UTC_TIMESTAMP(), due_at) "
                 "FROM outbox WHERE candidate_id = %s ORDER BY id DESC LIMIT 1", cand.id)[0]
    grace = rp.grace_delay()
    assert ob[:6] == ("referrer_outcome", "event:%d" % ev["id"], "pending", cand.referrer_email, ev["id"], org.id), ob
    assert abs(ob[6] - grace) <= 5, "outbox due_at is %ss after created_at, grace_delay is %s" % (ob[6], grace)
    assert ob[7] > 0, "the referrer's message is due already: no grace period"

    au = db.rows("SELECT action, user_id, org_id, object_kind FROM audit_log WHERE object_kind = 'candidate' "
                 "AND object_id = %s AND action LIKE 'outcome.%%' ORDER BY id DESC LIMIT 1", cand.id)[0]
    assert au == ("outcome.set", org.user_id, org.id, "candidate"), au


def test_green_without_points_tells_referrer_without_award(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    mkey = org.keys[0]
    assert org.points[mkey] == 0, "first milestone has points in the database: test needs one without"
    before = rp.counts(db, cand.id)
    ok(post_outcome(client, cand.id, mkey, org.first(mkey, "green"), 1))
    after = rp.counts(db, cand.id)
    assert (after["events"], after["ledger"], after["outbox"], after["audit"]) == \
        (before["events"] + 1, before["ledger"], before["outbox"] + 1, before["audit"] + 1)
    st = assert_state_matches_events(db, cand)
    assert (st["status"], st["stage_pos"], st["version"]) == ("action", 2, 2)
    assert st["progress"] == "g" + "-" * (len(org.keys) - 1)


def test_orange_waits_on_same_milestone_and_tells_nobody(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    before = rp.counts(db, cand.id)
    ok(post_outcome(client, cand.id, "contact", org.first("contact", "orange"), 1))
    after = rp.counts(db, cand.id)
    assert after["events"] == before["events"] + 1 and after["audit"] == before["audit"] + 1
    assert after["outbox"] == before["outbox"], "orange queued a referrer message"
    assert after["ledger"] == before["ledger"], "orange wrote points"
    st = assert_state_matches_events(db, cand, "after orange")
    assert (st["status"], st["stage_pos"], st["version"]) == ("waiting", 1, 2)
    assert st["progress"][0] == "o"
    # another outcome for the same milestone is then allowed
    ok(post_outcome(client, cand.id, "contact", org.first("contact", "green"), 2))
    st = assert_state_matches_events(db, cand, "orange then green")
    assert (st["status"], st["stage_pos"], st["progress"][0]) == ("action", 2, "g")


def test_red_archives_and_tells_referrer(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    assert cand.id in client.get("/candidates?q=" + cand.token).row_ids()
    before = rp.counts(db, cand.id)
    ok(post_outcome(client, cand.id, "contact", org.first("contact", "red"), 1))
    after = rp.counts(db, cand.id)
    assert after["outbox"] == before["outbox"] + 1, "red did not queue the referrer's message"
    assert after["ledger"] == before["ledger"], "red wrote points"
    ev = rp.events(db, cand.id)[-1]
    assert db.one("SELECT cause FROM outbox WHERE candidate_id = %s ORDER BY id DESC LIMIT 1", cand.id) == \
        "event:%d" % ev["id"]
    st = assert_state_matches_events(db, cand, "after red")
    assert st["status"] == "archived" and st["progress"][0] == "r"
    assert cand.id not in client.get("/candidates?q=" + cand.token).row_ids(), "archived candidate still live"
    assert cand.id in client.get("/archive?q=" + cand.token).row_ids(), "red candidate not in /archive"


def test_no_referrer_no_award_no_message(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN, referrer=None)
    org = cand.org
    walk(client, db, cand, [(k, org.first(k, "green")) for k in org.keys[:3]])
    c = rp.counts(db, cand.id)
    assert c["ledger"] == 0 and c["outbox"] == 0, "a candidate without referrer earned points or a message: %r" % c
    assert c["events"] == 3 and c["audit"] == 3


def test_whole_row_to_complete_with_dates(request, db, fresh):
    """Every milestone green, with the start date set back past three
    months: awards 10 + 40 + 50 (the database's points), status complete,
    due_at three months after the start; a complete candidate takes no more."""
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN, eoi_days=150)
    org = cand.org
    today = org.today()
    start = today - datetime.timedelta(days=100)
    steps = []
    for i, k in enumerate(org.keys[:-1]):
        d = cand.eoi + datetime.timedelta(days=i + 1) if k != "started" else start
        steps.append((k, org.first(k, "green"), iso(d)))
    walk(client, db, cand, steps)
    st = assert_state_matches_events(db, cand, "before still working")
    last = org.keys[-1]
    assert st["stage_pos"] == org.pos[last] and st["status"] == "action"
    want_due = str(db.one("SELECT DATE_ADD(%s, INTERVAL 3 MONTH)", iso(start)))
    assert st["due"] == want_due, "due_at %r, want the start date plus 3 months %r" % (st["due"], want_due)
    ok(post_outcome(client, cand.id, last, org.first(last, "green"), st["version"]), "still working green when due")
    st = assert_state_matches_events(db, cand, "complete")
    assert st["status"] == "complete" and st["progress"] == "g" * len(org.keys)
    awards = db.rows("SELECT reason, points FROM points_ledger WHERE candidate_id = %s AND kind = 'award' "
                     "ORDER BY id", cand.id)
    want = [(k, org.points[k]) for k in org.keys if org.points[k]]
    assert list(awards) == want, "awards %r, want %r" % (awards, want)
    for k, _, d in steps:
        got = db.one("SELECT DATE_FORMAT(e.effective_date, '%%Y-%%m-%%d') FROM candidate_events e "
                     "JOIN milestones m ON m.id = e.milestone_id WHERE e.candidate_id = %s AND m.mkey = %s",
                     cand.id, k)
        assert got == d, "effective date of %s: %r, posted %r" % (k, got, d)
    # complete is live, and closed to outcomes
    assert cand.id in client.get("/candidates?q=" + cand.token).row_ids()
    before = rp.counts(db, cand.id)
    p = post_outcome(client, cand.id, last, org.first(last, "green"), st["version"])
    refused(p, 409, "outcome on a complete candidate")
    flash_error(p, "outcome on a complete candidate")
    assert rp.counts(db, cand.id) == before


def test_still_working_green_before_due_is_refused(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN, eoi_days=40)
    org = cand.org
    today = org.today()
    start = today - datetime.timedelta(days=10)
    walk(client, db, cand, [(k, org.first(k, "green"), iso(start if k == "started" else today))
                            for k in org.keys[:-1]])
    last = org.keys[-1]
    st = rp.state(db, cand.id)
    before = rp.counts(db, cand.id)
    p = post_outcome(client, cand.id, last, org.first(last, "green"), st["version"])
    refused(p, 400, "still working green 10 days after the start")
    fl = flash_error(p, "not due")
    plain = rptest.cat_plain(org.lang, "outcome.not_due")
    assert plain in fl.norm_text(), "flash %r does not say %r" % (fl.norm_text(), plain)
    assert rp.counts(db, cand.id) == before and rp.state(db, cand.id)["version"] == st["version"]
    # orange ("check later") is allowed before it is due
    ok(post_outcome(client, cand.id, last, org.first(last, "orange"), st["version"]))
    assert rp.state(db, cand.id)["status"] == "waiting"


# ================================================================== outcome: refusals

@pytest.mark.parametrize("case", ["unknown_milestone", "not_current_milestone", "unknown_outcome",
                                  "outcome_of_other_milestone", "future_date", "before_eoi"])
def test_bad_outcome_is_400_and_writes_nothing(request, db, fresh, case):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    today = org.today()
    m, o, date = "contact", org.first("contact", "green"), None
    if case == "unknown_milestone":
        m = "no_such_milestone"
    elif case == "not_current_milestone":
        m, o = org.keys[1], org.first(org.keys[1], "green")
    elif case == "unknown_outcome":
        o = "no_such_outcome"
    elif case == "outcome_of_other_milestone":
        o = org.first(org.keys[1], "green")
    elif case == "future_date":
        date = today + datetime.timedelta(days=1)
    elif case == "before_eoi":
        date = cand.eoi - datetime.timedelta(days=1)
    g0, c0, s0 = rp.global_counts(db), rp.counts(db, cand.id), rp.state(db, cand.id)
    p = post_outcome(client, cand.id, m, o, 1, date=date)
    refused(p, 400, case)
    assert p.name == "candidate", "%s: the answer is not the candidate page: %s" % (case, p.describe())
    flash_error(p, case)
    assert rp.counts(db, cand.id) == c0, "%s wrote rows" % case
    assert rp.global_counts(db) == g0, "%s wrote rows elsewhere" % case
    s1 = rp.state(db, cand.id)
    assert (s1["version"], s1["status"], s1["progress"]) == (s0["version"], s0["status"], s0["progress"])


def test_date_boundaries_eoi_day_and_today_are_accepted(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    ok(post_outcome(client, cand.id, "contact", org.first("contact", "orange"), 1, date=cand.eoi), "date = EOI day")
    ok(post_outcome(client, cand.id, "contact", org.first("contact", "green"), 2, date=org.today()), "date = today")
    assert [e["date"] for e in rp.events(db, cand.id)] == [iso(cand.eoi), iso(org.today())]


@pytest.mark.parametrize("missing", ["version", "milestone", "outcome"])
def test_missing_field_is_400_and_writes_nothing(request, db, fresh, missing):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    args = {"milestone": "contact", "outcome": org.first("contact", "green"), "version": 1}
    args[missing] = None
    g0, c0 = rp.global_counts(db), rp.counts(db, cand.id)
    p = post_outcome(client, cand.id, args["milestone"], args["outcome"], args["version"])
    refused(p, 400, "no %s" % missing)
    assert rp.counts(db, cand.id) == c0 and rp.global_counts(db) == g0
    assert rp.state(db, cand.id)["version"] == 1


@pytest.mark.parametrize("field,value", [("version", "abc"), ("version", "0"), ("date", "2026-02-30"),
                                         ("date", "yesterday"), ("milestone", "Contact!"),
                                         ("next", "//evil.example/x"), ("next", "https://evil.example/")])
def test_malformed_field_is_400(request, db, fresh, field, value):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    f = dict(rp.outcome_fields(client, "contact", org.first("contact", "green"), 1))
    f[field] = value
    g0 = rp.global_counts(db)
    p = client.post("/candidates/%d/outcome" % cand.id, list(f.items()))
    refused(p, 400, "%s=%r" % (field, value))
    assert rp.global_counts(db) == g0
    assert "evil.example" not in p.resp.headers.get("Location", "")


def test_stale_version_is_409_and_writes_nothing(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    ok(post_outcome(client, cand.id, "contact", org.first("contact", "orange"), 1))
    g0, c0, s0 = rp.global_counts(db), rp.counts(db, cand.id), rp.state(db, cand.id)
    # the form of version 1, with a different outcome: someone else was first
    p = post_outcome(client, cand.id, "contact", org.first("contact", "green"), 1)
    refused(p, 409, "stale version")
    flash_error(p, "stale version")
    assert p.name == "candidate", p.describe()
    assert rp.counts(db, cand.id) == c0 and rp.global_counts(db) == g0
    assert rp.state(db, cand.id)["version"] == s0["version"]
    # a version from the future is stale too
    p = post_outcome(client, cand.id, "contact", org.first("contact", "green"), s0["version"] + 5)
    refused(p, 409, "future version")
    assert rp.counts(db, cand.id) == c0


def test_archived_candidate_is_409(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    ok(post_outcome(client, cand.id, "contact", org.first("contact", "red"), 1))
    c0 = rp.counts(db, cand.id)
    p = post_outcome(client, cand.id, "contact", org.first("contact", "green"), 2)
    refused(p, 409, "outcome on an archived candidate")
    flash_error(p, "archived")
    p = post_outcome(client, cand.id, org.keys[1], org.first(org.keys[1], "green"), 2)
    refused(p, 409, "outcome on an archived candidate's next milestone")
    assert rp.counts(db, cand.id) == c0


@pytest.mark.parametrize("how", ["missing", "wrong", "twice"])
def test_csrf_is_required(request, db, fresh, how):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    f = rp.outcome_fields(client, "contact", org.first("contact", "green"), 1, csrf=False)
    if how == "wrong":
        f.append(("csrf", "x" * 43))
    elif how == "twice":
        f += [("csrf", rp.csrf_of(client)), ("csrf", "x" * 43)]
    g0 = rp.global_counts(db)
    p = client.post("/candidates/%d/outcome" % cand.id, f)
    refused(p, 403, "csrf %s" % how)
    undo = [("version", "1")] + [kv for kv in f if kv[0] == "csrf"]
    p = client.post("/candidates/%d/undo" % cand.id, undo)
    refused(p, 403, "undo, csrf %s" % how)
    assert rp.global_counts(db) == g0
    assert rp.state(db, cand.id)["version"] == 1


def test_signed_out_post_writes_nothing(db, fresh, portal):
    cand = fresh.make(ADMIN_EN)
    anon = Client()
    g0 = rp.global_counts(db)
    p = anon.post("/candidates/%d/outcome" % cand.id, [("milestone", "contact"), ("outcome", "contact_made"),
                                                       ("version", "1"), ("csrf", "x" * 43)])
    assert p.status in (303, 401, 403), p.describe()
    if p.status == 303:
        assert "/login" in p.resp.headers.get("Location", "")
    assert rp.global_counts(db) == g0


def test_other_organisations_candidate_is_404(request, db, fresh):
    theirs = fresh.make(ADMIN_NL)
    client = client_for(request, ADMIN_EN)
    g0 = rp.global_counts(db)
    p = client.get("/candidates/%d" % theirs.id)
    assert p.status == 404, p.describe()
    assert theirs.name not in p.text
    p = post_outcome(client, theirs.id, "contact", "contact_made", 1)
    assert p.status == 404, p.describe()
    p = post_undo(client, theirs.id, 1)
    assert p.status == 404, p.describe()
    assert rp.global_counts(db) == g0
    assert rp.state(db, theirs.id)["version"] == 1


def test_site_limited_recruiter_gets_404_on_other_site(request, db, fresh):
    planner = client_for(request, PLANNER_NL)
    org = rp.Org(db, PLANNER_NL)
    assert org.sites, "%s is not limited to sites in the database" % PLANNER_NL
    other = fresh.make(PLANNER_NL, site="other")
    assert other.site_id not in org.sites
    g0 = rp.global_counts(db)
    p = planner.get("/candidates/%d" % other.id)
    assert p.status == 404, p.describe()
    p = post_outcome(planner, other.id, "contact", org.first("contact", "green"), 1)
    assert p.status == 404, p.describe()
    p = post_undo(planner, other.id, 1)
    assert p.status == 404, p.describe()
    assert rp.global_counts(db) == g0
    # ... while one of the planner's own sites works
    mine = fresh.make(PLANNER_NL, site="mine")
    ok(post_outcome(planner, mine.id, "contact", org.first("contact", "orange"), 1), "planner on own site")


# ================================================================== double submit

def test_same_form_twice_records_once(request, db, fresh):
    """A double-submitted green with points: the second post answers 303
    like the first, and nothing is written twice."""
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    walk(client, db, cand, [(k, org.first(k, "green")) for k in org.keys[:2]])
    mkey = org.keys[2]
    v = rp.state(db, cand.id)["version"]
    c0 = rp.counts(db, cand.id)
    okey = org.first(mkey, "green")
    ok(post_outcome(client, cand.id, mkey, okey, v), "first post")
    c1 = rp.counts(db, cand.id)
    p = post_outcome(client, cand.id, mkey, okey, v)
    ok(p, "the same form again")
    assert rp.counts(db, cand.id) == c1, "the repeated form wrote rows"
    assert c1["events"] == c0["events"] + 1
    assert db.one("SELECT COUNT(*) FROM points_ledger WHERE candidate_id = %s AND reason = %s", cand.id, mkey) == 1
    ev = rp.events(db, cand.id)[-1]
    assert db.one("SELECT COUNT(*) FROM outbox WHERE cause = %s", "event:%d" % ev["id"]) == 1
    assert rp.state(db, cand.id)["version"] == v + 1
    page = follow(client, p)
    assert [f.get("data-flash") for f in page.flashes()] == ["ok"], "repeat did not answer as a success: " + \
        page.describe()


def test_same_form_twice_red(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    okey = cand.org.first("contact", "red")
    ok(post_outcome(client, cand.id, "contact", okey, 1))
    c1 = rp.counts(db, cand.id)
    ok(post_outcome(client, cand.id, "contact", okey, 1), "red posted twice")
    assert rp.counts(db, cand.id) == c1


def test_same_form_by_another_user_is_stale(request, db, fresh):
    admin, planner = client_for(request, ADMIN_NL), client_for(request, PLANNER_NL)
    cand = fresh.make(PLANNER_NL, site="mine")
    okey = cand.org.first("contact", "orange")
    ok(post_outcome(admin, cand.id, "contact", okey, 1))
    c1 = rp.counts(db, cand.id)
    p = post_outcome(planner, cand.id, "contact", okey, 1)
    refused(p, 409, "the same outcome by another user from the old version")
    assert rp.counts(db, cand.id) == c1


def test_repeat_window_is_ten_minutes(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    okey = cand.org.first("contact", "orange")
    ok(post_outcome(client, cand.id, "contact", okey, 1))
    db.exec("UPDATE candidate_events SET created_at = UTC_TIMESTAMP() - INTERVAL 11 MINUTE "
            "WHERE candidate_id = %s", cand.id)
    c1 = rp.counts(db, cand.id)
    p = post_outcome(client, cand.id, "contact", okey, 1)
    refused(p, 409, "the same form 11 minutes later")
    assert rp.counts(db, cand.id) == c1


# ================================================================== races

def second_session(email):
    c = Client()
    c.login(email)
    return c


@pytest.mark.parametrize("kind", ["same_user_different_outcomes", "different_users_same_outcome"])
def test_race_one_wins(request, db, fresh, kind):
    """Two clients post on the same candidate from the same version: one
    303, one 409; one event, at most one award (five rounds)."""
    if kind == "same_user_different_outcomes":
        a, b = second_session(ADMIN_EN), second_session(ADMIN_EN)
        who = ADMIN_EN
    else:
        a, b = client_for(request, ADMIN_NL), client_for(request, PLANNER_NL)
        who = PLANNER_NL
    for rnd in range(5):
        cand = fresh.make(who, site="mine" if who == PLANNER_NL else "any")
        org = cand.org
        walk(a, db, cand, [(k, org.first(k, "green")) for k in org.keys[:2]])
        mkey = org.keys[2]
        v = rp.state(db, cand.id)["version"]
        c0 = rp.counts(db, cand.id)
        oa = org.first(mkey, "green")
        ob = oa if kind == "different_users_same_outcome" else org.first(mkey, "orange")
        ra, rb = rp.race([lambda: post_outcome(a, cand.id, mkey, oa, v),
                       lambda: post_outcome(b, cand.id, mkey, ob, v)])
        got = sorted([ra.status, rb.status])
        assert got == [303, 409], "round %d: %s / %s" % (rnd, ra.describe(), rb.describe())
        c1 = rp.counts(db, cand.id)
        assert c1["events"] == c0["events"] + 1, "round %d: %d events written" % (rnd, c1["events"] - c0["events"])
        assert c1["audit"] == c0["audit"] + 1
        awards = db.one("SELECT COUNT(*) FROM points_ledger WHERE candidate_id = %s AND reason = %s", cand.id, mkey)
        assert awards <= 1
        winner = oa if ra.status == 303 else ob
        assert rp.events(db, cand.id)[-1]["outcome"] == winner, "the loser's outcome was recorded"
        assert awards == (1 if org.color[(mkey, winner)] == "green" else 0)
        assert rp.state(db, cand.id)["version"] == v + 1
        assert_state_matches_events(db, cand, "round %d" % rnd)


def test_race_same_form_twice_records_once(db, fresh, portal):
    """The same user posting the same form twice at once (a double click
    on two connections): both may answer 303, one event is written."""
    a, b = second_session(ADMIN_EN), second_session(ADMIN_EN)
    for rnd in range(3):
        cand = fresh.make(ADMIN_EN)
        okey = cand.org.first("contact", "green")
        ra, rb = rp.race([lambda: post_outcome(a, cand.id, "contact", okey, 1),
                       lambda: post_outcome(b, cand.id, "contact", okey, 1)])
        assert 303 in (ra.status, rb.status)
        assert {ra.status, rb.status} <= {303, 409}, "%s / %s" % (ra.describe(), rb.describe())
        c = rp.counts(db, cand.id)
        assert (c["events"], c["outbox"], c["audit"]) == (1, 1, 1), "round %d: %r" % (rnd, c)


# ================================================================== undo

def test_undo_green_with_points_reverses_everything(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    walk(client, db, cand, [(k, org.first(k, "green")) for k in org.keys[:2]])
    s_before = rp.state(db, cand.id)
    mkey = org.keys[2]
    walk(client, db, cand, [(mkey, org.first(mkey, "green"))])
    target = rp.events(db, cand.id)[-1]
    v = rp.state(db, cand.id)["version"]
    c0 = rp.counts(db, cand.id)
    p = post_undo(client, cand.id, v)
    ok(p, "undo")
    assert rp.location_path(p) == "/candidates/%d" % cand.id
    c1 = rp.counts(db, cand.id)
    assert c1["events"] == c0["events"] + 1 and c1["audit"] == c0["audit"] + 1
    assert c1["ledger"] == c0["ledger"] + 1 and c1["outbox"] == c0["outbox"]
    evs = rp.events(db, cand.id)
    undone = [e for e in evs if e["id"] == target["id"]][0]
    assert undone["undone"] == 1, "the outcome event is not marked undone"
    u = evs[-1]
    assert (u["kind"], u["undoes_id"], u["milestone"], u["user_id"]) == ("undo", target["id"], mkey, org.user_id), u
    rev = db.rows("SELECT kind, points, event_id, referrer_id FROM points_ledger WHERE candidate_id = %s "
                  "ORDER BY id DESC LIMIT 1", cand.id)[0]
    assert rev == ("reversal", -org.points[mkey], target["id"], cand.referrer_id), rev
    assert db.one("SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE candidate_id = %s", cand.id) == 0
    assert db.one("SELECT status FROM outbox WHERE cause = %s", "event:%d" % target["id"]) == "cancelled", \
        "the pending referrer message was not cancelled"
    st = assert_state_matches_events(db, cand, "after undo")
    assert (st["status"], st["stage_pos"], st["progress"]) == \
        (s_before["status"], s_before["stage_pos"], s_before["progress"])
    assert st["version"] == v + 1
    assert db.one("SELECT action FROM audit_log WHERE object_kind = 'candidate' AND object_id = %s "
                  "AND action LIKE 'outcome.%%' ORDER BY id DESC LIMIT 1", cand.id) == "outcome.undo"


def test_undo_red_returns_candidate_to_the_live_list(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    ok(post_outcome(client, cand.id, "contact", org.first("contact", "orange"), 1))
    ok(post_outcome(client, cand.id, "contact", org.first("contact", "red"), 2))
    assert cand.id in client.get("/archive?q=" + cand.token).row_ids()
    red = rp.events(db, cand.id)[-1]
    ok(post_undo(client, cand.id, 3), "undo red")
    assert db.one("SELECT status FROM outbox WHERE cause = %s", "event:%d" % red["id"]) == "cancelled"
    st = assert_state_matches_events(db, cand, "red undone")
    assert (st["status"], st["stage_pos"], st["progress"][0]) == ("waiting", 1, "o"), st
    assert cand.id in client.get("/candidates?q=" + cand.token).row_ids(), "undone red not back in /candidates"
    assert cand.id not in client.get("/archive?q=" + cand.token).row_ids()


def test_undo_repeats_newest_first_back_to_the_start(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    steps = [("contact", org.first("contact", "orange")), ("contact", org.first("contact", "green")),
             (org.keys[1], org.first(org.keys[1], "green")), (org.keys[2], org.first(org.keys[2], "orange")),
             (org.keys[2], org.first(org.keys[2], "green"))]
    walk(client, db, cand, steps)
    outcome_ids = [e["id"] for e in rp.events(db, cand.id)]
    states = []
    for n in range(len(steps), 0, -1):
        v = rp.state(db, cand.id)["version"]
        ok(post_undo(client, cand.id, v), "undo %d" % n)
        evs = rp.events(db, cand.id)
        assert evs[-1]["undoes_id"] == outcome_ids[n - 1], "undo %d took back %r, not the newest" % (
            n, evs[-1]["undoes_id"])
        want = rp.derive(org, [(m, org.color[(m, o)]) for m, o in steps[:n - 1]])
        st = rp.state(db, cand.id)
        assert (st["status"], st["stage_pos"], st["progress"]) == want, "after undo %d: %r want %r" % (n, st, want)
        states.append(st)
    st = rp.state(db, cand.id)
    assert (st["status"], st["stage_pos"], st["progress"]) == ("action", 1, "-" * len(org.keys))
    assert st["due"] is None
    c0, g0 = rp.counts(db, cand.id), rp.global_counts(db)
    p = post_undo(client, cand.id, st["version"])
    refused(p, 409, "nothing left to undo")
    flash_error(p, "nothing to undo")
    assert rp.counts(db, cand.id) == c0 and rp.global_counts(db) == g0
    assert rp.state(db, cand.id)["version"] == st["version"]
    # points: the award of the interview was reversed, the sum is 0
    assert db.one("SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE candidate_id = %s", cand.id) == 0
    # the milestone works again from the start
    ok(post_outcome(client, cand.id, "contact", org.first("contact", "green"), st["version"]))


def test_undo_on_fresh_candidate_is_409(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    g0 = rp.global_counts(db)
    p = post_undo(client, cand.id, 1)
    refused(p, 409, "undo with no outcome")
    flash_error(p, "undo with no outcome")
    assert rp.global_counts(db) == g0


def test_undo_stale_version_is_409(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    walk(client, db, cand, [("contact", org.first("contact", "green")), (org.keys[1], org.first(org.keys[1], "orange"))])
    c0 = rp.counts(db, cand.id)
    p = post_undo(client, cand.id, 2)   # the version before the orange
    refused(p, 409, "undo from an old version")
    flash_error(p, "stale undo")
    assert rp.counts(db, cand.id) == c0


def test_undo_missing_version_is_400(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    ok(post_outcome(client, cand.id, "contact", cand.org.first("contact", "green"), 1))
    c0 = rp.counts(db, cand.id)
    refused(post_undo(client, cand.id, None), 400, "undo without version")
    assert rp.counts(db, cand.id) == c0


def test_undo_form_posted_twice_undoes_once(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    walk(client, db, cand, [("contact", org.first("contact", "green")), (org.keys[1], org.first(org.keys[1], "green"))])
    v = rp.state(db, cand.id)["version"]
    ok(post_undo(client, cand.id, v))
    c1 = rp.counts(db, cand.id)
    p = post_undo(client, cand.id, v)
    assert p.status in (303, 409), p.describe()
    assert rp.counts(db, cand.id) == c1, "a double-submitted undo took back a second outcome"
    assert rp.state(db, cand.id)["stage_pos"] == 2


def test_undo_after_message_left_keeps_it_and_reverses_points(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    walk(client, db, cand, [(k, org.first(k, "green")) for k in org.keys[:3]])
    ev = rp.events(db, cand.id)[-1]
    cause = "event:%d" % ev["id"]
    db.exec("UPDATE outbox SET status = 'sent', sent_at = UTC_TIMESTAMP() WHERE cause = %s", cause)
    ok(post_undo(client, cand.id, rp.state(db, cand.id)["version"]))
    assert db.one("SELECT status FROM outbox WHERE cause = %s", cause) == "sent", "an undo touched a sent message"
    assert db.one("SELECT points FROM points_ledger WHERE event_id = %s AND kind = 'reversal'", ev["id"]) == \
        -org.points[org.keys[2]]
    assert rp.counts(db, cand.id)["cancelled"] == 0


# ================================================================== flash messages

FLASH_CASES = [
    # (steps before, the step, expected catalogue key)
    ([], ("contact", "orange"), "outcome.saved"),
    ([], ("contact", "green"), "outcome.saved_told"),
    ([("contact", "green"), (1, "green")], (2, "green"), "outcome.saved_points"),
    ([], ("contact", "red"), "outcome.archived"),
    ([("contact", "green")], "undo", "outcome.undone"),
    ([("contact", "green"), (1, "green"), (2, "green")], "undo", "outcome.undone_points"),
]


@pytest.mark.parametrize("who", [ADMIN_EN, PLANNER_NL])
@pytest.mark.parametrize("case", range(len(FLASH_CASES)), ids=[c[2] for c in FLASH_CASES])
def test_flash_text_in_the_users_language(request, db, fresh, who, case):
    client = client_for(request, who)
    cand = fresh.make(who, site="mine" if who == PLANNER_NL else "any")
    org = cand.org
    before, step, key = FLASH_CASES[case]

    def mk(m):
        return org.keys[m] if isinstance(m, int) else m
    walk(client, db, cand, [(mk(m), org.first(mk(m), c)) for m, c in before])
    nxt = "/candidates?q=" + cand.token
    v = rp.state(db, cand.id)["version"]
    points = 0
    if step == "undo":
        last = rp.events(db, cand.id)[-1]
        points = org.points[last["milestone"]] if last["color"] == "green" and cand.referrer_id else 0
        p = post_undo(client, cand.id, v, next=nxt)
    else:
        m = mk(step[0])
        points = org.points[m] if step[1] == "green" else 0
        p = post_outcome(client, cand.id, m, org.first(m, step[1]), v, next=nxt)
    ok(p, key)
    assert rp.location_path(p) == nxt, "next= not followed: %r" % p.resp.headers.get("Location")
    page = client.get(nxt)
    assert page.status == 200, page.describe()
    assert page.lang == org.lang, "page language %r, the user's is %r" % (page.lang, org.lang)
    fl = page.flashes()
    assert [f.get("data-flash") for f in fl] == ["ok"], "flashes after %s: %r (%s)" % (
        key, [f.get("data-flash") for f in fl], page.describe())
    want = " ".join(rp.fill(rptest.cat_text(org.lang, key), name=cand.name, referrer=cand.referrer_name,
                            points=points).split())
    assert want in fl[0].norm_text(), "flash %r, catalogue %s.xml %s says %r" % (
        fl[0].norm_text(), org.lang, key, want)
    assert "{" not in fl[0].norm_text(), "unfilled placeholder in %r" % fl[0].norm_text()
    # shown once
    again = client.get(nxt)
    assert not again.flashes(), "the flash message is shown twice"


@pytest.mark.parametrize("who", [ADMIN_EN, PLANNER_NL])
def test_error_flash_text_in_the_users_language(request, db, fresh, who):
    client = client_for(request, who)
    cand = fresh.make(who, site="mine" if who == PLANNER_NL else "any")
    org = cand.org
    ok(post_outcome(client, cand.id, "contact", org.first("contact", "orange"), 1))
    p = post_outcome(client, cand.id, "contact", org.first("contact", "green"), 1)
    refused(p, 409, "stale")
    assert p.lang == org.lang
    want = " ".join(rptest.cat_text(org.lang, "outcome.stale").split())
    assert want in flash_error(p).norm_text()
    p = post_undo(client, fresh.make(who, site="mine" if who == PLANNER_NL else "any").id, 1)
    refused(p, 409, "nothing to undo")
    want = " ".join(rptest.cat_text(org.lang, "outcome.nothing_to_undo").split())
    assert want in flash_error(p).norm_text()


# ================================================================== the candidate page

def boxes(page):
    """{milestone key: box} for the milestone boxes (first element per key)."""
    out = {}
    for n in page.doc.find_all(data_milestone=True):
        out.setdefault(n.get("data-milestone"), n)
    return out


def outcome_forms(page, cid):
    return [f for f in page.doc.find_all("form")
            if urllib.parse.urlsplit(f.get("action", "")).path.endswith("/candidates/%d/outcome" % cid)]


def undo_forms(page, cid):
    return [f for f in page.doc.find_all("form")
            if urllib.parse.urlsplit(f.get("action", "")).path.endswith("/candidates/%d/undo" % cid)]


def check_candidate_page(client, db, cand):
    """The page against the database: boxes, current form, undo form, referrer link."""
    org = cand.org
    p = client.get("/candidates/%d" % cand.id)
    assert p.status == 200 and p.name == "candidate", p.describe()
    st = rp.state(db, cand.id)
    b = boxes(p)
    assert list(b) == org.keys, "milestone boxes %r, the organisation has %r" % (list(b), org.keys)
    eff = {}
    for e in rp.events(db, cand.id):
        if e["kind"] == "outcome" and not e["undone"]:
            eff[e["milestone"]] = e
    for k in org.keys:
        box = b[k]
        if k in eff:
            assert box.get("data-color") == eff[k]["color"], "box %s data-color %r, want %r" % (
                k, box.get("data-color"), eff[k]["color"])
            assert box.get("data-outcome") == eff[k]["outcome"], "box %s data-outcome" % k
            label = rptest.cat_text(p.lang, "outcome." + eff[k]["outcome"])
            assert label in box.norm_text() or label in (box.get("title") or ""), \
                "box %s does not name its outcome %r: %r" % (k, label, box.norm_text())
        else:
            assert box.get("data-color") is None and box.get("data-outcome") is None, \
                "box %s has an outcome but none is set" % k
    forms = outcome_forms(p, cand.id)
    if st["status"] in ("action", "waiting"):
        cur = org.keys[st["stage_pos"] - 1]
        assert len(forms) == 1, "%d outcome forms on a candidate page" % len(forms)
        f = forms[0]
        assert (f.get("method") or "").lower() == "post"
        fields = dict(form_fields(f))
        assert fields.get("milestone") == cur, "the form's milestone %r, current is %r" % (fields.get("milestone"), cur)
        assert fields.get("version") == str(st["version"]), "form version %r, database %r" % (
            fields.get("version"), st["version"])
        assert fields.get("csrf") == rp.csrf_of(client)
        buttons = [n.get("value") for n in f.find_all("button", name="outcome")] + \
            [n.get("value") for n in f.find_all("input", name="outcome") if n.get("type") == "submit"]
        assert sorted(buttons) == sorted(o[0] for o in org.outcomes[cur]), \
            "outcome buttons %r, milestone %s has %r" % (buttons, cur, [o[0] for o in org.outcomes[cur]])
        d = f.find("input", name="date")
        assert d is not None and d.get("type") == "date", "no date field of type date"
        today = iso(org.today())
        assert d.get("value") == today and d.get("max") == today, "date field %r, today is %s" % (d.attrs, today)
        assert d.get("min") == iso(cand.eoi), "date min %r, EOI %s" % (d.get("min"), cand.eoi)
        assert f.find("textarea", name="note") is not None, "no note field"
    else:
        assert not forms, "an outcome form on a %s candidate" % st["status"]
    # the undo button sits on the box of the latest effective outcome
    uf = undo_forms(p, cand.id)
    latest = [e for e in rp.events(db, cand.id) if e["kind"] == "outcome" and not e["undone"]]
    if latest:
        assert len(uf) == 1, "%d undo forms, want 1" % len(uf)
        host = [a.get("data-milestone") for a in uf[0].ancestors() if a.get("data-milestone")]
        assert host and host[0] == latest[-1]["milestone"], \
            "the undo form is in box %r, the latest outcome is on %s" % (host, latest[-1]["milestone"])
        fields = dict(form_fields(uf[0]))
        assert fields.get("version") == str(st["version"]) and fields.get("csrf") == rp.csrf_of(client)
    else:
        assert not uf, "an undo form with nothing to undo"
    if cand.referrer_id:
        assert p.doc.find("a", href=lambda h: h.rstrip("/").endswith("/referrers/%d" % cand.referrer_id)), \
            "no link to the referrer's page /referrers/%d" % cand.referrer_id
    return p


def test_candidate_page_forms_post_back(request, db, fresh):
    """Read the current milestone's form, post it back with a button, and
    the page follows: orange, green, red, undo; each checked against the
    database."""
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    check_candidate_page(client, db, cand)
    for color in ("orange", "green", "orange", "red"):
        p = check_candidate_page(client, db, cand)
        f = outcome_forms(p, cand.id)[0]
        cur = dict(form_fields(f))["milestone"]
        fields = form_fields(f) + [("outcome", org.first(cur, color))]
        r = client.post(urllib.parse.urljoin(p.resp.url, f.get("action")), fields)
        ok(r, "posting the page's form (%s)" % color)
        nxt = follow(client, r)
        assert nxt.name == "candidate" and [x.get("data-flash") for x in nxt.flashes()] == ["ok"], nxt.describe()
        assert_state_matches_events(db, cand, color)
    p = check_candidate_page(client, db, cand)
    assert rp.state(db, cand.id)["status"] == "archived"
    f = undo_forms(p, cand.id)[0]
    ok(client.post(urllib.parse.urljoin(p.resp.url, f.get("action")), form_fields(f)), "the page's undo form")
    assert rp.state(db, cand.id)["status"] == "waiting"
    check_candidate_page(client, db, cand)


def test_candidate_page_history(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    note = "Rang twice " + cand.token
    ok(post_outcome(client, cand.id, "contact", org.first("contact", "orange"), 1, note=note))
    ok(post_outcome(client, cand.id, "contact", org.first("contact", "green"), 2))
    ok(post_undo(client, cand.id, 3))
    p = client.get("/candidates/%d" % cand.id)
    assert p.status == 200, p.describe()
    text = p.visible_text()
    assert note in text, "the note is not in the history"
    for okey in (org.first("contact", "orange"), org.first("contact", "green")):
        label = rptest.cat_text(p.lang, "outcome." + okey)
        assert text.count(label) >= 1, "history does not name %r" % label
    user = db.one("SELECT name FROM users WHERE id = %s", org.user_id)
    assert user in text, "history does not say who (%r)" % user


def test_candidate_page_of_archived_has_no_outcome_form(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    ok(post_outcome(client, cand.id, "contact", cand.org.first("contact", "red"), 1))
    p = check_candidate_page(client, db, cand)
    assert boxes(p)["contact"].get("data-color") == "red"


def test_candidate_page_in_dutch_for_planner(request, db, fresh):
    planner = client_for(request, PLANNER_NL)
    cand = fresh.make(PLANNER_NL, site="mine")
    ok(post_outcome(planner, cand.id, "contact", cand.org.first("contact", "green"), 1))
    p = check_candidate_page(planner, db, cand)
    assert p.lang == "nl"
    assert rptest.cat_text("nl", "milestone.contact") in p.visible_text()


# ================================================================== the list's outcome menus

def test_list_menu_posts_and_returns_to_the_list(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    org = cand.org
    path = "/candidates?q=" + cand.token + "&sort=name"
    for step, color in enumerate(("orange", "green")):
        p = client.get(path)
        row = p.row(cand.id)
        assert row is not None, "fresh candidate not found by %s" % path
        st = rp.state(db, cand.id)
        cur = org.keys[st["stage_pos"] - 1]
        assert row.get("data-stage") == cur and row.get("data-status") == st["status"]
        # Closed: the current step is a link that opens the menu (no JavaScript).
        assert not row.find_all("form"), "the outcome menu is open before it was asked for"
        links = [a for a in row.find_all("a") if "menu=%d" % cand.id in a.get("href", "")]
        assert len(links) == 1, "%d links to the outcome menu on the row" % len(links)
        assert rptest.cat_text("en", "milestone." + cur) in links[0].norm_text(), \
            "the menu link does not name the current step %s" % cur
        p = client.get(urllib.parse.urljoin(p.resp.url, links[0].get("href")))
        assert p.resp.status_code == 200, p.describe()
        row = p.row(cand.id)
        opened = [r for r in p.rows() if r.find_all("form")]
        assert opened == [row], "the menu opened on rows %r" % [r.get("data-candidate-id") for r in opened]
        assert [a.get("aria-expanded") for a in row.find_all("a") if "menu=" not in a.get("href", "x")
                and a.get("class") == "step open"] == ["true"], "no link closes the open menu"
        forms = [f for f in row.find_all("form") if f.get("action", "").endswith("/candidates/%d/outcome" % cand.id)]
        assert len(forms) == 1, "%d outcome menus on the row" % len(forms)
        f = forms[0]
        host = [a.get("data-milestone") for a in f.ancestors() if a.get("data-milestone")]
        assert host and host[0] == cur, "the menu is in box %r, current is %s" % (host, cur)
        fields = dict(form_fields(f))
        assert fields.get("milestone") == cur and fields.get("version") == str(st["version"])
        assert fields.get("csrf") == rp.csrf_of(client)
        nxt = fields.get("next", "")
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(nxt).query)
        assert urllib.parse.urlsplit(nxt).path == "/candidates" and q.get("q") == [cand.token] and \
            q.get("sort") == ["name"], "next %r does not bring the list back as it was" % nxt
        buttons = [n.get("value") for n in f.find_all("button", name="outcome")]
        assert sorted(buttons) == sorted(o[0] for o in org.outcomes[cur])
        r = client.post(urllib.parse.urljoin(p.resp.url, f.get("action")),
                        form_fields(f) + [("outcome", org.first(cur, color))])
        ok(r, "list menu %s" % color)
        assert rp.location_path(r) == nxt
        back = follow(client, r)
        assert back.name == "candidates" and [x.get("data-flash") for x in back.flashes()] == ["ok"], back.describe()
        st = assert_state_matches_events(db, cand, "list menu %s" % color)
        row = back.row(cand.id)
        assert row.get("data-status") == st["status"]
        assert rp.counts(db, cand.id)["events"] == step + 1


def test_list_rows_without_open_milestone_have_no_menu(admin_en, db):
    org = rp.Org(db, ADMIN_EN)
    ids = db.col("SELECT id FROM candidates WHERE org_id = %s AND status = 'complete' AND deleted_at IS NULL", org.id)
    assert ids, "no complete candidate in the demo data"
    for path in ("/candidates?status=complete", "/archive"):
        p = admin_en.get(path)
        assert p.rows(), "no rows on %s" % path
        for row in p.rows():
            cid = row.get("data-candidate-id")
            assert not [a for a in row.find_all("a") if "menu=" in a.get("href", "")], \
                "%s: candidate %s has a link to an outcome menu" % (path, cid)
        # Asked for anyway, the menu does not open.
        cid = p.rows()[0].get("data-candidate-id")
        q = admin_en.get(path + ("&" if "?" in path else "?") + "menu=" + cid)
        assert q.resp.status_code == 200, q.describe()
        assert not [f for f in q.doc.find_all("form") if f.get("action", "").endswith("/outcome")], \
            "%s: candidate %s got an outcome menu" % (path, cid)


@pytest.mark.parametrize("who", [ADMIN_EN, PLANNER_NL])
def test_red_without_referrer_promises_no_message(request, db, fresh, who):
    """A candidate without a referrer: red queues no message, so the flash
    must not say that "{referrer} will be told" with an empty name."""
    client = client_for(request, who)
    cand = fresh.make(who, site="mine" if who == PLANNER_NL else "any", referrer=None)
    org = cand.org
    nxt = "/archive?q=" + cand.token
    ok(post_outcome(client, cand.id, "contact", org.first("contact", "red"), 1, next=nxt))
    assert rp.counts(db, cand.id)["outbox"] == 0
    page = client.get(nxt)
    fl = page.flashes()
    assert [f.get("data-flash") for f in fl] == ["ok"], page.describe()
    text = fl[0].norm_text()
    for key in ("outcome.archived", "outcome.saved_told"):
        cat = rptest.cat_text(org.lang, key)
        if "{referrer}" not in cat:
            continue
        empty = " ".join(rp.fill(cat, name=cand.name, referrer="", points=0).split())
        assert empty not in text, "the flash promises a message to a referrer the candidate does not have: %r" % text


@pytest.mark.parametrize("nxt", ["/\t/evil.example/", "/\n/evil.example/", "/\r/evil.example/",
                                 "/candidates\r\nX-Injected: 1"], ids=["tab", "lf", "cr", "crlf"])
def test_next_with_control_characters_is_400(request, db, fresh, nxt):
    """next= is a local path: browsers drop tabs and line breaks from a
    Location (WHATWG URL), so "/<TAB>/evil.example/" would leave the site,
    and a line break cannot be sent in a header at all.  Refused up front,
    nothing written."""
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    g0 = rp.global_counts(db)
    p = post_outcome(client, cand.id, "contact", cand.org.first("contact", "orange"), 1, next=nxt)
    loc = p.resp.headers.get("Location")
    assert p.status == 400, "next=%r: %d with Location %r (a 303 %s)" % (
        nxt, p.status, loc, "without Location" if loc is None else "the browser reads as %r" %
        "".join(ch for ch in loc if ch not in "\t\r\n"))
    assert rp.global_counts(db) == g0, "next=%r: the outcome was written although the answer is an error" % nxt
    p = post_undo(client, cand.id, 1, next=nxt)
    assert p.status in (400, 409), p.describe()
    assert rp.global_counts(db) == g0


def test_undo_of_started_clears_the_due_date(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN, eoi_days=60)
    org = cand.org
    start = org.today() - datetime.timedelta(days=20)
    walk(client, db, cand, [(k, org.first(k, "green"), iso(start if k == "started" else org.today()))
                            for k in org.keys[:-1]])
    st = rp.state(db, cand.id)
    assert st["due"] == str(db.one("SELECT DATE_ADD(%s, INTERVAL 3 MONTH)", iso(start)))
    ok(post_undo(client, cand.id, st["version"]))
    st = rp.state(db, cand.id)
    assert st["stage_pos"] == org.pos["started"] and st["due"] is None, "due_at kept after undoing the start: %r" % st
    # started again with another date: due follows the new date
    later = org.today() - datetime.timedelta(days=5)
    ok(post_outcome(client, cand.id, "started", org.first("started", "green"), st["version"], date=later))
    assert rp.state(db, cand.id)["due"] == str(db.one("SELECT DATE_ADD(%s, INTERVAL 3 MONTH)", iso(later)))


def test_note_too_long_is_400(request, db, fresh):
    client = client_for(request, ADMIN_EN)
    cand = fresh.make(ADMIN_EN)
    g0 = rp.global_counts(db)
    p = post_outcome(client, cand.id, "contact", cand.org.first("contact", "orange"), 1, note="x" * 4001)
    refused(p, 400, "a 4001-character note")
    assert rp.global_counts(db) == g0
    ok(post_outcome(client, cand.id, "contact", cand.org.first("contact", "orange"), 1, note="é" * 4000),
       "a 4000-character note")
