"""test_vacancies.py: /vacancies, /vacancies/new and /vacancies/{id}
(issue 5 items 1 and 7; DESIGN.md 4.3, 4.4, 6; docs/page-xml.md
"vacancies", "vacancy").

The list against the database (open and closed, live candidates, a
site-limited recruiter's sites only), creating and editing with the
people emailed, the public code and links, the referrer search for a
share link, bad input (400 with the form as typed, nothing written),
another organisation's or another site's vacancy (404, nothing changed),
markup in a title.
"""

import re
import urllib.parse

import pytest

import rptest
from rptest import ADMIN_EN, ADMIN_NL, PLANNER_NL, form_fields
import rpapply as ra


@pytest.fixture
def made(db):
    m = ra.Made(db)
    yield m
    m.cleanup()


def vacancy_row(db, vid):
    r = db.rows("SELECT org_id, site_id, code, title, location, postcode, description, is_open, "
                "right_to_work, created_by FROM vacancies WHERE id = %s", vid)
    if not r:
        return None
    keys = ("org", "site", "code", "title", "location", "postcode", "description", "open", "rtw", "created_by")
    return dict(zip(keys, r[0]))


def watchers(db, vid):
    return sorted(db.col("SELECT user_id FROM vacancy_watchers WHERE vacancy_id = %s", vid))


def errors(page):
    return {n.get("data-field"): n.get("data-error") for n in page.doc.find_all(data_error=True)
            if n.get("data-field")}


def form_of(page, suffix):
    f = page.form(suffix, method="post")
    assert f is not None, "no POST form to %s on %s" % (suffix, page.describe())
    return f


def post_form(client, page, suffix, drop=(), **values):
    """Post a vacancy form back as a browser would, with values changed
    (a list value sends the key several times; None unticks a box)."""
    f = form_of(page, suffix)
    data = [(k, v) for k, v in form_fields(f) if k not in values and k not in drop]
    for k, v in values.items():
        if v is None:
            continue
        if isinstance(v, (list, tuple)):
            data += [(k, str(x)) for x in v]
        else:
            data.append((k, str(v)))
    return client.post(f.get("action"), data)


def new_vacancy(client, made, db, **values):
    page = client.get("/vacancies/new")
    assert page.status == 200, page.describe()
    values.setdefault("title", "Verzorgende IG " + ra.token())
    r = post_form(client, page, "/vacancies/new", **values)
    if r.status == 303:
        m = re.search(r"/vacancies/(\d+)$", r.resp.headers["Location"])
        assert m, r.resp.headers["Location"]
        made.track_vacancy(int(m.group(1)))
        return r, int(m.group(1))
    return r, None


# ---------------------------------------------------------------- the list

@pytest.mark.parametrize("who", [ADMIN_NL, PLANNER_NL, ADMIN_EN])
def test_list_shows_the_users_vacancies_with_live_counts(request, db, expect, who):
    client = request.getfixturevalue({ADMIN_NL: "admin_nl", PLANNER_NL: "planner", ADMIN_EN: "admin_en"}[who])
    u = expect.user(who)
    rows = db.rows("SELECT v.id, v.is_open, v.site_id, (SELECT COUNT(*) FROM candidates c WHERE "
                   "c.vacancy_id = v.id AND c.deleted_at IS NULL AND c.status IN ('action','waiting','complete')) "
                   "FROM vacancies v WHERE v.org_id = %s ORDER BY v.is_open DESC, v.title, v.id", u["org"])
    if u["sites"]:
        rows = [r for r in rows if r[2] in u["sites"]]
    page = client.get("/vacancies")
    assert page.status == 200 and page.name == "vacancies", page.describe()
    shown = page.doc.find_all(data_vacancy_id=True)
    assert [int(n.get("data-vacancy-id")) for n in shown] == [r[0] for r in rows]
    for n, r in zip(shown, rows):
        assert n.get("data-open") == str(r[1])
        assert n.find(data_live=str(r[3])) is not None, "live count of vacancy %d" % r[0]
        assert n.find("a", href=lambda h: h.endswith("/vacancies/%d" % r[0])) is not None
    assert any(r[1] == 0 for r in rows) or who != ADMIN_NL, "demo data should have a closed vacancy"


