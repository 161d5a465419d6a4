"""test_apply.py: the public apply page /apply/{code}?r={referrer code}
(issue 5 item 2; DESIGN.md 4.3, 6; docs/page-xml.md "apply").

What one submission writes in one transaction (candidate, name index,
three messages, audit row), the duplicate and first-referrer rules, every
kind of bad input (answered 400 with the form as typed and a message next
to the field, nothing written), header injection, markup in a name,
closed and unknown vacancies, the rate limit, the language.
"""

import datetime

import pytest

import rptest
from rptest import ADMIN_EN, ADMIN_NL, Client, form_fields
import rpapply as ra
from rpapply import apply, apply_form, good_fields


@pytest.fixture
def nl(db):
    """The Dutch organisation: id, admin user id, two referrers (id, code, name)."""
    org = ra.org_of(db, ADMIN_NL)
    admin = db.one("SELECT id FROM users WHERE email = %s", ADMIN_NL)
    refs = db.rows("SELECT id, code, name, email FROM referrers WHERE org_id = %s AND email <> '' "
                   "ORDER BY id LIMIT 2", org)
    assert len(refs) == 2, "the Dutch organisation needs two referrers with an email"
    return {"org": org, "admin": admin, "refs": refs}


def one(db, email):
    r = db.rows("SELECT id, org_id, site_id, vacancy_id, referrer_id, name, email, phone, postcode, "
                "note, lang, status, stage_pos, progress, version, deleted_at, "
                "TIMESTAMPDIFF(SECOND, eoi_at, UTC_TIMESTAMP()), "
                "TIMESTAMPDIFF(SECOND, updated_at, UTC_TIMESTAMP()), right_to_work "
                "FROM candidates WHERE email = %s ORDER BY id", email)
    keys = ("id", "org", "site", "vacancy", "referrer", "name", "email", "phone", "postcode", "note",
            "lang", "status", "stage_pos", "progress", "version", "deleted", "eoi_age", "upd_age", "rtw")
    return [dict(zip(keys, x)) for x in r]


def errors(page):
    """{field: key} of the messages next to the fields."""
    return {n.get("data-field"): n.get("data-error") for n in page.doc.find_all(data_error=True)
            if n.get("data-field")}


def has_class(page, cls):
    return [n for n in page.doc.iter() if cls in n.get("class", "").split()]


def typed(page, name):
    n = page.doc.find(id="f-" + name)
    assert n is not None, "no field %s on %s" % (name, page.describe())
    return n.text() if n.tag == "textarea" else n.get("value")


# ---------------------------------------------------------------- the page

def test_apply_page_is_public_and_has_the_form(made, nl, anon):
    vid, code = made.vacancy(nl["org"])
    page, form = apply_form(anon, code, r=nl["refs"][0][1])
    assert page.status == 200, page.describe()
    assert page.name == "apply"
    assert form is not None, "no form posting to /apply/" + code
    names = [k for k, _ in form_fields(form)]
    for f in ("csrf", "name", "email", "phone", "postcode", "note"):
        assert f in names, "field %s missing from the apply form" % f
    assert page.doc.find(id="f-consent") is not None, "no consent checkbox"
    assert "r=" + nl["refs"][0][1] in form.get("action"), "the form drops the referrer code"
    assert not has_class(page, "sidebar"), "the apply page shows the portal menu"
    assert rptest.cat_plain(page.lang, "apply.privacy_title") in page.visible_text()


def test_a_signed_in_visitor_sees_the_public_page(made, nl, admin_nl):
    vid, code = made.vacancy(nl["org"])
    page = admin_nl.get("/apply/" + code)
    assert page.status == 200 and page.name == "apply", page.describe()
    assert not has_class(page, "sidebar"), "the apply page shows the portal menu"
    assert not has_class(page, "usermenu"), "the apply page shows who is signed in"


@pytest.mark.parametrize("header, query, want", [
    ("nl-NL,nl;q=0.9,en;q=0.5", None, "nl"),
    ("en-GB,en;q=0.9", None, "en"),
    ("de-DE,de;q=0.9,en;q=0.5", None, "en"),
    ("en-GB,en;q=0.9", "nl", "nl"),
    ("nl-NL", "en", "en"),
])
def test_language_follows_the_browser_with_a_switch(made, nl, anon, header, query, want):
    vid, code = made.vacancy(nl["org"])
    page, form = apply_form(anon, code, lang=query, headers={"Accept-Language": header})
    assert page.status == 200 and page.lang == want, page.describe()
    assert rptest.cat_plain(want, "apply.form_title") in page.visible_text()
    # the switch: links to both languages that keep the page
    links = [a.get("href") for a in page.doc.find_all("a", hreflang=True)]
    assert any("lang=nl" in h for h in links) and any("lang=en" in h for h in links), links
    assert "lang=" + want in form.get("action")


