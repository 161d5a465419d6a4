"""test_smoke.py: a smoke subset of the integration suite under every web
server set-up (issue 6): nginx with FastCGI sockets, Apache with mod_fcgid,
Apache running the programs as plain CGI under the base path /portal (the
.htaccess set-up), Apache with mod_proxy_fcgi.  Parameterised by
RP_SMOKE_URLS ("NAME=URL ..."); each test gets one base URL as `site`.

Besides each step working, every local link, form action, redirect and
cookie path must honour the set-up's base path."""

import urllib.parse
import uuid

import pytest

import rptest
from rptest import ADMIN_EN, Client, form_fields


def need_site(site):
    if site is None:
        pytest.fail("neither RP_SMOKE_URLS nor RP_URL is set: run through scripts/check", pytrace=False)


def base_path(site):
    """The path part of a set-up's URL ("" or "/portal")."""
    return urllib.parse.urlsplit(site).path.rstrip("/")


def client(site):
    need_site(site)
    c = Client()
    c.base = site
    return c


def local_urls(page):
    """Every href, src and action of a page that is a path on this site."""
    out = []
    for n in page.doc.iter():
        for attr in ("href", "src", "action"):
            v = n.get(attr)
            if v is None or v.startswith("#") or ":" in v.split("/")[0]:
                continue
            out.append((n.tag, attr, v))
    return out


def assert_under_base(site, page):
    bp = base_path(site)
    bad = [u for u in local_urls(page) if not u[2].startswith(bp + "/")]
    assert not bad, "links outside the base path %r on %s: %r" % (bp, page.resp.url, bad[:5])


def assert_location_under_base(site, resp):
    loc = resp.headers.get("Location", "")
    path = urllib.parse.urlsplit(loc).path
    assert path.startswith(base_path(site) + "/"), "redirect outside the base path: %r" % loc


@pytest.fixture(scope="module")
def admin(site):
    c = client(site)
    p = c.try_login(ADMIN_EN)
    assert p.status == 303, "sign-in under %s: %s" % (site, p.describe())
    c.login_page = p
    return c


def test_health(site):
    c = client(site)
    r = c.http.get(site + "/health", timeout=rptest.TIMEOUT)
    assert r.status_code == 200, "%s/health: %d" % (site, r.status_code)


def test_base_redirects_to_the_list(site):
    c = client(site)
    r = c.http.get(site + "/", allow_redirects=False, timeout=rptest.TIMEOUT)
    assert r.status_code in (301, 302, 303), "%s/: %d" % (site, r.status_code)
    assert urllib.parse.urlsplit(r.headers["Location"]).path == base_path(site) + "/candidates"


def test_signed_out_list_goes_to_login_under_base(site):
    c = client(site)
    p = c.get("/candidates?sort=name")
    assert p.status in (302, 303), p.describe()
    assert_location_under_base(site, p.resp)
    assert "/login?next=" in p.resp.headers["Location"]


def test_login_page_and_static_files(site):
    c = client(site)
    p = c.get("/login")
    assert p.status == 200 and p.name == "login", p.describe()
    assert_under_base(site, p)
    css = [n.get("href") for n in p.doc.find_all("link", rel="stylesheet")]
    assert css, "no stylesheet link on the login page"
    for href in css:
        r = c.http.get(urllib.parse.urljoin(site + "/", href), timeout=rptest.TIMEOUT)
        assert r.status_code == 200, "%s: %d" % (href, r.status_code)
        assert "css" in r.headers.get("Content-Type", ""), "%s: %r" % (href, r.headers.get("Content-Type"))
        if "/static/site/" in href:
            assert "no-cache" in r.headers.get("Cache-Control", ""), \
                "the site's CSS must be revalidated on every load: %r" % r.headers.get("Cache-Control")
    # The branding stylesheets themselves are never served.
    r = c.http.get(site + "/static/site/branding.xsl", timeout=rptest.TIMEOUT)
    assert r.status_code in (403, 404), "/static/site/branding.xsl: %d" % r.status_code


def test_unknown_path_is_the_portals_404(site):
    p = client(site).get("/no-such-page")
    assert p.status == 404 and p.name == "error", p.describe()


