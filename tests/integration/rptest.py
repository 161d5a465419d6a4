"""rptest.py: what the integration, browser and page tests share.

The environment (set by scripts/check and scripts/demo, see tests/README.md),
an HTML parser on the standard library's html.parser that gives a small tree
to query by the hooks of DESIGN.md 4.4, an HTTP client that signs in through
the real form, the database connection the expectations are computed with,
and the language catalogues read from xslt/core/l10n at test time.
"""

import html.parser
import os
import re
import socket
import unicodedata
import urllib.parse
import xml.etree.ElementTree as ET

import requests
from requests.adapters import HTTPAdapter

DEMO_PASSWORD = "refportal-demo"
ADMIN_NL = "admin@delinde.test"     # admin, nl, organisation with 3 sites
PLANNER_NL = "planner@delinde.test"  # recruiter limited to one site, nl
ADMIN_EN = "admin@meadowbank.test"   # admin, en
PAGE_SIZE = 50
SESSION_COOKIE = "rp_session"
# Statuses shown by /candidates; /archive shows "archived".
LIVE_STATUSES = ("action", "waiting", "complete")
ARCHIVE_STATUSES = ("archived",)
# The separators of lib/names.h names_split().
NAME_SEPARATORS = re.compile(r"[\s\-'.,/]+")
TIMEOUT = 30


class EnvError(Exception):
    pass


def env(name, required=True, default=None):
    """A variable set by scripts/check; a missing required one is an error, never a skip."""
    v = os.environ.get(name, default)
    if required and not v:
        raise EnvError(
            "environment variable %s is not set: run the tests through scripts/check, "
            "or see tests/README.md for running them against scripts/demo" % name)
    return v


def base_url():
    return env("RP_URL").rstrip("/")


def src_dir():
    d = os.environ.get("RP_SRC")
    if d:
        return d
    return os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def artifacts_dir():
    d = os.environ.get("RP_ARTIFACTS") or os.path.join(src_dir(), "var", "artifacts")
    os.makedirs(d, exist_ok=True)
    return d


def check_reachable():
    """Fail (with a message saying what to do) when the portal does not answer."""
    url = base_url() + "/health"
    try:
        r = requests.get(url, timeout=10, allow_redirects=False)
    except requests.RequestException as e:
        raise EnvError("the portal at %s does not answer (%s): is the stack running? "
                       "scripts/check starts it; scripts/demo --detach too" % (url, e))
    return r


# ---------------------------------------------------------------- HTML tree

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr"}
# Elements whose start tag closes an open element of the same kind (enough
# for what the stylesheets write; they write well-formed HTML anyway).
AUTOCLOSE = {"p", "li", "option", "tr", "td", "th", "dt", "dd"}


class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []   # Node or str

    def get(self, name, default=None):
        return self.attrs.get(name, default)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag=None, **attrs):
        """Descendants (and self) by tag and attributes; an attribute value
        True means "present", a callable is a predicate on the value."""
        out = []
        for n in self.iter():
            if tag is not None and n.tag != tag:
                continue
            ok = True
            for k, v in attrs.items():
                k = k.replace("_", "-")
                if k not in n.attrs:
                    ok = False
                elif v is True:
                    pass
                elif callable(v):
                    ok = bool(v(n.attrs[k]))
                elif n.attrs[k] != v:
                    ok = False
                if not ok:
                    break
            if ok:
                out.append(n)
        return out

    def find(self, tag=None, **attrs):
        r = self.find_all(tag, **attrs)
        return r[0] if r else None

    def text(self, sep=""):
        """The text content; sep goes around each element's text (a
        space keeps "09:15" and "51-100" of neighbouring cells apart)."""
        parts = []
        for c in self.children:
            parts.append(c if isinstance(c, str) else sep + c.text(sep) + sep)
        return "".join(parts)

    def norm_text(self):
        return " ".join(self.text(" ").split())

    def ancestors(self):
        p = self.parent
        while p is not None:
            yield p
            p = p.parent

    def __repr__(self):
        return "<%s %r>" % (self.tag, self.attrs)