def test_unknown_code_is_a_friendly_404(anon):
    page = anon.get("/apply/nosuchcode123")
    assert page.status == 404, page.describe()
    assert page.name == "apply"
    assert page.doc.find(data_gone="unknown") is not None
    assert rptest.cat_plain(page.lang, "apply.unknown_title") in page.visible_text()
    assert anon.get("/apply/").status == 404
    assert anon.get("/apply/a.b").status == 404


def test_closed_vacancy_is_a_friendly_410_and_takes_nothing(made, nl, anon, db):
    vid, code = made.vacancy(nl["org"], is_open=0)
    page = anon.get("/apply/" + code)
    assert page.status == 410, page.describe()
    assert page.doc.find(data_gone="closed") is not None
    assert page.doc.find("form", action=lambda a: "/apply/" in a) is None
    # a form opened before it closed: nothing is taken
    vid2, code2 = made.vacancy(nl["org"])
    p, form = apply_form(anon, code2)
    db.exec("UPDATE vacancies SET is_open = 0 WHERE id = %s", vid2)
    f = good_fields(made)
    data = dict(form_fields(form))
    data.update(f)
    r = anon.post(form.get("action"), list(data.items()))
    assert r.status == 410, r.describe()
    assert one(db, f["email"]) == []


# ---------------------------------------------------------------- a submission

def test_submission_creates_the_candidate_in_one_go(made, nl, anon, db):
    ref_id, ref_code = nl["refs"][0][0], nl["refs"][0][1]
    vid, code = made.vacancy(nl["org"], watchers=[nl["admin"]])
    site = db.one("SELECT site_id FROM vacancies WHERE id = %s", vid)
    f = good_fields(made)
    f["note"] = "Best in the morning"
    r = apply(anon, code, r=ref_code, lang="en", **f)
    assert r.status == 303, r.describe()
    loc = r.resp.headers["Location"]
    assert loc.endswith("/apply/%s/thanks?lang=en" % code), loc
    thanks = anon.get(loc)
    assert thanks.status == 200 and thanks.name == "apply-thanks", thanks.describe()
    assert thanks.doc.find(data_flash="ok") is not None

    rows = one(db, f["email"])
    assert len(rows) == 1
    c = rows[0]
    assert (c["org"], c["site"], c["vacancy"], c["referrer"]) == (nl["org"], site, vid, ref_id)
    assert (c["name"], c["phone"], c["postcode"], c["note"]) == (f["name"], f["phone"], f["postcode"], f["note"])
    assert (c["status"], c["stage_pos"], c["version"], c["lang"]) == ("action", 1, 1, "en")
    nms = db.one("SELECT COUNT(*) FROM milestones WHERE org_id = %s", nl["org"])
    assert c["progress"] == "-" * nms
    assert c["eoi_age"] < 120 and c["upd_age"] < 120 and c["deleted"] is None
    assert c["rtw"] is None
    # name index: the candidate is found by its name's words
    words = db.col("SELECT word FROM name_words WHERE kind = 'c' AND ref_id = %s", c["id"])
    assert sorted(words) == sorted(w.lower() for w in f["name"].split()), words
    # the three messages, queued in the same transaction
    out = db.rows("SELECT kind, recipient, lang FROM outbox WHERE candidate_id = %s ORDER BY kind", c["id"])
    kinds = {k: (rcp, lang) for k, rcp, lang in out}
    assert set(kinds) == {"new_candidate", "referrer_eoi", "candidate_thanks"}, out
    assert kinds["new_candidate"][0] == ADMIN_NL
    assert kinds["referrer_eoi"][0] == nl["refs"][0][3]
    assert kinds["candidate_thanks"] == (f["email"], "en")
    assert db.one("SELECT COUNT(*) FROM audit_log WHERE action = 'candidate.apply' AND object_id = %s",
                  c["id"]) == 1


