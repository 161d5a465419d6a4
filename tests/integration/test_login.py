"""test_login.py: signing in and out, the session cookie, CSRF, throttling."""

import re
import urllib.parse
import uuid

import pytest

import rptest
from rptest import ADMIN_EN, ADMIN_NL, DEMO_PASSWORD, PLANNER_NL, SESSION_COOKIE, Client


def location(page):
    return page.resp.headers.get("Location", "")


def location_path(page):
    return urllib.parse.urlsplit(location(page)).path


def set_cookie_headers(page):
    raw = page.resp.raw
    try:
        return raw.headers.getlist("Set-Cookie")
    except AttributeError:
        v = page.resp.headers.get("Set-Cookie")
        return [v] if v else []


def session_set_cookie(page):
    for h in set_cookie_headers(page):
        if h.split("=", 1)[0].strip() == SESSION_COOKIE:
            return h
    return None


def nobody():
    return "nobody-%s@example.invalid" % uuid.uuid4().hex[:12]


def shown_error(page, lang, key):
    """True when the catalogue text of key is on the page."""
    return rptest.cat_plain(lang, key) in page.visible_text()


# ------------------------------------------------------------------ the form

def test_login_form_has_what_a_browser_needs(anon):
    page, form = anon.login_form()
    assert page.name == "login", page.describe()
    assert form.get("method", "get").lower() == "post", "the sign-in form must POST (a password in a URL leaks)"
    names = dict(rptest.form_fields(form))
    assert "csrf" in names and len(names["csrf"]) >= 16, "hidden csrf field missing or short: %r" % names
    pw = form.find("input", name="password")
    assert pw is not None and pw.get("type") == "password", "password field must be type=password"
    assert form.find("input", name="email") is not None, "no email field"
    # every input has a label (the page check runs axe too; this is the short version)
    for inp in (pw, form.find("input", name="email")):
        iid = inp.get("id")
        assert iid and page.doc.find("label", **{"for": iid}) is not None or \
            any(a.tag == "label" for a in inp.ancestors()), "input %r has no label" % inp.attrs


def test_login_page_has_security_headers(anon):
    p = anon.get("/login")
    h = p.resp.headers
    csp = h.get("Content-Security-Policy", "")
    assert csp, "no Content-Security-Policy on /login"
    assert "frame-ancestors 'none'" in csp, "CSP must forbid framing (clickjacking of the password form): %r" % csp
    assert h.get("X-Content-Type-Options", "").lower() == "nosniff"


# ------------------------------------------------------------------ signing in

def test_sign_in_lands_on_candidates(portal):
    c = Client()
    p = c.login(ADMIN_NL)
    assert location_path(p).endswith("/candidates"), "after sign-in: Location %r" % location(p)
    home = c.get(location(p))
    assert home.status == 200 and home.name == "candidates", home.describe()


def test_session_cookie_is_httponly_and_samesite_lax(portal):
    c = Client()
    p = c.try_login(PLANNER_NL)
    assert p.status == 303, p.describe()
    sc = session_set_cookie(p)
    assert sc, "no Set-Cookie %s on a successful sign-in: %r" % (SESSION_COOKIE, set_cookie_headers(p))
    attrs = [a.strip().lower() for a in sc.split(";")[1:]]
    assert "httponly" in attrs, "session cookie without HttpOnly: %r" % sc
    assert "samesite=lax" in attrs, "session cookie without SameSite=Lax: %r" % sc
    value = sc.split(";")[0].split("=", 1)[1]
    # 256-bit random token: at least 43 characters of base64url or 64 of hex
    assert len(value) >= 43, "session token too short for 256 bits: %r" % value


@pytest.mark.parametrize("host, secure", [
    (None, False),                          # 127.0.0.1:port, as the tests reach it
    ("localhost", False), ("localhost:8080", False), ("127.0.0.2:80", False), ("[::1]:8080", False),
    ("localhost.example.com", True), ("127.0.0.1.nip.io", True), ("portal.example.org", True),
    ("localhost:80x", True),
])
def test_cookies_are_secure_unless_the_browser_asked_loopback(portal, host, secure):
    """secure_cookies = auto: plain http is taken for loopback only when
    the host is exactly localhost, 127.x.y.z or [::1] (a port allowed);
    a name that only starts like one gets Secure cookies."""
    c = Client()
    p = c.get("/login", headers={"Host": host} if host else {})
    assert p.status == 200, p.describe()
    cookies = set_cookie_headers(p)
    assert cookies, "no cookie on the sign-in page"
    for sc in cookies:
        attrs = [a.strip().lower() for a in sc.split(";")[1:]]
        assert ("secure" in attrs) == secure, "Host %r: %r" % (host, sc)


