"""test_hardening.py: what an attacker sees (issue 8, items 3 and 4).

The security headers on every kind of answer, errors included; HSTS and
the Secure cookie flag only where they belong (the programs run as plain
CGI with HTTPS=on, as a web server would start them); idle and absolute
session expiry enforced on the server; a password change and a disabled
account end the user's sessions; the commonest passwords refused.

What test_login.py and test_security_input.py already cover (the CSP of
/login, HttpOnly and SameSite, sign-out, CSRF of the login and logout
forms, throttling, bad input) is not repeated here.  The 503 answer of a
stopped database is checked by the fault stage (tests/faults).
"""

import hashlib
import os
import re
import subprocess
import urllib.parse
import uuid

import pytest

import rptest
from rptest import ADMIN_EN, ADMIN_NL, SESSION_COOKIE, Client

SANITIZER = re.compile(r"ERROR: AddressSanitizer|runtime error:|ERROR: LeakSanitizer")


# ------------------------------------------------------------------ headers

def check_headers(resp, signed_in, what):
    h = resp.headers
    csp = h.get("Content-Security-Policy", "")
    assert csp, "%s: no Content-Security-Policy" % what
    directives = {d.strip().split(" ", 1)[0]: d.strip() for d in csp.split(";") if d.strip()}
    for want in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        name = want.split(" ", 1)[0]
        assert directives.get(name) == want, "%s: CSP lacks %r: %r" % (what, want, csp)
    assert h.get("X-Content-Type-Options", "").lower() == "nosniff", "%s: no nosniff" % what
    rp = h.get("Referrer-Policy", "").lower()
    assert rp in ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"), \
        "%s: Referrer-Policy %r" % (what, rp)
    if signed_in:
        assert "no-store" in h.get("Cache-Control", ""), "%s: a signed-in answer without no-store" % what
    assert "Strict-Transport-Security" not in h, "%s: HSTS over plain http" % what


def _post_raw(client, path, body, ctype="application/x-www-form-urlencoded"):
    r = client.http.post(client.url(path), data=body, headers={"Content-Type": ctype},
                         allow_redirects=False, timeout=rptest.TIMEOUT)
    return rptest.Page(r)


def _answers(admin, anon):
    """(what, page, signed in, expected status) for each kind of answer."""
    big = "email=x&pad=" + "p" * (1024 * 1024 + 512 * 1024)   # over max_body, under nginx's limit
    out = [
        ("signed-in page", admin.get("/candidates"), True, 200),
        ("public page", anon.get("/login"), False, 200),
        ("redirect to sign-in", anon.get("/candidates"), False, 303),
        ("400 bad query", admin.raw_get("/candidates?q=%ff"), True, 400),
        ("403 without csrf", admin.post("/logout", {}), True, 403),
        ("404 unknown path", admin.get("/no-such-page-here"), True, 404),
        ("404 unknown id", admin.get("/candidates/999999999"), True, 404),
        ("404 anonymous", anon.get("/no-such-page-here"), False, 404),
        ("405 wrong method", admin.get("/logout"), True, 405),
        ("413 oversized body", _post_raw(anon, "/login", big), False, 413),
        ("415 not a form", _post_raw(anon, "/login", "x", "text/plain"), False, 415),
        ("health", anon.get("/health"), False, 200),
    ]
    return out


def test_security_headers_on_every_kind_of_answer(admin_en):
    anon = Client()
    bad = []
    for what, page, signed_in, status in _answers(admin_en, anon):
        assert page.status == status, "%s: %s" % (what, page.describe())
        if 400 <= status < 500:
            assert page.name == "error", "%s is not the portal's error page: %s" % (what, page.describe())
        try:
            check_headers(page.resp, signed_in, what)
        except AssertionError as e:
            bad.append(str(e))
    assert not bad, "\n".join(bad)


# ------------------------------------------------------------------ as plain CGI (HTTPS=on)

