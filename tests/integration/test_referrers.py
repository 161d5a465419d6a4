"""test_referrers.py: the referrer list (referrals, hires, points, search,
sites), adding and editing, the CSV import with its preview, bonus points,
tenant and site separation, escaping.  Expectations come from SQL."""

import re
import urllib.parse
import uuid

import pytest

import rptest
from rptest import ADMIN_EN, ADMIN_NL, PLANNER_NL, form_fields


def uniq(prefix="t"):
    return "%s%s" % (prefix, uuid.uuid4().hex[:10])


def submit(client, page, action_suffix, **values):
    """Post the form of page whose action ends with action_suffix, with
    its own fields (csrf...) and values replacing or adding fields."""
    form = page.form(action_suffix)
    assert form is not None, "no form posting to %s on %s" % (action_suffix, page.describe())
    fields = [(k, v) for k, v in form_fields(form) if k not in values]
    fields += [(k, v) for k, v in values.items() if v is not None]
    action = urllib.parse.urljoin(client.base + "/", form.get("action"))
    return client.post(action, fields)


def user_org(db, email):
    return db.one("SELECT org_id FROM users WHERE email = %s", email)


def some_referrer(db, org, site_ids=None):
    sql = "SELECT id FROM referrers WHERE org_id = %s"
    args = [org]
    if site_ids:
        sql += " AND site_id IN (%s)" % ",".join(["%s"] * len(site_ids))
        args += site_ids
    return db.one(sql + " ORDER BY id LIMIT 1", *args)


def planner_sites(db):
    uid = db.one("SELECT id FROM users WHERE email = %s", PLANNER_NL)
    return db.col("SELECT site_id FROM user_sites WHERE user_id = %s", uid)


def balance(db, rid):
    return int(db.one("SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE referrer_id = %s", rid))


# ---------------------------------------------------------------- the list

def test_list_shows_counts_from_the_database(admin_nl, db):
    org = user_org(db, ADMIN_NL)
    p = admin_nl.get("/referrers")
    assert p.status == 200 and p.name == "referrers", p.describe()
    rows = p.doc.find_all("tr", data_referrer_id=True)
    assert rows, "no referrer rows: " + p.describe()
    total = db.one("SELECT COUNT(*) FROM referrers WHERE org_id = %s", org)
    assert len(rows) == min(total, rptest.PAGE_SIZE)
    started = db.one("SELECT pos FROM milestones WHERE org_id = %s AND mkey = 'started'", org)
    for r in rows[:15]:
        rid = int(r.get("data-referrer-id"))
        assert db.one("SELECT org_id FROM referrers WHERE id = %s", rid) == org
        refs = db.one("SELECT COUNT(*) FROM candidates WHERE referrer_id = %s AND deleted_at IS NULL", rid)
        hires = db.one("SELECT COUNT(*) FROM candidates WHERE referrer_id = %s AND deleted_at IS NULL "
                       "AND stage_pos > %s", rid, started)
        assert int(r.find(data_referrals=True).get("data-referrals")) == refs
        assert int(r.find(data_hires=True).get("data-hires")) == hires
        assert int(r.find(data_points=True).get("data-points")) == balance(db, rid)
    names = [r.find("a").norm_text() for r in rows]
    want = db.col("SELECT name FROM referrers WHERE org_id = %s ORDER BY name, id LIMIT %s",
                  org, rptest.PAGE_SIZE)
    assert names == want


def test_list_search_uses_word_starts(admin_nl, db):
    org = user_org(db, ADMIN_NL)
    name = db.one("SELECT name FROM referrers WHERE org_id = %s ORDER BY id LIMIT 1", org)
    word = rptest.name_words(name)[-1][:3]
    p = admin_nl.get(rptest.list_url("/referrers", q=word))
    assert p.status == 200, p.describe()
    got = sorted(int(r.get("data-referrer-id")) for r in p.doc.find_all("tr", data_referrer_id=True))
    want = sorted(rid for rid, n in db.rows("SELECT id, name FROM referrers WHERE org_id = %s", org)
                  if rptest.words_start(n, word))
    assert want and (got == want if len(want) <= rptest.PAGE_SIZE else set(got) <= set(want))


