"""test_candidate_admin.py: adding a candidate by hand (/candidates/new) and
deleting one with a reason (/candidates/{id}/delete) (issue 5 items 3, 4
and 7; DESIGN.md 4.3, 6; docs/page-xml.md "candidate-new", "candidate").

Adding: the same rules, transaction and messages as the apply page (the
candidate's thank-you with the privacy notice included), the EOI date,
the duplicate rule, a site-limited recruiter.  Deleting: one transaction
(deleted_at and reason, every award reversed once, pending mail
cancelled, an audit row), the candidate gone from every list and its
page a 404, refusals that change nothing.
"""

import datetime

import pytest

import rptest
from rptest import ADMIN_EN, ADMIN_NL, PLANNER_NL, Client, form_fields
import rpapply as ra
import rpprogress as rp
from rpapply import apply, good_fields


def errors(page):
    return {n.get("data-field"): n.get("data-error") for n in page.doc.find_all(data_error=True)
            if n.get("data-field")}


def org_today(db, org):
    tz = db.one("SELECT time_zone FROM organisations WHERE id = %s", org)
    off = db.one("SELECT TIMESTAMPDIFF(MINUTE, UTC_TIMESTAMP(), CONVERT_TZ(UTC_TIMESTAMP(), '+00:00', %s))", tz)
    if off is None:     # no time zone tables: the portal converts itself; Europe is UTC+0..2
        import zoneinfo
        return datetime.datetime.now(zoneinfo.ZoneInfo(tz)).date()
    return (datetime.datetime.utcnow() + datetime.timedelta(minutes=off)).date()


def add(client, **values):
    page = client.get("/candidates/new")
    assert page.status == 200 and page.name == "candidate-new", page.describe()
    f = page.form("/candidates/new", method="post")
    assert f is not None, page.describe()
    data = [(k, v) for k, v in form_fields(f) if k not in values]
    data += [(k, str(v)) for k, v in values.items() if v is not None]
    return client.post(f.get("action"), data)


def hand_fields(made, vid, **kw):
    f = good_fields(made)
    f.pop("consent")
    f["vacancy"] = vid
    f.update(kw)
    return f


def cand(db, email):
    r = db.rows("SELECT id, vacancy_id, referrer_id, status, stage_pos, version, lang, "
                "DATE(eoi_at), deleted_at, delete_reason FROM candidates WHERE email = %s ORDER BY id", email)
    keys = ("id", "vacancy", "referrer", "status", "stage_pos", "version", "lang", "eoi", "deleted", "reason")
    return [dict(zip(keys, x)) for x in r]


# ---------------------------------------------------------------- adding

def test_new_form_offers_the_users_vacancies_and_referrers(admin_nl, planner, db, expect):
    for client, who in ((admin_nl, ADMIN_NL), (planner, PLANNER_NL)):
        u = expect.user(who)
        page = client.get("/candidates/new")
        assert page.status == 200, page.describe()
        vac = [int(o.get("value")) for o in page.doc.find(id="f-vacancy").find_all("option") if o.get("value")]
        rows = db.rows("SELECT id, site_id FROM vacancies WHERE org_id = %s", u["org"])
        want = sorted(r[0] for r in rows if not u["sites"] or r[1] in u["sites"])
        assert sorted(vac) == want, who
        date = page.doc.find(id="f-eoi_date")
        today = org_today(db, u["org"]).isoformat()
        assert date.get("value") == today and date.get("max") == today


def test_add_a_candidate_by_hand(admin_nl, made, db):
    org = ra.org_of(db, ADMIN_NL)
    me = db.one("SELECT id FROM users WHERE email = %s", ADMIN_NL)
    vid, code = made.vacancy(org, watchers=[me])
    rid, remail = db.rows("SELECT id, email FROM referrers WHERE org_id = %s AND email <> '' LIMIT 1", org)[0]
    f = hand_fields(made, vid, referrer=rid)
    r = add(admin_nl, **f)
    assert r.status == 303, r.describe()
    rows = cand(db, f["email"])
    assert len(rows) == 1
    c = rows[0]
    assert r.resp.headers["Location"].endswith("/candidates/%d" % c["id"])
    assert (c["vacancy"], c["referrer"], c["status"], c["stage_pos"], c["version"]) == (vid, rid, "action", 1, 1)
    assert c["lang"] == db.one("SELECT locale FROM organisations WHERE id = %s", org)
    out = dict(db.rows("SELECT kind, recipient FROM outbox WHERE candidate_id = %s", c["id"]))
    assert out == {"new_candidate": ADMIN_NL, "referrer_eoi": remail, "candidate_thanks": f["email"]}
    assert db.one("SELECT user_id FROM audit_log WHERE action = 'candidate.add' AND object_id = %s", c["id"]) == me
    page = admin_nl.get(r.resp.headers["Location"])
    assert page.status == 200 and page.doc.find(data_flash="ok") is not None, page.describe()
    assert f["name"] in page.visible_text()