def test_sign_in_sets_cookie_for_base_and_redirects_under_it(site, admin):
    p = admin.login_page
    assert_location_under_base(site, p.resp)
    cookies = [h for k, h in p.resp.raw.headers.items() if k.lower() == "set-cookie"]
    sess = [h for h in cookies if h.startswith(rptest.SESSION_COOKIE + "=")]
    assert sess, "no session cookie: %r" % cookies
    attrs = {a.split("=", 1)[0].strip().lower(): (a.split("=", 1) + [""])[1].strip()
             for a in sess[0].split(";")[1:]}
    assert attrs.get("path") == (base_path(site) or "/"), "cookie path: %r" % sess[0]


def test_list(site, admin, db):
    p = admin.get("/candidates")
    assert p.status == 200 and p.name == "candidates", p.describe()
    assert p.rows(), "no candidate rows under " + site
    assert_under_base(site, p)


def _pick_candidate(admin, db):
    """A live candidate of the admin's organisation whose current milestone
    has an orange outcome (orange sends no mail)."""
    rows = db.rows(
        "SELECT c.id, m.mkey, o.okey FROM candidates c JOIN users u ON u.org_id = c.org_id "
        "JOIN milestones m ON m.org_id = c.org_id AND m.pos = c.stage_pos "
        "JOIN outcomes o ON o.milestone_id = m.id AND o.color = 'orange' "
        "WHERE u.email = %s AND c.status = 'action' AND c.deleted_at IS NULL "
        "ORDER BY c.id LIMIT 1", ADMIN_EN)
    assert rows, "no candidate waiting for action in the demo data of " + ADMIN_EN
    return rows[0]


def test_record_and_undo_an_outcome(site, admin, db):
    cid, mkey, okey = _pick_candidate(admin, db)
    before = db.rows("SELECT status, stage_pos, progress FROM candidates WHERE id = %s", cid)[0]
    page = admin.get("/candidates/%d" % cid)
    assert page.status == 200 and page.name == "candidate", page.describe()
    assert_under_base(site, page)
    form = page.form("/candidates/%d/outcome" % cid)
    assert form is not None, "no outcome form on " + page.describe()
    assert form.get("action") == base_path(site) + "/candidates/%d/outcome" % cid
    fields = [(k, v) for k, v in rptest.form_fields(form) if k in ("milestone", "version", "csrf", "next")]
    assert dict(fields).get("milestone") == mkey, fields
    p = admin.post(urllib.parse.urljoin(site + "/", form.get("action")), fields + [("outcome", okey)])
    assert p.status == 303, "outcome %s: %s" % (okey, p.describe())
    assert_location_under_base(site, p.resp)

    page = admin.get("/candidates/%d" % cid)
    box = page.doc.find(data_milestone=mkey)
    assert box is not None and box.get("data-outcome") == okey, "outcome not shown: " + page.describe()
    flashes = [f.get("data-flash") for f in page.flashes()]
    assert "ok" in flashes, "no ok message after the outcome: %r" % flashes

    undo = page.form("/candidates/%d/undo" % cid)
    assert undo is not None, "no undo form on " + page.describe()
    assert undo.get("action").startswith(base_path(site) + "/")
    p = admin.post(urllib.parse.urljoin(site + "/", undo.get("action")), rptest.form_fields(undo))
    assert p.status == 303, "undo: " + p.describe()
    assert_location_under_base(site, p.resp)
    after = db.rows("SELECT status, stage_pos, progress FROM candidates WHERE id = %s", cid)[0]
    assert after == before, "undo did not restore the candidate: %r -> %r" % (before, after)


def test_oversized_body_gets_the_portals_413(site):
    c = client(site)
    form, fields = c.login_fields(ADMIN_EN, "x")
    fields.append(("padding", "p" * (1024 * 1024 + 4096)))
    p = c.post("/login", fields)
    assert p.status == 413, "1 MiB + 4 KiB form: " + p.describe()
    assert p.name == "error", "413 from the web server, not the portal's page: " + p.describe()