def test_the_three_mails_arrive(made, nl, anon, db):
    vid, code = made.vacancy(nl["org"], watchers=[nl["admin"]])
    f = good_fields(made)
    r = apply(anon, code, r=nl["refs"][0][1], **f)
    assert r.status == 303, r.describe()
    cid = one(db, f["email"])[0]["id"]
    assert db.one("SELECT COUNT(*) FROM outbox WHERE candidate_id = %s", cid) == 3
    if ra.mailer_binary() is None:
        return      # no mailer built: the outbox rows are what can be checked
    token = f["name"].split()[-1]
    got = ra.wait_mails(lambda m, t: token in t, 3)
    to = sorted(str(m["To"]) for _, m, _ in got)
    assert len(got) == 3, "mails with %s in the sink (%s): %s" % (token, ra.mail_dir(), to)
    rcpts = " ".join(to)
    for addr in (ADMIN_NL, nl["refs"][0][3], f["email"]):
        assert addr in rcpts, "no mail to %s: %s" % (addr, to)


def test_same_email_same_vacancy_again_creates_nothing(made, nl, anon, db):
    vid, code = made.vacancy(nl["org"])
    f = good_fields(made)
    r1 = apply(anon, code, **f)
    assert r1.status == 303, r1.describe()
    n_out = db.one("SELECT COUNT(*) FROM outbox WHERE candidate_id IN "
                   "(SELECT id FROM candidates WHERE email = %s)", f["email"])
    f2 = dict(f, name="Someone Else", phone="0612345679", email=f["email"].upper())
    r2 = apply(Client(), code, r=nl["refs"][1][1], **f2)
    assert r2.status == 303, r2.describe()
    assert r2.resp.headers["Location"] == r1.resp.headers["Location"], "not the same thank-you"
    rows = one(db, f["email"])
    assert len(rows) == 1 and rows[0]["name"] == f["name"] and rows[0]["referrer"] is None
    assert db.one("SELECT COUNT(*) FROM outbox WHERE candidate_id = %s", rows[0]["id"]) == n_out


def test_another_vacancy_makes_a_second_candidate_and_both_show_it(made, nl, anon, db, admin_nl):
    v1, c1 = made.vacancy(nl["org"], title="Job one " + ra.token())
    v2, c2 = made.vacancy(nl["org"], title="Job two " + ra.token())
    f = good_fields(made)
    assert apply(anon, c1, **f).status == 303
    assert apply(Client(), c2, **f).status == 303
    rows = one(db, f["email"])
    assert [r["vacancy"] for r in rows] == [v1, v2]
    for me, other, title in ((rows[0], rows[1], "Job two"), (rows[1], rows[0], "Job one")):
        page = admin_nl.get("/candidates/%d" % me["id"])
        assert page.status == 200, page.describe()
        also = page.doc.find(data_also=str(other["id"]))
        assert also is not None, "candidate %d does not show the other EOI: %s" % (me["id"], page.describe())
        assert title in also.norm_text()
        assert also.find("a", href=lambda h: h.endswith("/candidates/%d" % other["id"])) is not None


def test_the_first_referrer_keeps_the_credit(made, nl, anon, db):
    (a_id, a_code, _, _), (b_id, b_code, _, _) = nl["refs"]
    v1, c1 = made.vacancy(nl["org"])
    v2, c2 = made.vacancy(nl["org"])
    f = good_fields(made)
    assert apply(anon, c1, r=a_code, **f).status == 303
    assert apply(Client(), c2, r=b_code, **f).status == 303
    rows = one(db, f["email"])
    assert [r["referrer"] for r in rows] == [a_id, a_id]
    # the second referrer is told nothing about a friend that is not theirs
    assert db.one("SELECT COUNT(*) FROM outbox WHERE candidate_id = %s AND kind = 'referrer_eoi' "
                  "AND recipient = (SELECT email FROM referrers WHERE id = %s)", rows[1]["id"], b_id) == 0


def test_a_referrer_code_of_another_organisation_gives_no_credit(made, nl, anon, db):
    other = db.one("SELECT code FROM referrers WHERE org_id <> %s LIMIT 1", nl["org"])
    vid, code = made.vacancy(nl["org"])
    f = good_fields(made)
    assert apply(anon, code, r=other, **f).status == 303
    assert one(db, f["email"])[0]["referrer"] is None
    f2 = good_fields(made)
    assert apply(Client(), code, r="nosuchreferrer", **f2).status == 303
    assert one(db, f2["email"])[0]["referrer"] is None