def test_an_earlier_eoi_date_but_not_a_future_one(admin_nl, made, db):
    org = ra.org_of(db, ADMIN_NL)
    vid, code = made.vacancy(org)
    today = org_today(db, org)
    f = hand_fields(made, vid, eoi_date=(today + datetime.timedelta(days=1)).isoformat())
    r = add(admin_nl, **f)
    assert r.status == 400 and errors(r) == {"eoi_date": "cand.new.err.date_future"}, r.describe()
    assert r.doc.find(id="f-name").get("value") == f["name"]
    assert cand(db, f["email"]) == []
    r = add(admin_nl, **dict(f, eoi_date="2026-02-30"))
    assert r.status == 400
    earlier = today - datetime.timedelta(days=9)
    r = add(admin_nl, **dict(f, eoi_date=earlier.isoformat()))
    assert r.status == 303, r.describe()
    assert cand(db, f["email"])[0]["eoi"] == earlier


@pytest.mark.parametrize("field, value, key", [
    ("vacancy", None, "cand.new.err.vacancy"),
    ("name", "", "eoi.err.name_missing"),
    ("email", "anna@example.org\r\nBcc: evil@example.net", "eoi.err.email_invalid"),
    ("email", "anna@example.org?body=hello&subject=x", "eoi.err.email_invalid"),
    ("phone", "n/a", "eoi.err.phone_invalid"),
    ("postcode", "", "eoi.err.postcode_missing"),
])
def test_bad_input_comes_back_in_the_form(admin_nl, made, db, field, value, key):
    org = ra.org_of(db, ADMIN_NL)
    vid, code = made.vacancy(org)
    f = hand_fields(made, vid)
    mail = f["email"]
    f[field] = value
    r = add(admin_nl, **f)
    assert r.status == 400, r.describe()
    assert errors(r) == {field: key}
    assert cand(db, mail) == [] and db.one("SELECT COUNT(*) FROM candidates WHERE vacancy_id = %s", vid) == 0


def test_the_same_person_for_the_same_vacancy_is_not_added_twice(admin_nl, made, db, anon):
    org = ra.org_of(db, ADMIN_NL)
    vid, code = made.vacancy(org)
    f = good_fields(made)
    assert apply(anon, code, **f).status == 303
    first = cand(db, f["email"])[0]["id"]
    r = add(admin_nl, **hand_fields(made, vid, email=f["email"], name="Other Name"))
    assert r.status == 303 and r.resp.headers["Location"].endswith("/candidates/%d" % first), r.describe()
    assert len(cand(db, f["email"])) == 1
    page = admin_nl.get(r.resp.headers["Location"])
    assert page.doc.find(data_flash="error") is not None, page.describe()


def test_a_vacancy_of_another_organisation_or_site_is_refused(admin_en, planner, made, db, expect):
    nl_org = ra.org_of(db, ADMIN_NL)
    vid, code = made.vacancy(nl_org)
    f = hand_fields(made, vid)
    r = add(admin_en, **f)
    assert r.status == 400 and errors(r) == {"vacancy": "cand.new.err.vacancy"}, r.describe()
    u = expect.user(PLANNER_NL)
    other_site = db.one("SELECT MIN(id) FROM sites WHERE org_id = %s AND id NOT IN (%s)" %
                        ("%s", ",".join(str(s) for s in u["sites"])), u["org"])
    v2, c2 = made.vacancy(nl_org, site=other_site)
    r = add(planner, **hand_fields(made, v2))
    assert r.status == 400 and errors(r) == {"vacancy": "cand.new.err.vacancy"}, r.describe()
    assert db.one("SELECT COUNT(*) FROM candidates WHERE vacancy_id IN (%s, %s)", vid, v2) == 0