def test_list_pages(admin_nl, db):
    p = admin_nl.get("/referrers?page=2")
    assert p.status == 200
    p = admin_nl.get("/referrers?page=0")
    assert p.status == 400


def test_planner_sees_only_their_sites(planner, db):
    sites = planner_sites(db)
    assert sites, "the demo planner should be limited to a site"
    p = planner.get("/referrers")
    assert p.status == 200, p.describe()
    ids = [int(r.get("data-referrer-id")) for r in p.doc.find_all("tr", data_referrer_id=True)]
    assert ids
    for rid in ids:
        assert db.one("SELECT site_id FROM referrers WHERE id = %s", rid) in sites
    org = user_org(db, PLANNER_NL)
    other = db.one("SELECT id FROM referrers WHERE org_id = %s AND (site_id IS NULL OR site_id NOT IN (%s)) "
                   "LIMIT 1" % ("%s", ",".join(str(int(s)) for s in sites)), org)
    assert other, "no referrer outside the planner's site in the demo data"
    assert planner.get("/referrers/%d" % other).status == 404
    assert planner.get("/referrers/%d/edit" % other).status == 404
    other_site = db.one("SELECT id FROM sites WHERE org_id = %s AND id NOT IN (%s) LIMIT 1" % (
        "%s", ",".join(str(int(s)) for s in sites)), org)
    assert planner.get("/referrers?site=%d" % other_site).status == 400


def test_other_organisation_is_404(admin_en, db):
    org_nl = user_org(db, ADMIN_NL)
    rid = some_referrer(db, org_nl)
    assert admin_en.get("/referrers/%d" % rid).status == 404
    assert admin_en.get("/referrers/%d/edit" % rid).status == 404
    before = db.rows("SELECT name, email FROM referrers WHERE id = %s", rid)
    page = admin_en.get("/referrers/new")
    # the fields of their own form, sent to the other organisation's referrer
    fields = [(k, v) for k, v in form_fields(page.form("/referrers/new")) if k not in ("name", "email")]
    fields += [("name", "Hijack"), ("email", uniq() + "@example.org")]
    r = admin_en.post("/referrers/%d" % rid, fields)
    assert r.status == 404, r.describe()
    r = admin_en.post("/referrers/%d/bonus" % rid, [("csrf", admin_en.csrf()), ("points", "5"), ("reason", "x")])
    assert r.status == 404, r.describe()
    assert db.rows("SELECT name, email FROM referrers WHERE id = %s", rid) == before


# ---------------------------------------------------------------- add and edit

def test_add_and_edit_referrer(admin_nl, db):
    org = user_org(db, ADMIN_NL)
    site = db.one("SELECT id FROM sites WHERE org_id = %s ORDER BY id LIMIT 1", org)
    email = uniq("ref") + "@Example.org"
    page = admin_nl.get("/referrers/new")
    assert page.status == 200 and page.name == "referrer-form"
    p = submit(admin_nl, page, "/referrers/new", name="  Joke  van  Dam ", email=email,
               phone="06 1234 5678", site=str(site), lang="nl")
    assert p.status == 303, p.describe()
    loc = p.resp.headers["Location"]
    rid = int(re.search(r"/referrers/(\d+)$", loc).group(1))
    row = db.rows("SELECT org_id, site_id, name, email, phone, lang, code FROM referrers WHERE id = %s", rid)[0]
    assert row[:6] == (org, site, "Joke  van  Dam", email.lower(), "06 1234 5678", "nl")
    assert re.fullmatch(r"[a-z0-9]{8,32}", row[6])
    assert db.one("SELECT COUNT(*) FROM name_words WHERE kind = 'r' AND ref_id = %s AND word = 'joke'", rid) == 1
    assert db.one("SELECT COUNT(*) FROM audit_log WHERE action = 'referrer.add' AND object_id = %s", rid) == 1
    shown = admin_nl.get(loc)
    assert shown.status == 200 and shown.doc.find(data_flash="ok") is not None
    # search finds the new name
    found = admin_nl.get(rptest.list_url("/referrers", q="jok"))
    assert str(rid) in [r.get("data-referrer-id") for r in found.doc.find_all("tr", data_referrer_id=True)]

    edit = admin_nl.get("/referrers/%d/edit" % rid)
    assert edit.status == 200
    p = submit(admin_nl, edit, "/referrers/%d" % rid, name="Joke Damsma", phone="")
    assert p.status == 303, p.describe()
    assert db.rows("SELECT name, phone FROM referrers WHERE id = %s", rid)[0] == ("Joke Damsma", "")
    assert db.one("SELECT COUNT(*) FROM name_words WHERE kind = 'r' AND ref_id = %s AND word = 'dam'", rid) == 0
    assert db.one("SELECT COUNT(*) FROM name_words WHERE kind = 'r' AND ref_id = %s AND word = 'damsma'", rid) == 1
    assert db.one("SELECT COUNT(*) FROM audit_log WHERE action = 'referrer.edit' AND object_id = %s", rid) == 1