def program(name):
    build = rptest.env("RP_BUILD")
    path = os.path.join(build, "cgi-bin", name + ".fcgi")
    assert os.access(path, os.X_OK), "%s is not built" % path
    return path


def run_cgi(name, method="GET", path="/health", https=False, host="127.0.0.1", cookie=None, body=b""):
    """One request to a program started as plain CGI, as a web server would
    start it; returns (status, [(header, value)], body)."""
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LANG")}
    env.update({
        "GATEWAY_INTERFACE": "CGI/1.1", "REQUEST_METHOD": method, "PATH_INFO": path,
        "REQUEST_URI": path, "QUERY_STRING": "", "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": host, "SCRIPT_NAME": "",
        "REFPORTAL_CONF": rptest.env("RP_CONF"),
    })
    if https:
        env["HTTPS"] = "on"
    if cookie:
        env["HTTP_COOKIE"] = cookie
    if method == "POST":
        env["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        env["CONTENT_LENGTH"] = str(len(body))
    p = subprocess.run([program(name), "--config", rptest.env("RP_CONF")], input=body, env=env,
                       capture_output=True, timeout=60)
    err = p.stderr.decode("utf-8", "replace")
    assert not SANITIZER.search(err), "sanitizer report from %s as CGI:\n%s" % (name, err[-3000:])
    assert p.returncode == 0, "%s as CGI exited %d: %s" % (name, p.returncode, err[-2000:])
    head, _, rest = p.stdout.partition(b"\r\n\r\n")
    headers = []
    for line in head.decode("latin-1").split("\r\n"):
        k, _, v = line.partition(":")
        headers.append((k.strip(), v.strip()))
    status = int(dict(headers).get("Status", "200").split()[0])
    return status, headers, rest


def _hdr(headers, name):
    return [v for k, v in headers if k.lower() == name.lower()]


def test_hsts_only_over_https():
    status, headers, _ = run_cgi("candidates", https=True)
    assert status == 200, headers
    hsts = _hdr(headers, "Strict-Transport-Security")
    assert hsts and "max-age=" in hsts[0] and int(re.search(r"max-age=(\d+)", hsts[0]).group(1)) >= 15552000, \
        "no HSTS of at least 180 days over https: %r" % headers
    status, headers, _ = run_cgi("candidates", https=False)
    assert status == 200
    assert not _hdr(headers, "Strict-Transport-Security"), "HSTS over plain http"


def _cookie_attrs(headers, name):
    for v in _hdr(headers, "Set-Cookie"):
        if v.startswith(name + "="):
            return v.split(";")[0].split("=", 1)[1], [a.strip().lower() for a in v.split(";")[1:]]
    return None, None


@pytest.mark.parametrize("https,host,secure", [
    (True, "portal.example.org", True),
    (True, "127.0.0.1", True),
    (False, "portal.example.org", True),   # plain http away from loopback: still Secure
    (False, "127.0.0.1:8080", False),       # plain http on loopback (the local demo)
])
def test_session_cookie_secure_except_plain_http_on_loopback(db, https, host, secure):
    """A full sign-in as CGI: the pre-session cookie and the session cookie
    carry Secure unless the portal is plain http on loopback."""
    status, headers, body = run_cgi("login", path="/login", https=https, host=host)
    assert status == 200, headers
    pre, attrs = _cookie_attrs(headers, "rp_pre")
    assert pre and ("secure" in attrs) == secure, "rp_pre cookie: %r" % _hdr(headers, "Set-Cookie")
    form = rptest.parse_html(body.decode("utf-8")).find("form", action=lambda a: a.endswith("/login"))
    assert form is not None, "no sign-in form in the CGI answer"
    fields = [(k, v) for k, v in rptest.form_fields(form) if k not in ("email", "password")]
    fields += [("email", ADMIN_EN), ("password", rptest.DEMO_PASSWORD)]
    status, headers, _ = run_cgi("login", method="POST", path="/login", https=https, host=host,
                                 cookie="rp_pre=" + pre, body=urllib.parse.urlencode(fields).encode())
    assert status == 303, "sign-in as CGI: %d %r" % (status, headers)
    tok, attrs = _cookie_attrs(headers, SESSION_COOKIE)
    assert tok, "no session cookie: %r" % headers
    assert "httponly" in attrs and "samesite=lax" in attrs, attrs
    assert ("secure" in attrs) == secure, "session cookie over https=%s host=%s: %r" % (https, host, attrs)
    db.exec("DELETE FROM sessions WHERE token_hash = %s", hashlib.sha256(tok.encode()).hexdigest())


# ------------------------------------------------------------------ session expiry

def conf_int(key, default):
    path = os.environ.get("RP_CONF")
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"\s*%s\s*=\s*\"?(\d+)\"?\s*(#.*)?$" % key, line)
                if m:
                    return int(m.group(1))
    return default