def test_a_referrer_of_another_organisation_or_site_is_refused(admin_en, planner, made, db, expect):
    """The form lists the user's referrers only; a hand-made POST naming
    another organisation's referrer, or (for a user limited to sites) one
    of another site or of none, comes back in the form and adds nobody:
    the referrer is neither credited nor told."""
    u = expect.user(PLANNER_NL)
    nl_org = u["org"]
    en_org = ra.org_of(db, ADMIN_EN)
    sites = ",".join(str(s) for s in u["sites"])
    cases = [
        (admin_en, made.vacancy(en_org)[0],
         db.one("SELECT MIN(id) FROM referrers WHERE org_id = %s", nl_org)),
        (planner, made.vacancy(nl_org, site=u["sites"][0])[0],
         db.one("SELECT MIN(id) FROM referrers WHERE org_id = %%s AND site_id NOT IN (%s)" % sites, nl_org)),
    ]
    db.exec("INSERT INTO referrers (org_id, name, email, code) VALUES (%s, %s, %s, %s)",
            nl_org, "Zonder Locatie", ra.token() + "@example.org", ra.token())
    nosite = db.one("SELECT MAX(id) FROM referrers WHERE org_id = %s", nl_org)
    cases.append((planner, cases[1][1], nosite))
    try:
        for client, vid, rid in cases:
            assert rid, "no such referrer in the demo data"
            f = hand_fields(made, vid, referrer=rid)
            r = add(client, **f)
            assert r.status == 400 and errors(r) == {"referrer": "cand.new.err.referrer"}, r.describe()
            assert r.doc.find(id="f-name").get("value") == f["name"]
            assert cand(db, f["email"]) == []
            assert db.one("SELECT COUNT(*) FROM outbox WHERE recipient = %s", f["email"]) == 0
    finally:
        db.exec("DELETE FROM referrers WHERE id = %s", nosite)
    # the planner's own referrer is taken
    mine = db.one("SELECT MIN(id) FROM referrers WHERE org_id = %%s AND site_id IN (%s)" % sites, nl_org)
    f = hand_fields(made, cases[1][1], referrer=mine)
    r = add(planner, **f)
    assert r.status == 303, r.describe()
    assert cand(db, f["email"])[0]["referrer"] == mine


def test_a_stored_address_that_would_add_to_a_mailto_link_is_shown_as_text(admin_nl, made, db):
    """The forms refuse ?, &, % and # in an address; one stored before
    (or by hand) is shown as text, never as a mailto: link that opens a
    message with someone else's Cc or body."""
    org = ra.org_of(db, ADMIN_NL)
    vid, code = made.vacancy(org)
    f = hand_fields(made, vid)
    r = add(admin_nl, **f)
    assert r.status == 303, r.describe()
    cid = cand(db, f["email"])[0]["id"]
    odd = f["email"] + "?cc=boss@example.net&body=hello"
    db.exec("UPDATE candidates SET email = %s WHERE id = %s", odd, cid)
    page = admin_nl.get("/candidates/%d" % cid)
    assert page.status == 200, page.describe()
    assert odd in page.visible_text()
    links = [a.get("href") for a in page.doc.find_all("a", href=lambda h: h and h.startswith("mailto:"))]
    assert links == [], "mailto: link from a stored address: %r" % links
    db.exec("UPDATE candidates SET email = %s WHERE id = %s", f["email"], cid)
    page = admin_nl.get("/candidates/%d" % cid)
    links = [a.get("href") for a in page.doc.find_all("a", href=lambda h: h and h.startswith("mailto:"))]
    assert links == ["mailto:" + f["email"]], links


# ---------------------------------------------------------------- deleting