def _new_token(page):
    sc = session_set_cookie(page)
    assert sc, "a sign-in set no %s cookie: %s" % (SESSION_COOKIE, page.describe())
    return sc.split(";")[0].split("=", 1)[1]


def test_each_sign_in_gets_a_new_token(portal):
    # session fixation: a token planted before sign-in is never adopted
    planted = "attacker-chosen-token-" + "A" * 30
    c = Client()
    form, fields = c.login_fields(PLANNER_NL, DEMO_PASSWORD)
    p = c.post("/login", fields, headers={"Cookie": "%s=%s; %s" % (
        SESSION_COOKIE, planted, "; ".join("%s=%s" % (k.name, k.value) for k in c.http.cookies))})
    assert p.status == 303, p.describe()
    first = _new_token(p)
    assert first != planted, "sign-in kept a session token chosen by the visitor"
    c2 = Client()
    second = _new_token(c2.try_login(PLANNER_NL))
    assert second != first, "two sign-ins got the same session token"


def test_anonymous_visitor_is_sent_to_login(anon):
    for path in ("/candidates", "/archive", "/candidates?sort=name"):
        p = anon.get(path)
        assert p.status in (302, 303), "%s without a session: %s" % (path, p.describe())
        assert location_path(p).endswith("/login"), "%s: Location %r" % (path, location(p))
        assert not p.rows(), "candidate rows shown to an anonymous visitor"


def test_next_brings_the_user_back_to_the_page_asked_for(anon):
    wanted = "/candidates?sort=name&status=action"
    p = anon.get(wanted)
    assert p.status in (302, 303), p.describe()
    login_page = anon.get(location(p))
    assert login_page.name == "login", login_page.describe()
    form = login_page.form("/login")
    fields = dict(rptest.form_fields(form))
    assert fields.get("next"), "the sign-in form lost where the user was going: %r" % fields
    data = [(k, v) for k, v in rptest.form_fields(form) if k not in ("email", "password")]
    data += [("email", ADMIN_EN), ("password", DEMO_PASSWORD)]
    r = anon.post("/login", data)
    assert r.status == 303, r.describe()
    got = urllib.parse.urlsplit(location(r))
    assert got.path.endswith("/candidates"), location(r)
    assert urllib.parse.parse_qs(got.query) == {"sort": ["name"], "status": ["action"]}, location(r)


EVIL_NEXT = [
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example/phish",
    "javascript:alert(1)",
]


def _assert_stays(portal, p, evil):
    if p.status != 303:
        # refusing a bad next outright is fine too, as long as it is a clear 4xx
        assert 400 <= p.status < 500, p.describe()
        return
    loc = location(p)
    parts = urllib.parse.urlsplit(urllib.parse.urljoin(portal + "/login", loc))
    assert parts.scheme in ("http", "https"), "redirect to %r" % loc
    assert parts.netloc == urllib.parse.urlsplit(portal).netloc, "sign-in redirected off-site to %r" % loc
    assert "evil.example" not in loc


@pytest.mark.parametrize("evil", EVIL_NEXT)
def test_next_never_leaves_the_portal(portal, evil):
    # the form never carries a foreign next ...
    c = Client()
    p = c.get("/login?" + urllib.parse.urlencode({"next": evil}))
    assert p.status in (200, 400), p.describe()
    if p.status == 200:
        assert evil not in dict(rptest.form_fields(p.form("/login"))).get("next", "")
    # ... and a forged POST with one does not send the user away
    c = Client()
    form, fields = c.login_fields(ADMIN_EN, DEMO_PASSWORD)
    fields = [(k, v) for k, v in fields if k != "next"] + [("next", evil)]
    _assert_stays(portal, c.post("/login", fields), evil)