def test_list_needs_a_session(anon):
    r = anon.get("/vacancies")
    assert r.status == 303 and "/login" in r.resp.headers["Location"]


# ---------------------------------------------------------------- creating

def test_new_form_defaults_to_open_and_the_creator(admin_nl, db):
    me = db.one("SELECT id FROM users WHERE email = %s", ADMIN_NL)
    page = admin_nl.get("/vacancies/new")
    assert page.status == 200 and page.name == "vacancy", page.describe()
    f = dict(form_fields(form_of(page, "/vacancies/new")))
    assert f.get("open") == "1"
    assert "right_to_work" not in f
    assert f.get("watcher") == str(me), "only the creator is ticked: %r" % f


def test_create_a_vacancy(admin_nl, made, db):
    org = ra.org_of(db, ADMIN_NL)
    me = db.one("SELECT id FROM users WHERE email = %s", ADMIN_NL)
    other = db.one("SELECT id FROM users WHERE org_id = %s AND id <> %s LIMIT 1", org, me)
    site = db.one("SELECT MAX(id) FROM sites WHERE org_id = %s", org)
    title = "Helpende Plus " + ra.token()
    r, vid = new_vacancy(admin_nl, made, db, title=title, site=site, location="Zeist",
                         postcode="3701 AA", description="Regel 1\nRegel 2", right_to_work="1",
                         watcher=[me, other])
    assert r.status == 303, r.describe()
    v = vacancy_row(db, vid)
    assert (v["org"], v["site"], v["title"], v["location"], v["postcode"]) == (org, site, title, "Zeist", "3701 AA")
    assert v["description"].replace("\r\n", "\n") == "Regel 1\nRegel 2"
    assert (v["open"], v["rtw"], v["created_by"]) == (1, 1, me)
    assert re.fullmatch(r"[a-z2-9]{10}", v["code"]), v["code"]
    assert watchers(db, vid) == sorted([me, other])
    assert db.one("SELECT COUNT(*) FROM audit_log WHERE action = 'vacancy.create' AND object_id = %s", vid) == 1
    page = admin_nl.get(r.resp.headers["Location"])
    assert page.status == 200 and page.doc.find(data_flash="ok") is not None, page.describe()
    link = page.doc.find(data_apply_link=v["code"])
    assert link is not None and link.get("href").endswith("/apply/" + v["code"]), page.describe()
    # the public page answers at that link
    assert ra.new_client().get("/apply/" + v["code"]).status == 200


def test_codes_are_unique_and_random(admin_nl, made, db):
    r1, v1 = new_vacancy(admin_nl, made, db, site=db.one("SELECT MIN(id) FROM sites WHERE org_id = %s",
                                                           ra.org_of(db, ADMIN_NL)))
    r2, v2 = new_vacancy(admin_nl, made, db, site=db.one("SELECT MIN(id) FROM sites WHERE org_id = %s",
                                                           ra.org_of(db, ADMIN_NL)))
    assert v1 and v2
    assert vacancy_row(db, v1)["code"] != vacancy_row(db, v2)["code"]


@pytest.mark.parametrize("values, field, key", [
    ({"title": ""}, "title", "vacancy.err.title_missing"),
    ({"title": "T" * 201}, "title", "vacancy.err.title_long"),
    ({"location": "L" * 101}, "location", "vacancy.err.location_long"),
    ({"postcode": "P" * 17}, "postcode", "vacancy.err.postcode_long"),
    ({"description": "D" * 4001}, "description", "vacancy.err.description_long"),
    ({"site": ""}, "site", "vacancy.err.site"),
])
def test_bad_input_comes_back_in_the_form(admin_nl, made, db, values, field, key):
    before = db.one("SELECT COUNT(*) FROM vacancies")
    site = db.one("SELECT MIN(id) FROM sites WHERE org_id = %s", ra.org_of(db, ADMIN_NL))
    values = dict({"site": site, "title": "Kok " + ra.token(), "location": "Soest"}, **values)
    r, vid = new_vacancy(admin_nl, made, db, **values)
    assert r.status == 400, r.describe()
    assert errors(r) == {field: key}
    assert r.doc.find(id="f-location") is None or r.doc.find(id="f-location").get("value") == values["location"]
    assert db.one("SELECT COUNT(*) FROM vacancies") == before