def applied_with_points(made, db, anon, site="first"):
    """A candidate through the apply page with two awards (one of them
    already reversed by an undo) and a pending message."""
    org = ra.org_of(db, ADMIN_NL)
    rid, rcode = db.rows("SELECT id, code FROM referrers WHERE org_id = %s LIMIT 1", org)[0]
    vid, code = made.vacancy(org, site=site)
    f = good_fields(made)
    assert apply(anon, code, r=rcode, **f).status == 303
    cid = cand(db, f["email"])[0]["id"]
    ms = db.rows("SELECT m.id, m.mkey, o.id FROM milestones m JOIN outcomes o ON o.milestone_id = m.id "
                 "AND o.color = 'green' WHERE m.org_id = %s ORDER BY m.pos LIMIT 2", org)
    for i, (mid, mkey, oid) in enumerate(ms):
        db.exec("INSERT INTO candidate_events (candidate_id, org_id, kind, milestone_id, outcome_id, "
                "effective_date) VALUES (%s, %s, 'outcome', %s, %s, UTC_DATE())", cid, org, mid, oid)
        ev = db.one("SELECT LAST_INSERT_ID()")
        db.exec("INSERT INTO points_ledger (org_id, referrer_id, candidate_id, event_id, kind, points, reason) "
                "VALUES (%s, %s, %s, %s, 'award', %s, %s)", org, rid, cid, ev, 10 * (i + 1), mkey)
        if i == 0:
            db.exec("INSERT INTO points_ledger (org_id, referrer_id, candidate_id, event_id, kind, points, reason) "
                    "VALUES (%s, %s, %s, %s, 'reversal', -10, %s)", org, rid, cid, ev, mkey)
    db.exec("INSERT INTO outbox (org_id, cause, kind, recipient, payload, candidate_id, status, due_at) "
            "VALUES (%s, %s, 'referrer_outcome', 'x@example.org', '<mail/>', %s, 'pending', "
            "UTC_TIMESTAMP() + INTERVAL 1 HOUR)", org, "test:%d" % cid, cid)
    return cid, rid, f


delete = ra.delete


def test_candidate_page_offers_the_delete_form(admin_nl, made, db, anon):
    cid, rid, f = applied_with_points(made, db, anon)
    page = admin_nl.get("/candidates/%d" % cid)
    form = page.form("/candidates/%d/delete" % cid)
    assert form is not None, page.describe()
    reasons = sorted(n.get("value") for n in form.find_all("input", name="reason"))
    assert reasons == ["duplicate", "other", "test_entry"]
    assert "csrf" in dict(form_fields(form))


def test_delete_reverses_points_cancels_mail_and_hides_the_candidate(admin_nl, made, db, anon):
    cid, rid, f = applied_with_points(made, db, anon)
    balance = db.one("SELECT SUM(points) FROM points_ledger WHERE referrer_id = %s", rid)
    r = delete(admin_nl, cid, reason="test_entry", note="Tried the form")
    assert r.status == 303 and r.resp.headers["Location"].endswith("/candidates"), r.describe()
    c = cand(db, f["email"])[0]
    assert c["deleted"] is not None and c["reason"] == "test_entry"
    # every award reversed once: the candidate's ledger sums to nothing
    assert db.one("SELECT SUM(points) FROM points_ledger WHERE candidate_id = %s", cid) == 0
    assert db.one("SELECT COUNT(*) FROM points_ledger WHERE candidate_id = %s AND kind = 'reversal'", cid) == 2
    assert db.one("SELECT SUM(points) FROM points_ledger WHERE referrer_id = %s", rid) == balance - 20
    assert db.one("SELECT COUNT(*) FROM outbox WHERE candidate_id = %s AND status = 'pending'", cid) == 0
    assert db.one("SELECT COUNT(*) FROM outbox WHERE candidate_id = %s AND status = 'cancelled'", cid) >= 1
    detail = db.one("SELECT detail FROM audit_log WHERE action = 'candidate.delete' AND object_id = %s", cid)
    assert detail == "test_entry: Tried the form"
    page = admin_nl.get(r.resp.headers["Location"])
    assert page.doc.find(data_flash="ok") is not None
    # gone everywhere
    tok = f["name"].split()[-1]
    assert admin_nl.get("/candidates/%d" % cid).status == 404
    assert cid not in admin_nl.get("/candidates?q=" + tok).row_ids()
    assert cid not in admin_nl.get("/archive?q=" + tok).row_ids()
    assert cid not in admin_nl.get("/candidates?sort=eoi").row_ids()
    assert admin_nl.get("/referrers/%d" % rid).doc.find(data_candidate_id=str(cid)) is None
    # a second delete finds nothing and changes nothing
    n = db.one("SELECT COUNT(*) FROM points_ledger WHERE candidate_id = %s", cid)
    assert delete(admin_nl, cid).status == 404
    assert db.one("SELECT COUNT(*) FROM points_ledger WHERE candidate_id = %s", cid) == n