def token_hash(client):
    tok = client.session_token()
    assert tok, "no session cookie"
    return hashlib.sha256(tok.encode()).hexdigest()


def signed_in(client):
    p = client.get("/candidates")
    if p.status == 200:
        return True
    assert p.status in (302, 303) and "/login" in p.resp.headers.get("Location", ""), p.describe()
    return False


def test_idle_session_expires_on_the_server(db):
    idle = conf_int("session_idle", 3600)
    c = Client()
    c.login(ADMIN_NL)
    h = token_hash(c)
    # Just inside the idle limit: still signed in, and the visit counts.
    db.exec("UPDATE sessions SET last_seen = UTC_TIMESTAMP() - INTERVAL %s SECOND WHERE token_hash = %s",
            idle - 120, h)
    assert signed_in(c), "a session idle for less than session_idle was refused"
    age = db.one("SELECT TIMESTAMPDIFF(SECOND, last_seen, UTC_TIMESTAMP()) FROM sessions WHERE token_hash = %s", h)
    assert age is not None and age < 60, "a visit did not refresh last_seen (idle %s s)" % age
    # Past it: the cookie no longer works, and the row is gone.
    db.exec("UPDATE sessions SET last_seen = UTC_TIMESTAMP() - INTERVAL %s SECOND WHERE token_hash = %s",
            idle + 60, h)
    assert not signed_in(c), "a session idle for longer than session_idle (%d s) still works" % idle
    assert db.one("SELECT COUNT(*) FROM sessions WHERE token_hash = %s", h) == 0, \
        "an expired session stays in the database"


def test_absolute_session_lifetime_is_enforced(db):
    absolute = conf_int("session_absolute", 36000)
    c = Client()
    c.login(ADMIN_NL)
    h = token_hash(c)
    # Active all the time (last_seen now), but started too long ago.
    db.exec("UPDATE sessions SET created_at = UTC_TIMESTAMP() - INTERVAL %s SECOND, "
            "last_seen = UTC_TIMESTAMP() WHERE token_hash = %s", absolute + 60, h)
    assert not signed_in(c), "a session older than session_absolute (%d s) still works" % absolute
    assert db.one("SELECT COUNT(*) FROM sessions WHERE token_hash = %s", h) == 0


# ------------------------------------------------------------------ passwords and accounts