def test_debug_xml_is_for_admins_only(site, admin):
    r = admin.http.get(site + "/candidates?debug=xml", timeout=rptest.TIMEOUT, allow_redirects=False)
    assert r.status_code == 200 and r.headers.get("Content-Type", "").startswith("text/xml"), \
        "admin ?debug=xml: %d %r" % (r.status_code, r.headers.get("Content-Type"))
    assert "<page" in r.text
    anon = client(site)
    r = anon.http.get(site + "/login?debug=xml", timeout=rptest.TIMEOUT, allow_redirects=False)
    assert not r.headers.get("Content-Type", "").startswith("text/xml"), "?debug=xml without signing in"


def test_vacancy_apply_and_share_links_are_under_the_base_path(site, admin, db):
    # The absolute links a recruiter copies (public_url, which holds the
    # base path) point at the apply page under the set-up's base path,
    # once: /portal/apply/{code}, not /portal/portal/apply/{code}.
    vid, code = db.rows("SELECT v.id, v.code FROM vacancies v JOIN users u ON u.org_id = v.org_id "
                        "WHERE u.email = %s ORDER BY v.id LIMIT 1", ADMIN_EN)[0]
    rid = db.one("SELECT r.id FROM referrers r JOIN users u ON u.org_id = r.org_id "
                 "WHERE u.email = %s ORDER BY r.id LIMIT 1", ADMIN_EN)
    p = admin.get("/vacancies/%d?referrer=%d" % (vid, rid))
    assert p.status == 200, p.describe()
    want = base_path(site) + "/apply/" + code
    link = p.doc.find(data_apply_link=code)
    assert link is not None, p.describe()
    assert urllib.parse.urlsplit(link.get("href")).path == want, link.get("href")
    share = p.doc.find(data_share_link=str(rid))
    assert share is not None, "no share link for referrer %d on %s" % (rid, p.describe())
    href = share.find("a").get("href")
    assert urllib.parse.urlsplit(href).path == want, href


def test_apply(site, db):
    # The public apply page answers under the base path, its form posts
    # there, and a submission through this server lands (303, one new
    # candidate).
    code = db.rows("SELECT v.code, v.right_to_work FROM vacancies v JOIN users u ON u.org_id = v.org_id "
                   "WHERE u.email = %s AND v.is_open = 1 ORDER BY v.id LIMIT 1", ADMIN_EN)
    assert code, "no vacancy with a code"
    c = client(site)
    p = c.get("/apply/%s" % code[0][0])
    assert p.status == 200, p.describe()
    assert_under_base(site, p)
    assert p.name == "apply", p.describe()
    forms = [f for f in p.doc.find_all("form") if f.get("method", "").lower() == "post"]
    assert forms, "no form on " + p.describe()
    for f in forms:
        assert f.get("action", "").startswith(base_path(site) + "/apply/"), f.attrs
    email = "smoke-%s@example.org" % uuid.uuid4().hex[:12]
    db.exec("DELETE FROM apply_attempts WHERE addr = '127.0.0.1'")   # the per-address limit
    fields = [(k, v) for k, v in form_fields(forms[0]) if k not in ("name", "email", "phone", "postcode", "consent")]
    fields += [("name", "Smoke Test"), ("email", email), ("phone", "07700 900123"),
               ("postcode", "LS6 2QR"), ("consent", "1")]
    if code[0][1]:
        fields.append(("right_to_work", "yes"))
    r = c.post(urllib.parse.urljoin(site + "/", forms[0].get("action")), fields)
    try:
        assert r.status == 303, r.describe()
        assert r.resp.headers["Location"].startswith(base_path(site) + "/apply/"), r.resp.headers
        assert db.one("SELECT COUNT(*) FROM candidates WHERE email = %s", email) == 1
    finally:
        ids = db.col("SELECT id FROM candidates WHERE email = %s", email)
        orgs = set(db.col("SELECT DISTINCT org_id FROM candidates WHERE email = %s", email))
        for cid in ids:
            for t in ("outbox", "audit_log", "name_words"):
                col = {"outbox": "candidate_id", "audit_log": "object_id", "name_words": "ref_id"}[t]
                db.exec("DELETE FROM %s WHERE %s = %%s" % (t, col), cid)
            db.exec("DELETE FROM candidates WHERE id = %s", cid)
        for org in orgs:
            rptest.recount(db, org)