@pytest.mark.parametrize("values,status,field", [
    ({"name": ""}, 400, "name"),
    ({"email": ""}, 400, "email"),
    ({"email": "not-an-address"}, 400, None),
    ({"email": "a@b.nl\r\nBcc: x@y.z"}, 400, None),
    ({"phone": "call me"}, 400, None),
    ({"phone": "1" * 41}, 400, None),
    ({"name": "x" * 201}, 400, None),
    ({"name": "two\nlines"}, 400, None),
    ({"lang": "de"}, 400, None),
    ({"site": "abc"}, 400, None),
    ({"bogus": "1"}, 400, None),
])
def test_add_refuses_bad_input(admin_nl, db, values, status, field):
    before = db.one("SELECT COUNT(*) FROM referrers")
    page = admin_nl.get("/referrers/new")
    base = {"name": "Bad Input", "email": uniq() + "@example.org"}
    base.update(values)
    p = submit(admin_nl, page, "/referrers/new", **base)
    assert p.status == status, p.describe()
    assert db.one("SELECT COUNT(*) FROM referrers") == before
    if field is not None:
        assert p.name == "referrer-form"
        err = p.doc.find(data_error=True)
        assert err is not None and err.norm_text(), p.describe()


def test_duplicate_email_refused(admin_nl, db):
    org = user_org(db, ADMIN_NL)
    email = db.one("SELECT email FROM referrers WHERE org_id = %s AND email <> '' LIMIT 1", org)
    before = db.one("SELECT COUNT(*) FROM referrers")
    page = admin_nl.get("/referrers/new")
    p = submit(admin_nl, page, "/referrers/new", name="Copy Cat", email=email.upper())
    assert p.status == 409, p.describe()
    assert p.doc.find(data_error="ref.err.duplicate") is not None
    assert p.doc.find("input", id="rf-name").get("value") == "Copy Cat"  # kept what was typed
    assert db.one("SELECT COUNT(*) FROM referrers") == before


def test_site_of_another_organisation_refused(admin_nl, db):
    org_en = user_org(db, ADMIN_EN)
    site = db.one("SELECT id FROM sites WHERE org_id = %s LIMIT 1", org_en)
    before = db.one("SELECT COUNT(*) FROM referrers")
    page = admin_nl.get("/referrers/new")
    p = submit(admin_nl, page, "/referrers/new", name="Wrong Site", email=uniq() + "@example.org",
               site=str(site))
    assert p.status == 400, p.describe()
    assert db.one("SELECT COUNT(*) FROM referrers") == before


def test_planner_must_use_their_site(planner, db):
    org = user_org(db, PLANNER_NL)
    sites = planner_sites(db)
    other = db.one("SELECT id FROM sites WHERE org_id = %s AND id NOT IN (%s) LIMIT 1" % (
        "%s", ",".join(str(int(s)) for s in sites)), org)
    before = db.one("SELECT COUNT(*) FROM referrers")
    page = planner.get("/referrers/new")
    for site in (str(other), ""):
        p = submit(planner, page, "/referrers/new", name="Planner Pick", email=uniq() + "@example.org", site=site)
        assert p.status == 400, p.describe()
    assert db.one("SELECT COUNT(*) FROM referrers") == before
    p = submit(planner, page, "/referrers/new", name="Planner Pick", email=uniq() + "@example.org",
               site=str(sites[0]))
    assert p.status == 303, p.describe()