def test_wrong_password_and_unknown_email_look_the_same(portal, clean_failures):
    c1, c2 = Client(), Client()
    p1 = c1.try_login(ADMIN_EN, "not-the-password")
    p2 = c2.try_login(nobody(), "not-the-password")
    for p in (p1, p2):
        assert p.status != 303 and p.status < 500, p.describe()
        assert p.name == "login", p.describe()
        assert not any(ck.name == SESSION_COOKIE and ck.value for ck in p.resp.cookies), "failed sign-in set a session"
        assert shown_error(p, "en", "login.failed"), "generic failure message missing: " + p.describe()
    assert p1.status == p2.status, "status tells whether an account exists: %d vs %d" % (p1.status, p2.status)
    t1 = p1.visible_text().replace(ADMIN_EN, "EMAIL")
    t2 = re.sub(r"nobody-[0-9a-f]+@example\.invalid", "EMAIL", p2.visible_text())
    assert t1 == t2, "the page tells whether an account exists:\n%s\n%s" % (t1, t2)


def test_failed_sign_in_keeps_the_email_and_not_the_password(portal, clean_failures):
    c = Client()
    p = c.try_login(ADMIN_EN, "secret-wrong-pw-123")
    assert p.form("/login") is not None, p.describe()
    email = p.form("/login").find("input", name="email")
    assert email is not None and email.get("value") == ADMIN_EN, "email not kept for a retry"
    assert "secret-wrong-pw-123" not in p.text, "the typed password is echoed back into the page"


@pytest.mark.parametrize("drop", ["password", "email"])
def test_sign_in_without_a_field_says_what_is_missing(portal, drop):
    c = Client()
    form, fields = c.login_fields(ADMIN_EN, DEMO_PASSWORD)
    p = c.post("/login", [(k, v) for k, v in fields if k != drop])
    assert p.status == 400, p.describe()
    err = p.doc.find(data_error="login.missing")
    assert err is not None, p.describe()
    assert err.norm_text() in (rptest.cat_plain("en", "login.missing"), rptest.cat_plain("nl", "login.missing")), \
        "the page shows %r, not the catalogue's text" % err.norm_text()
    assert not c.session_token()


def test_login_post_without_csrf_is_refused(portal):
    c = Client()
    c.login_form()    # gets the pre-session cookie
    p = c.post("/login", {"email": ADMIN_EN, "password": DEMO_PASSWORD})
    assert p.status == 403, "POST /login without csrf: " + p.describe()
    assert not c.session_token(), "a session was started without csrf"


def test_login_post_with_wrong_csrf_is_refused(portal):
    c = Client()
    form, fields = c.login_fields(ADMIN_EN, DEMO_PASSWORD)
    fields = [(k, ("x" * 43 if k == "csrf" else v)) for k, v in fields]
    p = c.post("/login", fields)
    assert p.status == 403, "POST /login with a forged csrf: " + p.describe()
    assert not c.session_token()


def test_login_page_speaks_the_browser_language(portal):
    en = Client().get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    nl = Client().get("/login", headers={"Accept-Language": "nl-NL,nl;q=0.9,en;q=0.5"})
    assert en.lang == "en", en.describe()
    assert nl.lang == "nl", nl.describe()
    # a login.* string of each catalogue is on the page in its language
    cat_en, cat_nl = rptest.catalogue("en"), rptest.catalogue("nl")
    keys = [k for k in cat_en if k.startswith("login.") and k in cat_nl and "{" not in cat_en[k]
            and cat_en[k] != cat_nl[k] and cat_en[k] in en.visible_text()]
    assert keys, "no login.* catalogue string of en.xml found on the English sign-in page"
    for k in keys:
        assert cat_nl[k] in nl.visible_text(), "nl text of %s missing on the Dutch sign-in page" % k


# ------------------------------------------------------------------ signing out

def test_sign_out_ends_the_session_on_the_server(portal):
    c = Client()
    c.login(ADMIN_EN)
    token = c.session_token()
    assert c.get("/candidates").status == 200
    p = c.logout()
    assert p.status == 303, "POST /logout: " + p.describe()
    assert location_path(p).endswith("/login"), location(p)
    # the old cookie, replayed by someone who copied it, no longer works
    thief = Client()
    thief.http.cookies.set(SESSION_COOKIE, token)
    q = thief.get("/candidates")
    assert q.status in (302, 303) and location_path(q).endswith("/login"), \
        "a signed-out session still opens /candidates: " + q.describe()
    assert not q.rows()