class TempUser:
    """A user of the first demo organisation made for one test, with a
    set-password link (the way an invitation or a reset sets a password);
    removed afterwards with its sessions and links."""

    def __init__(self, db):
        self.db = db
        org = db.one("SELECT org_id FROM users WHERE email = %s", ADMIN_EN)
        self.email = "hard-%s@example.invalid" % uuid.uuid4().hex[:10]
        db.exec("INSERT INTO users (org_id, email, name, role, lang, password_hash) "
                "VALUES (%s, %s, 'Hardening Test', 'recruiter', 'en', '')", org, self.email)
        self.id = db.one("SELECT id FROM users WHERE email = %s", self.email)

    def link(self):
        tok = uuid.uuid4().hex + uuid.uuid4().hex
        self.db.exec("INSERT INTO user_tokens (user_id, token_hash, purpose, expires_at) VALUES "
                     "(%s, %s, 'reset', UTC_TIMESTAMP() + INTERVAL 1 DAY)",
                     self.id, hashlib.sha256(tok.encode()).hexdigest())
        return "/set-password?t=" + tok

    def set_password(self, client, password):
        """Fill the set-password form of a fresh link; returns the answer."""
        page = client.get(self.link())
        assert page.status == 200, "set-password link: " + page.describe()
        form = page.form("/set-password")
        assert form is not None, "no set-password form: " + page.describe()
        fields = [(k, v) for k, v in rptest.form_fields(form) if k not in ("password", "password2")]
        fields += [("password", password), ("password2", password)]
        return client.post(urllib.parse.urljoin(client.base + "/", form.get("action") or "/set-password"), fields)

    def sessions(self):
        return self.db.one("SELECT COUNT(*) FROM sessions WHERE user_id = %s", self.id)

    def remove(self):
        for sql in ("DELETE FROM sessions WHERE user_id = %s", "DELETE FROM user_tokens WHERE user_id = %s",
                    "DELETE FROM login_failures WHERE email = (SELECT email FROM users WHERE id = %s)",
                    "DELETE FROM audit_log WHERE object_kind = 'user' AND object_id = %s",
                    "DELETE FROM users WHERE id = %s"):
            try:
                self.db.exec(sql, self.id)
            except Exception:  # an audit row may refer to the user: keep the test's own failure
                pass


@pytest.fixture
def temp_user(db, portal):
    u = TempUser(db)
    yield u
    u.remove()


def test_password_change_ends_the_users_other_sessions(temp_user):
    first = "Hardening-" + uuid.uuid4().hex[:12]
    a = Client()
    p = temp_user.set_password(a, first)
    assert p.status == 303, "setting a first password: " + p.describe()
    assert signed_in(a), "not signed in after setting a password"
    b = Client()
    b.login(temp_user.email, first)
    assert signed_in(b)
    assert temp_user.sessions() == 2
    # A new password (from a third browser, as after "forgot my password").
    second = "Hardening-" + uuid.uuid4().hex[:12]
    c = Client()
    p = temp_user.set_password(c, second)
    assert p.status == 303, "changing the password: " + p.describe()
    assert not signed_in(a), "a session from before the password change still works"
    assert not signed_in(b), "a session from before the password change still works"
    assert signed_in(c), "the browser that changed the password is not signed in"
    assert temp_user.sessions() == 1
    # The old password no longer signs in; the new one does.
    d = Client()
    assert d.try_login(temp_user.email, first).status != 303, "the old password still signs in"
    Client().login(temp_user.email, second)


def test_disabled_user_loses_every_session(temp_user, db):
    pw = "Hardening-" + uuid.uuid4().hex[:12]
    a = Client()
    assert temp_user.set_password(a, pw).status == 303
    assert signed_in(a)
    db.exec("UPDATE users SET disabled = 1 WHERE id = %s", temp_user.id)
    assert not signed_in(a), "a disabled user's session still works"
    assert Client().try_login(temp_user.email, pw).status != 303, "a disabled user signs in"


@pytest.mark.parametrize("password", ["password", "12345678", "Password1", "qwertyuiop", "iloveyou"])
def test_commonest_passwords_are_refused(temp_user, password):
    c = Client()
    p = temp_user.set_password(c, password)
    assert p.status == 400, "common password %r accepted: %s" % (password, p.describe())
    assert SESSION_COOKIE not in p.resp.cookies
    assert temp_user.sessions() == 0
    assert temp_user.db.one("SELECT password_hash FROM users WHERE id = %s", temp_user.id) == "", \
        "a refused password was stored"


@pytest.mark.parametrize("password,ok", [("short7!", False), ("x" * 257, False), ("eight ch", True)])
def test_password_length_rules(temp_user, password, ok):
    p = temp_user.set_password(Client(), password)
    assert (p.status == 303) == ok, "password of %d characters: %s" % (len(password), p.describe())