def test_deleting_a_duplicate_leaves_the_other_eoi(admin_nl, made, db, anon):
    org = ra.org_of(db, ADMIN_NL)
    v1, c1 = made.vacancy(org)
    v2, c2 = made.vacancy(org)
    f = good_fields(made)
    assert apply(anon, c1, **f).status == 303
    assert apply(Client(), c2, **f).status == 303
    a, b = [c["id"] for c in cand(db, f["email"])]
    assert delete(admin_nl, b).status == 303
    page = admin_nl.get("/candidates/%d" % a)
    assert page.status == 200 and page.doc.find(data_also=True) is None, "a deleted EOI is still listed"


def test_a_delete_from_a_stale_page_changes_nothing(admin_nl, made, db, anon):
    """Recruiter A has the candidate's page open; B records an outcome
    (with points for the referrer).  A's delete, sent with the version A's
    page showed, is refused with 409 and the page as it is now: B's
    outcome and the award stand, nothing is cancelled or logged."""
    org = ra.org_of(db, ADMIN_NL)
    rid, rcode = db.rows("SELECT id, code FROM referrers WHERE org_id = %s LIMIT 1", org)[0]
    vid, code = made.vacancy(org)
    f = good_fields(made)
    assert apply(anon, code, r=rcode, **f).status == 303
    cid = cand(db, f["email"])[0]["id"]
    page = admin_nl.get("/candidates/%d" % cid)
    stale = dict(form_fields(page.form("/candidates/%d/delete" % cid)))["version"]
    b = Client()
    b.login(ADMIN_NL)
    okey = db.one("SELECT o.okey FROM outcomes o JOIN milestones m ON m.id = o.milestone_id "
                  "WHERE m.org_id = %s AND m.pos = 1 AND o.color = 'green'", org)
    assert rp.post_outcome(b, cid, "contact", okey, stale).status == 303
    # (the stack's mailer may send the pending mail meanwhile: count what
    # a delete would do to it, cancelling)
    before = (cand(db, f["email"]), db.rows("SELECT kind, points FROM points_ledger WHERE candidate_id = %s "
                                            "ORDER BY id", cid),
              db.one("SELECT COUNT(*) FROM outbox WHERE candidate_id = %s AND status = 'cancelled'", cid))
    assert delete(admin_nl, cid, version="").status == 400
    r = delete(admin_nl, cid, version=stale)
    assert r.status == 409, r.describe()
    assert r.doc.find(data_flash="error") is not None and r.name == "candidate", r.describe()
    after = (cand(db, f["email"]), db.rows("SELECT kind, points FROM points_ledger WHERE candidate_id = %s "
                                           "ORDER BY id", cid),
             db.one("SELECT COUNT(*) FROM outbox WHERE candidate_id = %s AND status = 'cancelled'", cid))
    assert after == before
    assert before[0][0]["deleted"] is None and before[2] == 0
    assert db.one("SELECT COUNT(*) FROM audit_log WHERE action = 'candidate.delete' AND object_id = %s", cid) == 0
    # with the page read again, it goes
    assert delete(admin_nl, cid).status == 303
    assert cand(db, f["email"])[0]["deleted"] is not None


@pytest.mark.parametrize("reason, note, status", [
    (None, None, 400),
    ("spam", None, 400),
    ("other", "n" * 501, 400),
])
def test_bad_delete_requests_change_nothing(admin_nl, made, db, anon, reason, note, status):
    cid, rid, f = applied_with_points(made, db, anon)
    r = delete(admin_nl, cid, reason=reason, note=note)
    assert r.status == status, r.describe()
    assert cand(db, f["email"])[0]["deleted"] is None


def test_delete_needs_the_form_token(admin_nl, made, db, anon):
    cid, rid, f = applied_with_points(made, db, anon)
    assert delete(admin_nl, cid, csrf=False).status == 403
    assert cand(db, f["email"])[0]["deleted"] is None


def test_another_organisation_or_site_cannot_delete(admin_en, planner, made, db, anon, expect):
    u = expect.user(PLANNER_NL)
    other_site = db.one("SELECT MIN(id) FROM sites WHERE org_id = %s AND id NOT IN (%s)" %
                        ("%s", ",".join(str(s) for s in u["sites"])), u["org"])
    cid, rid, f = applied_with_points(made, db, anon, site=other_site)
    before = db.one("SELECT COUNT(*) FROM points_ledger WHERE candidate_id = %s", cid)
    assert delete(admin_en, cid).status == 404
    assert delete(planner, cid).status == 404
    assert cand(db, f["email"])[0]["deleted"] is None
    assert db.one("SELECT COUNT(*) FROM points_ledger WHERE candidate_id = %s", cid) == before