class _Builder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        if tag in AUTOCLOSE and self.cur.tag == tag:
            self.cur = self.cur.parent
        n = Node(tag, [(k, "" if v is None else v) for k, v in attrs], self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        n = Node(tag, [(k, "" if v is None else v) for k, v in attrs], self.cur)
        self.cur.children.append(n)

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        if self.cur.tag in ("script", "style"):
            return
        self.cur.children.append(data)


def parse_html(text):
    b = _Builder()
    b.feed(text)
    b.close()
    return b.root


class Page:
    """A fetched page: the response and its parsed tree."""

    def __init__(self, resp):
        self.resp = resp
        self.status = resp.status_code
        self.text = resp.text
        self.doc = parse_html(resp.text) if "html" in resp.headers.get("Content-Type", "") else Node("#document", {})

    @property
    def name(self):
        b = self.doc.find("body")
        return b.get("data-page") if b is not None else None

    @property
    def lang(self):
        h = self.doc.find("html")
        return h.get("lang") if h is not None else None

    def rows(self):
        """Candidate rows, in page order."""
        return self.doc.find_all(data_candidate_id=True)

    def row_ids(self):
        return [int(r.get("data-candidate-id")) for r in self.rows()]

    def row(self, cid):
        return self.doc.find(data_candidate_id=str(cid))

    def flashes(self):
        return self.doc.find_all(data_flash=True)

    def visible_text(self):
        return self.doc.norm_text()

    def form(self, action_suffix=None, **attrs):
        """The first form whose action ends with action_suffix."""
        for f in self.doc.find_all("form", **attrs):
            act = f.get("action", "")
            path = urllib.parse.urlsplit(act).path
            if action_suffix is None or path.endswith(action_suffix):
                return f
        return None

    def describe(self):
        return "%s %s (status %d, data-page %r): %s" % (
            self.resp.request.method, self.resp.url, self.status, self.name,
            self.visible_text()[:400])


def form_fields(form):
    """The name=value pairs a browser would send by default (hidden and
    text inputs, checked boxes, selected options)."""
    out = []
    for n in form.iter():
        if n.tag == "input":
            name = n.get("name")
            if not name:
                continue
            typ = n.get("type", "text").lower()
            if typ in ("checkbox", "radio"):
                if "checked" in n.attrs:
                    out.append((name, n.get("value", "on")))
            elif typ in ("submit", "button", "image", "reset", "file"):
                continue
            else:
                out.append((name, n.get("value", "")))
        elif n.tag == "select" and n.get("name"):
            opts = n.find_all("option")
            sel = [o for o in opts if "selected" in o.attrs] or opts[:1]
            for o in sel:
                out.append((n.get("name"), o.get("value", o.norm_text())))
        elif n.tag == "textarea" and n.get("name"):
            out.append((n.get("name"), n.text()))
    return out


# ---------------------------------------------------------------- HTTP client

class SourceAddressAdapter(HTTPAdapter):
    """Connect from a chosen loopback address (127.0.0.x), so that
    per-address throttling can be tested without locking out 127.0.0.1."""

    def __init__(self, source, **kw):
        self.source = source
        super().__init__(**kw)

    def init_poolmanager(self, *a, **kw):
        kw["source_address"] = (self.source, 0)
        super().init_poolmanager(*a, **kw)


class Client:
    """A browser-like client of the portal: cookies, no automatic redirects
    (tests look at the 303s), helpers to read and post back forms."""

    def __init__(self, source=None):
        self.base = base_url()
        if source:
            # a 127.0.0.x source needs an IPv4 destination
            self.base = re.sub(r"//localhost([:/]|$)", r"//127.0.0.1\1", self.base)
        self.http = requests.Session()
        self.http.headers["User-Agent"] = "refportal-tests"
        if source:
            ad = SourceAddressAdapter(source)
            self.http.mount("http://", ad)
            self.http.mount("https://", ad)
        self.email = None

    def url(self, path):
        if path.startswith("http://") or path.startswith("https://"):
            return path
        return self.base + path

    def get(self, path, follow=False, **kw):
        r = self.http.get(self.url(path), allow_redirects=follow, timeout=TIMEOUT, **kw)
        return Page(r)

    def head(self, path, **kw):
        return self.http.head(self.url(path), allow_redirects=False, timeout=TIMEOUT, **kw)

    def post(self, path, data, follow=False, **kw):
        r = self.http.post(self.url(path), data=data, allow_redirects=follow, timeout=TIMEOUT, **kw)
        return Page(r)

    def raw_get(self, path_and_query, headers=None):
        """GET with the path and query sent byte for byte as given
        (requests and urllib3 would re-encode a malformed %-escape)."""
        import http.client
        from requests.structures import CaseInsensitiveDict
        parts = urllib.parse.urlsplit(self.base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=TIMEOUT)
        hdrs = {"User-Agent": "refportal-tests", "Connection": "close"}
        jar = "; ".join("%s=%s" % (c.name, c.value) for c in self.http.cookies)
        if jar:
            hdrs["Cookie"] = jar
        hdrs.update(headers or {})
        try:
            conn.putrequest("GET", path_and_query, skip_accept_encoding=True)
            for k, v in hdrs.items():
                conn.putheader(k, v)
            conn.endheaders()
            raw = conn.getresponse()
            body = raw.read()
        finally:
            conn.close()
        r = requests.models.Response()
        r.status_code = raw.status
        merged = CaseInsensitiveDict()
        for k, v in raw.getheaders():
            merged[k] = merged[k] + ", " + v if k in merged else v
        r.headers = merged
        r._content = body
        r.encoding = "utf-8"
        r.url = self.base + path_and_query
        r.request = requests.Request("GET", r.url).prepare()
        return Page(r)

    def login_form(self, next_path=None):
        path = "/login" + ("?" + urllib.parse.urlencode({"next": next_path}) if next_path else "")
        page = self.get(path)
        assert page.status == 200, "GET /login: " + page.describe()
        form = page.form("/login")
        assert form is not None, "no form posting to /login on " + page.describe()
        return page, form

    def login_fields(self, email, password, next_path=None):
        page, form = self.login_form(next_path)
        fields = [(k, v) for k, v in form_fields(form) if k not in ("email", "password")]
        fields += [("email", email), ("password", password)]
        return form, fields

    def try_login(self, email, password=DEMO_PASSWORD, next_path=None):
        form, fields = self.login_fields(email, password, next_path)
        action = form.get("action") or "/login"
        return self.post(urllib.parse.urljoin(self.base + "/login", action), fields)

    def login(self, email, password=DEMO_PASSWORD):
        page = self.try_login(email, password)
        assert page.status == 303, "sign-in of %s did not answer 303: %s" % (email, page.describe())
        assert self.session_token(), "sign-in of %s set no %s cookie" % (email, SESSION_COOKIE)
        self.email = email
        return page

    def session_token(self):
        for c in self.http.cookies:
            if c.name == SESSION_COOKIE and c.value:
                return c.value
        return None

    def csrf(self, page=None):
        """The csrf field of a signed-in page's forms (the sign-out form)."""
        page = page or self.get("/candidates")
        for f in page.doc.find_all("form"):
            for k, v in form_fields(f):
                if k == "csrf" and v:
                    return v
        raise AssertionError("no form with a csrf field on " + page.describe())

    def logout(self):
        page = self.get("/candidates")
        form = page.form("/logout")
        assert form is not None, "no sign-out form posting to /logout on " + page.describe()
        return self.post(urllib.parse.urljoin(self.base + "/", form.get("action")), form_fields(form))


def list_url(path="/candidates", **params):
    q = [(k, str(v)) for k, v in params.items() if v is not None]
    return path + ("?" + urllib.parse.urlencode(q) if q else "")


def all_pages(client, path="/candidates", max_pages=200, **params):
    """Every row id of a list, following page=1..N; returns (ids, pages)."""
    ids, pages = [], []
    n = 1
    while n <= max_pages:
        p = client.get(list_url(path, page=n, **params))
        assert p.status == 200, p.describe()
        pages.append(p)
        got = p.row_ids()
        ids.extend(got)
        if len(got) < PAGE_SIZE:
            break
        n += 1
    return ids, pages


# ---------------------------------------------------------------- database

def db_connect():
    import pymysql
    kw = dict(user=env("RP_DB_USER"), password=env("RP_DB_PASSWORD", required=False, default=""),
              database=env("RP_DB_NAME"), charset="utf8mb4", autocommit=True,
              init_command="SET time_zone = '+00:00'")
    sock = os.environ.get("RP_DB_SOCKET")
    if sock:
        kw["unix_socket"] = sock
    else:
        kw["host"] = os.environ.get("RP_DB_HOST", "127.0.0.1")
        kw["port"] = int(os.environ.get("RP_DB_PORT", "3306"))
    return pymysql.connect(**kw)


def root_connect():
    """The stack's MariaDB root account (scripts/common.sh writes
    RP_VAR/db-root.cnf), for tests that make databases of their own."""
    import configparser
    import pymysql
    path = os.path.join(env("RP_VAR"), "db-root.cnf")
    if not os.path.exists(path):
        raise EnvError("%s is missing: this test creates a database of its own "
                       "with the stack's root account" % path)
    cp = configparser.ConfigParser()
    cp.read(path)
    c = cp["client"]
    kw = dict(user=c.get("user", "root"), password=c.get("password", ""), charset="utf8mb4",
              autocommit=True)
    if c.get("socket"):
        kw["unix_socket"] = c["socket"]
    else:
        kw["host"] = c.get("host", "127.0.0.1")
        kw["port"] = int(c.get("port", "3306"))
    return pymysql.connect(**kw)


class DB:
    def __init__(self):
        self.conn = db_connect()

    def rows(self, sql, *args):
        with self.conn.cursor() as c:
            c.execute(sql, args)
            return c.fetchall()

    def col(self, sql, *args):
        return [r[0] for r in self.rows(sql, *args)]

    def one(self, sql, *args):
        r = self.rows(sql, *args)
        return r[0][0] if r else None

    def exec(self, sql, *args):
        with self.conn.cursor() as c:
            return c.execute(sql, args)

    def status(self, name):
        r = self.rows("SHOW GLOBAL STATUS LIKE %s", name)
        return int(r[0][1])

    def close(self):
        self.conn.close()


def recount(db, org_id):
    """Recompute an organisation's list counters (cand_counts,
    sql/005_list_counts.sql) from its rows, as refportal-admin does after
    loading data: for a test that wrote candidates with SQL, behind the
    counters' back (the portal keeps them in every write of its own)."""
    db.exec("START TRANSACTION")
    try:
        db.exec("DELETE FROM cand_counts WHERE org_id = %s", org_id)
        db.exec("INSERT INTO cand_counts (org_id, listed, site_id, status, stage_pos, n) "
                "SELECT org_id, listed, COALESCE(site_id, 0), status, stage_pos, COUNT(*) "
                "FROM candidates WHERE org_id = %s AND listed <> 'd' "
                "GROUP BY org_id, listed, COALESCE(site_id, 0), status, stage_pos", org_id)
        db.exec("COMMIT")
    except Exception:
        db.exec("ROLLBACK")
        raise


def recv_all(sock):
    """Everything the peer sends on sock until it closes the connection."""
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk


def choices_changed(db, org_id):
    """Tell the web processes that an organisation's milestones, sites or
    vacancies changed (sql/006_choices_version.sql), as the portal's own
    writes do: for a test that wrote them with SQL (each process keeps a
    copy of them until the version moves on)."""
    db.exec("UPDATE organisations SET choices_version = choices_version + 1 WHERE id = %s", org_id)


def fold(s):
    """Case and accent folding, as the utf8mb4_unicode_ci collation compares."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()


def name_words(name):
    return [fold(w) for w in NAME_SEPARATORS.split(name or "") if w]


def words_start(name, prefix):
    """True if some word of name starts with prefix (the product's search rule)."""
    p = fold(prefix)
    return any(w.startswith(p) for w in name_words(name))


# ---------------------------------------------------------------- catalogues

_catalogues = {}


def catalogue(lang):
    """{key: text} of xslt/core/l10n/LANG.xml, read at test time."""
    if lang not in _catalogues:
        path = os.path.join(src_dir(), "xslt", "core", "l10n", lang + ".xml")
        tree = ET.parse(path)
        cat = {}
        for s in tree.getroot().iter("s"):
            cat[s.get("k")] = " ".join("".join(s.itertext()).split())
        _catalogues[lang] = cat
    return _catalogues[lang]


def cat_text(lang, key):
    cat = catalogue(lang)
    assert key in cat, "catalogue %s.xml has no key %r" % (lang, key)
    return cat[key]


def cat_plain(lang, key):
    """The catalogue text with any {placeholder} cut off (the stable part)."""
    return re.split(r"\{[^}]*\}", cat_text(lang, key))[0].strip()


# ---------------------------------------------------------------- browser

CHROMIUM = os.environ.get("RP_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("RP_CHROMEDRIVER", "/usr/bin/chromedriver")


def make_driver(lang="en-GB", width=1280, height=900, javascript=True):
    """Headless Debian Chromium through chromedriver, with a fresh profile.
    The caller quits it (and removes driver.rp_profile)."""
    import tempfile
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(path):
            raise EnvError("%s is missing: apt-get install chromium chromium-driver" % path)
    profile = tempfile.mkdtemp(prefix="rp-chromium-")
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--disable-background-networking", "--disable-component-update", "--disable-sync",
              "--no-first-run", "--disable-default-apps", "--disable-extensions",
              "--user-data-dir=" + profile, "--window-size=%d,%d" % (width, height),
              "--lang=" + lang):
        o.add_argument(a)
    prefs = {"intl.accept_languages": lang}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    o.add_experimental_option("prefs", prefs)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=o)
    d.rp_profile = profile
    d.set_page_load_timeout(30)
    d.set_script_timeout(60)
    return d


def quit_driver(d):
    import shutil
    try:
        d.quit()
    finally:
        shutil.rmtree(getattr(d, "rp_profile", ""), ignore_errors=True)


def driver_sign_in(d, email, password=DEMO_PASSWORD):
    """Sign in through the real form, as a person would."""
    from selenium.webdriver.common.by import By
    d.get(base_url() + "/login")
    d.find_element(By.NAME, "email").send_keys(email)
    pw = d.find_element(By.NAME, "password")
    pw.send_keys(password)
    pw.submit()


def share_cookies(client, d):
    """Give the browser the session of a signed-in Client (saves a sign-in)."""
    d.get(client.base + "/health")
    for c in client.http.cookies:
        d.add_cookie({"name": c.name, "value": c.value, "path": c.path or "/"})