def test_markup_in_a_name_is_escaped(admin_nl, db):
    name = '<script>alert(1)</script> & "Jan" <b>O\'Neil'
    page = admin_nl.get("/referrers/new")
    p = submit(admin_nl, page, "/referrers/new", name=name, email=uniq() + "@example.org")
    assert p.status == 303, p.describe()
    rid = int(p.resp.headers["Location"].rsplit("/", 1)[1])
    assert db.one("SELECT name FROM referrers WHERE id = %s", rid) == name
    for path in ("/referrers/%d" % rid, "/referrers/%d/edit" % rid, rptest.list_url("/referrers", q="<script>")):
        got = admin_nl.get(path)
        assert got.status == 200, got.describe()
        raw = got.resp.text
        assert "<script>alert" not in raw and "<b>O" not in raw, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw, path
    # the flash that named it came back escaped too
    flash = admin_nl.get("/referrers/%d" % rid)
    assert "<script>alert" not in flash.resp.text


# ---------------------------------------------------------------- bonus

def test_bonus_points(admin_nl, db):
    org = user_org(db, ADMIN_NL)
    rid = some_referrer(db, org)
    before = balance(db, rid)
    page = admin_nl.get("/referrers/%d" % rid)
    assert page.doc.find(data_points=True).get("data-points") == str(before)
    p = submit(admin_nl, page, "/referrers/%d/bonus" % rid, points="25", reason="Kerstbonus <2026>")
    assert p.status == 303, p.describe()
    assert balance(db, rid) == before + 25
    row = db.rows("SELECT kind, points, reason, candidate_id, org_id FROM points_ledger "
                  "WHERE referrer_id = %s ORDER BY id DESC LIMIT 1", rid)[0]
    assert row == ("bonus", 25, "Kerstbonus <2026>", None, org)
    assert db.one("SELECT COUNT(*) FROM audit_log WHERE action = 'referrer.bonus' AND object_id = %s", rid) >= 1
    after = admin_nl.get("/referrers/%d" % rid)
    assert after.doc.find(data_points=True).get("data-points") == str(before + 25)
    assert after.doc.find(data_flash="ok") is not None
    assert "Kerstbonus &lt;2026&gt;" in after.resp.text


@pytest.mark.parametrize("points,reason,status", [
    ("0", "x", 400), ("10001", "x", 400), ("-5", "x", 400), ("abc", "x", 400), ("1.5", "x", 400),
    ("", "x", 400), ("10", "", 400), ("10", "r" * 201, 400), ("10", None, 400),
])
def test_bonus_refuses_bad_input(admin_nl, db, points, reason, status):
    rid = some_referrer(db, user_org(db, ADMIN_NL))
    before = db.one("SELECT COUNT(*) FROM points_ledger WHERE referrer_id = %s", rid)
    page = admin_nl.get("/referrers/%d" % rid)
    p = submit(admin_nl, page, "/referrers/%d/bonus" % rid, points=points, reason=reason)
    assert p.status == status, p.describe()
    assert db.one("SELECT COUNT(*) FROM points_ledger WHERE referrer_id = %s", rid) == before


def test_bonus_needs_csrf(admin_nl, db):
    rid = some_referrer(db, user_org(db, ADMIN_NL))
    before = balance(db, rid)
    p = admin_nl.post("/referrers/%d/bonus" % rid, [("points", "5"), ("reason", "x")])
    assert p.status == 403
    assert balance(db, rid) == before


# ---------------------------------------------------------------- CSV import