def test_site_and_people_of_another_organisation_are_refused(admin_nl, made, db):
    org = ra.org_of(db, ADMIN_NL)
    before = db.one("SELECT COUNT(*) FROM vacancies")
    my_site = db.one("SELECT MIN(id) FROM sites WHERE org_id = %s", org)
    their_site = db.one("SELECT MIN(id) FROM sites WHERE org_id <> %s", org)
    their_user = db.one("SELECT id FROM users WHERE org_id <> %s LIMIT 1", org)
    r, _ = new_vacancy(admin_nl, made, db, site=their_site)
    assert r.status == 400 and errors(r) == {"site": "vacancy.err.site"}, r.describe()
    r, _ = new_vacancy(admin_nl, made, db, site=my_site, watcher=[their_user])
    assert r.status == 400 and errors(r) == {"watcher": "vacancy.err.watcher"}, r.describe()
    r, _ = new_vacancy(admin_nl, made, db, site="abc")
    assert r.status == 400
    assert db.one("SELECT COUNT(*) FROM vacancies") == before


# ---------------------------------------------------------------- editing

def test_edit_closes_and_changes_the_people(admin_nl, made, db, anon):
    org = ra.org_of(db, ADMIN_NL)
    me = db.one("SELECT id FROM users WHERE email = %s", ADMIN_NL)
    other = db.one("SELECT id FROM users WHERE org_id = %s AND id <> %s LIMIT 1", org, me)
    vid, code = made.vacancy(org, watchers=[me])
    page = admin_nl.get("/vacancies/%d" % vid)
    assert page.status == 200, page.describe()
    r = post_form(admin_nl, page, "/vacancies/%d" % vid, drop=("open", "watcher"),
                  title="Nieuwe titel " + code, watcher=[other], right_to_work="1")
    assert r.status == 303 and r.resp.headers["Location"].endswith("/vacancies/%d" % vid), r.describe()
    v = vacancy_row(db, vid)
    assert (v["open"], v["rtw"], v["title"], v["code"]) == (0, 1, "Nieuwe titel " + code, code)
    assert watchers(db, vid) == [other]
    assert db.one("SELECT COUNT(*) FROM audit_log WHERE action = 'vacancy.update' AND object_id = %s", vid) == 1
    assert anon.get("/apply/" + code).status == 410
    page = admin_nl.get("/vacancies/%d" % vid)
    assert "checked" not in page.doc.find(id="f-open").attrs


def test_another_organisations_vacancy_is_404_and_unchanged(admin_en, made, db):
    org = ra.org_of(db, ADMIN_NL)
    vid, code = made.vacancy(org, title="Van De Linde " + ra.token())
    before = vacancy_row(db, vid)
    assert admin_en.get("/vacancies/%d" % vid).status == 404
    csrf = admin_en.csrf()
    r = admin_en.post("/vacancies/%d" % vid, [("csrf", csrf), ("title", "Hijacked")])
    assert r.status == 404, r.describe()
    assert vacancy_row(db, vid) == before