def test_right_to_work_is_asked_when_the_vacancy_says_so(made, nl, anon, db):
    vid, code = made.vacancy(nl["org"], rtw=1)
    page, form = apply_form(anon, code)
    assert page.doc.find("input", name="right_to_work") is not None
    f = good_fields(made)
    r = apply(anon, code, **f)
    assert r.status == 400 and errors(r) == {"right_to_work": "eoi.err.rtw_missing"}, r.describe()
    r = apply(anon, code, right_to_work="no", **f)
    assert r.status == 303, r.describe()
    assert one(db, f["email"])[0]["rtw"] == 0
    # a vacancy that does not ask has no such field, and stores nothing
    v2, c2 = made.vacancy(nl["org"])
    page, form = apply_form(anon, c2)
    assert page.doc.find("input", name="right_to_work") is None


# ---------------------------------------------------------------- bad input

def test_missing_consent_keeps_what_was_typed(made, nl, anon, db):
    vid, code = made.vacancy(nl["org"])
    f = good_fields(made)
    f["note"] = "Bel na vijven"
    r = apply(anon, code, drop=("consent",), lang="nl", **{k: v for k, v in f.items() if k != "consent"})
    assert r.status == 400, r.describe()
    assert r.name == "apply"
    assert errors(r) == {"consent": "eoi.err.consent_missing"}
    assert rptest.cat_plain("nl", "eoi.err.consent_missing") in r.visible_text()
    for k in ("name", "email", "phone", "postcode", "note"):
        assert typed(r, k) == f[k], "the form lost %s" % k
    assert "checked" not in r.doc.find(id="f-consent").attrs
    assert r.doc.find(id="f-consent").get("aria-invalid") == "true"
    assert one(db, f["email"]) == []


@pytest.mark.parametrize("field, value, key", [
    ("name", "", "eoi.err.name_missing"),
    ("name", "A" * 101, "eoi.err.name_long"),
    ("name", "Anna\nde Vries", "eoi.err.name_invalid"),
    ("email", "", "eoi.err.email_missing"),
    ("email", "anna", "eoi.err.email_invalid"),
    ("email", "anna@example", "eoi.err.email_invalid"),
    ("email", "anna@@example.org", "eoi.err.email_invalid"),
    ("email", "a" * 250 + "@example.org", "eoi.err.email_long"),
    ("phone", "", "eoi.err.phone_missing"),
    ("phone", "call me", "eoi.err.phone_invalid"),
    ("phone", "12345", "eoi.err.phone_invalid"),
    ("phone", "0" * 31, "eoi.err.phone_invalid"),
    ("postcode", "", "eoi.err.postcode_missing"),
    ("postcode", "35<11>", "eoi.err.postcode_invalid"),
    ("postcode", "1" * 11, "eoi.err.postcode_invalid"),
    ("note", "n" * 2001, "eoi.err.note_long"),
])
def test_each_bad_field_is_named_next_to_it(made, nl, anon, db, field, value, key):
    vid, code = made.vacancy(nl["org"])
    f = good_fields(made)
    mail = f["email"]
    f[field] = value
    r = apply(anon, code, **f)
    assert r.status == 400, r.describe()
    assert errors(r) == {field: key}, r.describe()
    assert r.doc.find(id="f-" + field).get("aria-invalid") == "true"
    assert typed(r, field) == value.strip() or field == "name" and "\n" in value
    assert one(db, mail) == []
    assert db.one("SELECT COUNT(*) FROM candidates WHERE vacancy_id = %s", vid) == 0


def test_several_mistakes_are_all_named(made, nl, anon):
    vid, code = made.vacancy(nl["org"])
    r = apply(anon, code, name="", email="x", phone="", postcode="", drop=("consent",))
    assert r.status == 400
    assert set(errors(r)) == {"name", "email", "phone", "postcode", "consent"}
    summary = has_class(r, "error-summary")
    assert summary and len(summary[0].find_all("a")) == 5


@pytest.mark.parametrize("value", [
    "anna@example.org\r\nBcc: evil@example.net",
    "anna@example.org\nBcc: evil@example.net",
    "anna@example.org\rBcc:evil@example.net",
    "anna@example.org%0d%0aBcc:evil@example.net",
    "anna@example.org\r\n",      # trimmed: fine
])
def test_header_injection_in_the_email_field_is_impossible(made, nl, anon, db, value):
    vid, code = made.vacancy(nl["org"])
    f = good_fields(made)
    f["email"] = value
    r = apply(anon, code, **f)
    if value.strip() == "anna@example.org":
        made.emails.append("anna@example.org")
        assert r.status == 303, r.describe()
        assert one(db, "anna@example.org")[0]["email"] == "anna@example.org"
        return
    assert r.status == 400, r.describe()
    assert errors(r) == {"email": "eoi.err.email_invalid"}
    assert db.one("SELECT COUNT(*) FROM outbox WHERE recipient LIKE %s OR payload LIKE %s",
                  "%evil@example.net%", "%evil@example.net%") == 0
    assert db.one("SELECT COUNT(*) FROM candidates WHERE email LIKE %s", "%evil@example.net%") == 0