def test_csv_import_preview_then_confirm(admin_nl, db):
    org = user_org(db, ADMIN_NL)
    sites = db.rows("SELECT id, name FROM sites WHERE org_id = %s ORDER BY id", org)
    existing = db.one("SELECT email FROM referrers WHERE org_id = %s AND email <> '' LIMIT 1", org)
    good1, good2, good3 = (uniq("csv") + "@example.org" for _ in range(3))
    dup = uniq("dup") + "@example.org"
    lines = [
        "\ufeffNaam;E-mail;Telefoon;Locatie",                       # 1 header (BOM, semicolons)
        "Anna de Vries;%s;06 12345678;%s" % (good1, sites[0][1]),  # 2 good
        "",                                                         # 3 empty
        "\"Jansen; Joop\";%s;;%s" % (good2, sites[1][1].upper()),  # 4 good, quoted, site any case
        "Bad Mail;not-an-email;;",                                 # 5 bad email
        "Nowhere;%s;;Atlantis" % (uniq() + "@example.org"),        # 6 unknown site
        "Twice;%s;;" % dup,                                        # 7 good
        "Twice Again;%s;;" % dup.upper(),                          # 8 duplicate of line 7
        "Old Hand;%s;;" % existing,                                # 9 exists already
        "Too;many@example.org;1;%s;extra" % sites[0][1],           # 10 too many fields
        "Phone;%s;call me;" % (uniq() + "@example.org"),           # 11 bad phone
        "\"Say \"\"hi\"\"\";%s;;" % good3,                         # 12 good, doubled quotes
        ";%s;;" % (uniq() + "@example.org"),                       # 13 no name
        "\"Open quote;x@example.org;;",                            # 14 unterminated: to the end
        "Swallowed;y@example.org;;",                               # (part of line 14's field)
    ]
    text = "\r\n".join(lines)
    before = db.one("SELECT COUNT(*) FROM referrers WHERE org_id = %s", org)
    page = admin_nl.get("/referrers/import")
    assert page.status == 200 and page.name == "referrers-import"
    prev = submit(admin_nl, page, "/referrers/import", csv=text)
    assert prev.status == 200, prev.describe()
    assert db.one("SELECT COUNT(*) FROM referrers WHERE org_id = %s", org) == before, "preview wrote"
    rows = {int(r.get("data-line")): (r.get("data-status"), r.get("data-error"))
            for r in prev.doc.find_all("tr", data_line=True)}
    want = {
        2: ("ok", ""), 4: ("ok", ""), 5: ("error", "import.err.email"),
        6: ("error", "import.err.site"), 7: ("ok", ""), 8: ("error", "import.err.duplicate_line"),
        9: ("error", "import.err.duplicate"), 10: ("error", "import.err.too_many"),
        11: ("error", "import.err.phone"), 12: ("ok", ""), 13: ("error", "import.err.name"),
        14: ("error", "import.err.quote"),
    }
    assert rows == want
    # every error is said in words
    for r in prev.doc.find_all("tr", data_status="error"):
        assert any("imp-error" in (x.get("class") or "") and x.norm_text() for x in r.find_all("span")), \
            "line %s has no error text" % r.get("data-line")

    conf = submit(admin_nl, prev, "/referrers/import", step="confirm")
    # the confirm form is the first one; it carries the text back
    assert conf.status == 303, conf.describe()
    assert conf.resp.headers["Location"].endswith("/referrers")
    after = db.one("SELECT COUNT(*) FROM referrers WHERE org_id = %s", org)
    assert after == before + 4
    got = db.rows("SELECT name, email, phone, site_id FROM referrers WHERE org_id = %s AND email IN (%%s, %%s, %%s, %%s)"
                  % "%s", org, good1, good2, good3, dup)
    assert sorted(got) == sorted([
        ("Anna de Vries", good1, "06 12345678", sites[0][0]),
        ("Jansen; Joop", good2, "", sites[1][0]),
        ('Say "hi"', good3, "", None),
        ("Twice", dup, "", None),
    ])
    codes = db.col("SELECT code FROM referrers WHERE email IN (%s, %s, %s, %s)", good1, good2, good3, dup)
    assert len(set(codes)) == 4
    assert db.one("SELECT COUNT(*) FROM name_words w JOIN referrers r ON r.id = w.ref_id AND w.kind = 'r' "
                  "WHERE r.email = %s", good1) == 3
    assert db.one("SELECT COUNT(*) FROM audit_log WHERE action = 'referrer.import' AND org_id = %s", org) >= 1
    done = admin_nl.get("/referrers")
    assert done.doc.find(data_flash="ok") is not None
    assert "4" in done.doc.find(data_flash="ok").norm_text()

    # confirming the same text again imports nothing (all duplicates now)
    again = submit(admin_nl, prev, "/referrers/import", step="confirm")
    assert again.status == 400, again.describe()
    assert db.one("SELECT COUNT(*) FROM referrers WHERE org_id = %s", org) == after