def test_site_limited_recruiter_sees_and_changes_only_their_sites(planner, made, db, expect):
    u = expect.user(PLANNER_NL)
    assert u["sites"], "the planner should be limited to a site"
    other_site = db.one("SELECT MIN(id) FROM sites WHERE org_id = %s AND id NOT IN (%s)" %
                        ("%s", ",".join(str(s) for s in u["sites"])), u["org"])
    theirs, _ = made.vacancy(u["org"], site=u["sites"][0])
    not_theirs, _ = made.vacancy(u["org"], site=other_site)
    no_site, _ = made.vacancy(u["org"], site=None)
    assert planner.get("/vacancies/%d" % theirs).status == 200
    for vid in (not_theirs, no_site):
        assert planner.get("/vacancies/%d" % vid).status == 404
        before = vacancy_row(db, vid)
        r = planner.post("/vacancies/%d" % vid, [("csrf", planner.csrf()), ("title", "Mine now"),
                                                ("site", str(u["sites"][0]))])
        assert r.status == 404, r.describe()
        assert vacancy_row(db, vid) == before
    ids = [int(n.get("data-vacancy-id")) for n in planner.get("/vacancies").doc.find_all(data_vacancy_id=True)]
    assert theirs in ids and not_theirs not in ids and no_site not in ids
    # creating one at another site is refused; the form offers only theirs
    page = planner.get("/vacancies/new")
    offered = [o.get("value") for o in page.doc.find(id="f-site").find_all("option") if o.get("value")]
    assert offered == [str(s) for s in u["sites"]]
    before = db.one("SELECT COUNT(*) FROM vacancies")
    r, _ = new_vacancy(planner, made, db, site=other_site)
    assert r.status == 400 and errors(r) == {"site": "vacancy.err.site"}
    assert db.one("SELECT COUNT(*) FROM vacancies") == before
    r, vid = new_vacancy(planner, made, db, site=u["sites"][0])
    assert r.status == 303 and vacancy_row(db, vid)["site"] == u["sites"][0]


# ---------------------------------------------------------------- share links

def test_share_link_of_a_referrer_found_by_name(admin_nl, made, db):
    org = ra.org_of(db, ADMIN_NL)
    vid, code = made.vacancy(org)
    rid, rname, rcode = db.rows("SELECT id, name, code FROM referrers WHERE org_id = %s ORDER BY id LIMIT 1", org)[0]
    word = rptest.name_words(rname)[-1][:3]
    want = sorted(r[0] for r in db.rows("SELECT id, name FROM referrers WHERE org_id = %s", org)
                  if rptest.words_start(r[1], word))
    page = admin_nl.get("/vacancies/%d?q=%s" % (vid, urllib.parse.quote(word)))
    assert page.status == 200, page.describe()
    sel = page.doc.find("select", name="referrer")
    assert sel is not None, page.describe()
    offered = sorted(int(o.get("value")) for o in sel.find_all("option"))
    assert offered == want[:50]
    page = admin_nl.get("/vacancies/%d?q=%s&referrer=%d" % (vid, urllib.parse.quote(word), rid))
    link = page.doc.find(data_share_link=str(rid))
    assert link is not None, page.describe()
    href = link.find("a").get("href")
    assert href.endswith("/apply/%s?r=%s" % (code, rcode)), href
    # no match: says so
    page = admin_nl.get("/vacancies/%d?q=qxzqxzqxz" % vid)
    assert page.status == 200 and page.doc.find("select", name="referrer") is None


def test_share_search_never_offers_another_organisations_referrer(admin_en, db, made):
    en_org = ra.org_of(db, ADMIN_EN)
    vid, code = made.vacancy(en_org)
    nl_ref = db.rows("SELECT id, name FROM referrers WHERE org_id <> %s LIMIT 1", en_org)[0]
    page = admin_en.get("/vacancies/%d?q=%s&referrer=%d" % (vid, urllib.parse.quote(rptest.name_words(nl_ref[1])[0]),
                                                            nl_ref[0]))
    assert page.status == 200
    assert page.doc.find(data_share_link=True) is None
    sel = page.doc.find("select", name="referrer")
    assert sel is None or all(int(o.get("value")) != nl_ref[0] for o in sel.find_all("option"))


def test_markup_in_a_title_is_shown_escaped(admin_nl, made, db, anon):
    org = ra.org_of(db, ADMIN_NL)
    title = '<i id="rp-t">Job</i> <script>alert(2)</script>'
    vid, code = made.vacancy(org, title=title)
    for client, path in ((admin_nl, "/vacancies"), (admin_nl, "/vacancies/%d" % vid), (anon, "/apply/" + code)):
        p = client.get(path)
        assert p.status == 200, p.describe()
        assert '<i id="rp-t">' not in p.text and "<script>alert(2)" not in p.text, path
        assert title in p.visible_text(), path