def test_an_oversized_form_is_refused_whole(made, nl, anon, db):
    vid, code = made.vacancy(nl["org"])
    f = good_fields(made)
    f["note"] = "x" * (2 * 1024 * 1024)
    page, form = apply_form(anon, code)
    data = dict(form_fields(form))
    data.update(f)
    r = anon.post(form.get("action"), list(data.items()))
    assert r.status == 413, r.describe()
    assert one(db, f["email"]) == []


def test_unknown_and_repeated_fields_are_400(made, nl, anon, db):
    vid, code = made.vacancy(nl["org"])
    page, form = apply_form(anon, code)
    base = form_fields(form) + list(good_fields(made).items())
    for extra in ([("admin", "1")], [("name", "Twice")]):
        r = anon.post(form.get("action"), base + extra)
        assert r.status == 400, r.describe()
    assert db.one("SELECT COUNT(*) FROM candidates WHERE vacancy_id = %s", vid) == 0


def test_a_post_without_the_form_token_is_refused(made, nl, anon, db):
    vid, code = made.vacancy(nl["org"])
    f = good_fields(made)
    r = anon.post("/apply/" + code, list(f.items()))
    assert r.status == 403, r.describe()
    assert one(db, f["email"]) == []


def test_markup_in_a_name_is_shown_escaped_everywhere(made, nl, anon, db, admin_nl):
    tok = ra.token()
    name = '%s <b id="rp-x">Mark</b> <script>alert(1)</script>&amp;' % tok
    ref_id, ref_code = nl["refs"][0][0], nl["refs"][0][1]
    vid, code = made.vacancy(nl["org"], watchers=[nl["admin"]])
    f = good_fields(made, name=name)
    assert apply(anon, code, r=ref_code, **f).status == 303
    cid = one(db, f["email"])[0]["id"]
    assert one(db, f["email"])[0]["name"] == name
    pages = [admin_nl.get("/candidates?q=" + tok), admin_nl.get("/candidates/%d" % cid),
             admin_nl.get("/referrers/%d" % ref_id), admin_nl.get("/candidates?sort=name&q=" + tok)]
    for p in pages:
        assert p.status == 200, p.describe()
        assert '<b id="rp-x">' not in p.text and "<script>alert(1)" not in p.text, p.resp.url
        assert p.doc.find(id="rp-x") is None
        assert name in p.visible_text() or name in p.doc.norm_text(), "name not shown as text on " + p.resp.url
    if ra.mailer_binary() is not None:
        got = ra.wait_mails(lambda m, t: tok in t, 3)
        assert len(got) == 3, "mails about %s: %d" % (tok, len(got))
        for path, m, t in got:
            for part in m.walk():
                if part.get_content_type() == "text/html":
                    html = part.get_content()
                    assert "<script>alert(1)" not in html and '<b id="rp-x">' not in html, path


# ---------------------------------------------------------------- rate limit

def test_submissions_are_rate_limited_per_address(made, nl, db):
    addr = "127.0.0.140"
    made.addrs.append(addr)
    ra.clear_attempts(db, addr)
    vid, code = made.vacancy(nl["org"])
    c = Client(source=addr)
    for i in range(10):
        r = apply(c, code, name="")          # wrong, but counted
        assert r.status == 400, "submission %d: %s" % (i + 1, r.describe())
    f = good_fields(made)
    r = apply(c, code, **f)
    assert r.status == 429, r.describe()
    assert r.name == "apply" and r.doc.find(data_gone="limited") is not None
    assert r.resp.headers.get("Retry-After")
    assert one(db, f["email"]) == []
    # another address is not held back
    assert apply(Client(), code, **f).status == 303
    # an hour later the address may send again
    db.exec("UPDATE apply_attempts SET created_at = created_at - INTERVAL 61 MINUTE WHERE addr = %s", addr)
    f2 = good_fields(made)
    assert apply(c, code, **f2).status == 303