@pytest.mark.parametrize("body,status", [
    ("", 400),                               # nothing pasted
    ("\xff", None),                          # requests sends it as UTF-8: fine, one bad line
    ("a" * 200001, 400),                     # over the size limit
], ids=["empty", "latin1-char", "oversized"])
def test_csv_import_bad_posts(admin_nl, db, body, status):
    before = db.one("SELECT COUNT(*) FROM referrers")
    page = admin_nl.get("/referrers/import")
    p = submit(admin_nl, page, "/referrers/import", csv=body, step="confirm")
    assert p.status >= 400 and p.status < 500, p.describe()
    if status is not None:
        assert p.status == status
    assert db.one("SELECT COUNT(*) FROM referrers") == before


def test_csv_import_broken_utf8_is_refused(admin_nl, db):
    before = db.one("SELECT COUNT(*) FROM referrers")
    csrf = admin_nl.csrf()
    raw = "csrf=%s&step=preview&csv=Anna%%2Ca%%40b.nl%%0A%%FF%%FE%%2Cx%%40y.nl" % csrf
    p = admin_nl.post("/referrers/import", raw,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert p.status == 400 and p.name == "error", p.describe()
    assert db.one("SELECT COUNT(*) FROM referrers") == before


def test_csv_import_too_many_lines(admin_nl, db):
    text = "\n".join("N%d,n%d-%s@example.org" % (i, i, uniq()) for i in range(1001))
    before = db.one("SELECT COUNT(*) FROM referrers")
    page = admin_nl.get("/referrers/import")
    prev = submit(admin_nl, page, "/referrers/import", csv=text)
    assert prev.status == 200
    assert prev.doc.find(data_error="import.too_many") is not None
    assert prev.form("/referrers/import") is not None
    p = submit(admin_nl, page, "/referrers/import", csv=text, step="confirm")
    assert p.status == 413, p.describe()
    assert db.one("SELECT COUNT(*) FROM referrers") == before


def test_csv_import_preview_of_the_most_lines_arrives_whole(admin_nl, db):
    # The largest page a user can ask for: several FastCGI records of the
    # program's own (lib/fcgiout.c), which nginx must join into one body.
    text = "\n".join("Naam %d,n%d-%s@example.org" % (i, i, uniq()) for i in range(1000))
    page = admin_nl.get("/referrers/import")
    prev = submit(admin_nl, page, "/referrers/import", csv=text)
    assert prev.status == 200, prev.describe()
    body = prev.resp.content
    assert len(body) > 3 * 65535, "the preview is only %d bytes" % len(body)
    assert int(prev.resp.headers["Content-Length"]) == len(body)
    assert body.rstrip().endswith(b"</html>")
    lines = [int(r.get("data-line")) for r in prev.doc.find_all("tr", data_line=True)]
    assert lines == list(range(1, 1001))
    assert all(r.get("data-status") == "ok" for r in prev.doc.find_all("tr", data_line=True))


def test_csv_import_planner_limited_to_their_site(planner, db):
    org = user_org(db, PLANNER_NL)
    sites = planner_sites(db)
    mine = db.one("SELECT name FROM sites WHERE id = %s", sites[0])
    other = db.one("SELECT name FROM sites WHERE org_id = %s AND id NOT IN (%s) LIMIT 1" % (
        "%s", ",".join(str(int(s)) for s in sites)), org)
    text = "A One,%s,,%s\nB Two,%s,,%s\nC Three,%s,," % (
        uniq() + "@example.org", mine, uniq() + "@example.org", other, uniq() + "@example.org")
    page = planner.get("/referrers/import")
    prev = submit(planner, page, "/referrers/import", csv=text)
    rows = {int(r.get("data-line")): r.get("data-error") for r in prev.doc.find_all("tr", data_line=True)}
    assert rows == {1: "", 2: "import.err.site", 3: "import.err.site_required"}