def test_sign_out_shows_a_message_on_the_login_page(portal):
    c = Client()
    c.login(ADMIN_EN)
    p = c.logout()
    nxt = c.get(location(p))
    assert nxt.name == "login", nxt.describe()
    fl = nxt.flashes()
    assert fl and fl[0].get("data-flash") == "ok", "no ok flash after signing out: " + nxt.describe()


def test_sign_out_without_csrf_is_refused(portal):
    c = Client()
    c.login(ADMIN_EN)
    p = c.post("/logout", {})
    assert p.status == 403, "POST /logout without csrf: " + p.describe()
    assert c.get("/candidates").status == 200, "a forged sign-out ended the session"


def test_sign_out_by_get_does_nothing(portal):
    # an <img src=/logout> on another site must not sign the user out
    c = Client()
    c.login(ADMIN_EN)
    p = c.get("/logout")
    assert p.status in (404, 405), "GET /logout: " + p.describe()
    assert c.get("/candidates").status == 200, "GET /logout ended the session"


def test_signed_in_user_visiting_login_keeps_session(admin_en):
    p = admin_en.get("/login")
    assert p.status in (200, 302, 303), p.describe()
    assert admin_en.get("/candidates").status == 200


# ------------------------------------------------------------------ throttling
# These run last (see conftest.py) and leave login_failures empty.  Attempts
# come from several 127.0.0.x addresses so that per-account and per-address
# limits can be told apart.

MAX_FAILURES = 10


def attempt(source, email, password):
    return Client(source=source).try_login(email, password)


@pytest.mark.throttle
def test_throttle_per_account_refuses_the_11th_attempt(portal, clean_failures):
    email = nobody()
    for i in range(MAX_FAILURES):
        p = attempt("127.0.0.%d" % (30 + i), email, "wrong-%d" % i)
        assert p.status != 303 and p.status < 500, p.describe()
        assert p.status != 429, "throttled after only %d failures: %s" % (i, p.describe())
    p = attempt("127.0.0.50", email, "wrong-again")
    assert p.status == 429, "11th attempt on one account from a new address: " + p.describe()
    assert p.name == "login", p.describe()
    assert shown_error(p, "en", "login.throttled"), "no throttle message: " + p.describe()
    # another account from that address is not affected
    ok = attempt("127.0.0.50", ADMIN_EN, DEMO_PASSWORD)
    assert ok.status == 303, "a throttled account locked out another one: " + ok.describe()


@pytest.mark.throttle
def test_throttled_real_account_looks_like_a_missing_one(portal, clean_failures):
    ghost = nobody()
    pages = {}
    for email in (ADMIN_EN, ghost):
        for i in range(MAX_FAILURES):
            attempt("127.0.0.%d" % (60 + i), email, "wrong-%d" % i)
        # the right password no longer helps, and nothing tells the account exists
        pages[email] = attempt("127.0.0.80", email, DEMO_PASSWORD if email == ADMIN_EN else "x")
    real, fake = pages[ADMIN_EN], pages[ghost]
    assert real.status == 429, "correct password during a throttle: " + real.describe()
    assert fake.status == 429, fake.describe()
    assert real.visible_text().replace(ADMIN_EN, "EMAIL") == fake.visible_text().replace(ghost, "EMAIL")


@pytest.mark.throttle
def test_throttle_per_address(portal, clean_failures):
    src = "127.0.0.90"
    for i in range(MAX_FAILURES):
        p = attempt(src, nobody(), "wrong")
        assert p.status != 429, "throttled after only %d failures from one address" % i
    p = attempt(src, ADMIN_NL, DEMO_PASSWORD)
    assert p.status == 429, "11th attempt from one address: " + p.describe()
    assert shown_error(p, "en", "login.throttled"), p.describe()
    # the same account from another address still signs in: the block is per address
    ok = attempt("127.0.0.91", ADMIN_NL, DEMO_PASSWORD)
    assert ok.status == 303, ok.describe()
