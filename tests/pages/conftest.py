"""conftest.py: fetch every page of pages.py once, check them all with one
vnu run, and keep one signed-in headless Chromium per login for axe-core."""

import json
import os
import re
import subprocess
import sys
import urllib.parse

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
sys.path.insert(0, HERE)

import rptest  # noqa: E402
from pages import ADMIN_NL, PAGES  # noqa: E402


def node_module(name, rel):
    """A file of an npm package under $RP_NODE_MODULES (the node_modules
    folder, or the folder holding it)."""
    roots = [os.environ.get("RP_NODE_MODULES", "")]
    roots += [os.path.join(r, "node_modules") for r in roots if r]
    roots.append(os.path.join(rptest.src_dir(), "node_modules"))
    for r in roots:
        p = os.path.join(r, name, rel)
        if r and os.path.exists(p):
            return p
    pytest.fail("npm package %s not found (RP_NODE_MODULES=%r): npm install vnu-jar axe-core"
                % (name, os.environ.get("RP_NODE_MODULES")), pytrace=False)


@pytest.fixture(scope="session")
def portal():
    try:
        rptest.check_reachable()
    except rptest.EnvError as e:
        pytest.fail(str(e), pytrace=False)
    return rptest.base_url()


class Clients:
    """One signed-in HTTP client per demo login, made on first use."""

    def __init__(self):
        self.by_who = {}

    def get(self, who):
        if who not in self.by_who:
            c = rptest.Client()
            if who:
                c.login(who)
            self.by_who[who] = c
        return self.by_who[who]


@pytest.fixture(scope="session")
def clients(portal):
    return Clients()


def resolve(clients, page):
    path = page.path
    if "{first}" in path:
        lst = clients.get(page.who).get("/candidates")
        ids = lst.row_ids()
        assert ids, "no candidate to open a card of for %s" % page.who
        path = path.replace("{first}", str(ids[0]))
    if "{menu}" in path:
        # The first row whose current step opens an outcome menu.
        links = [a.get("href") for a in clients.get(page.who).get("/candidates").doc.find_all("a")
                 if "menu=" in (a.get("href") or "")]
        assert links, "no outcome menu link on the list for %s" % page.who
        path = path.replace("{menu}", links[0].split("menu=")[1].split("#")[0].split("&")[0])
    # {referrer}: the first of the user's referrer list; {user}: the first
    # user of the admin's settings list.
    for key, listing, hook in (("{referrer}", "/referrers", "data_referrer_id"),
                               ("{user}", "/settings/users", "data_user_id")):
        if key in path:
            rows = clients.get(page.who).get(listing).doc.find_all(**{hook: True})
            assert rows, "no row on %s for %s" % (listing, page.who)
            path = path.replace(key, rows[0].get(hook.replace("_", "-")))
    # Vacancies: {vacancy} the first of the user's list; {code} / {closed}
    # the public code of the first open / closed vacancy of De Linde.
    if "{vacancy}" in path:
        rows = clients.get(page.who).get("/vacancies").doc.find_all(data_vacancy_id=True)
        assert rows, "no vacancy for %s" % page.who
        path = path.replace("{vacancy}", rows[0].get("data-vacancy-id"))
    for key, is_open in (("{code}", "1"), ("{closed}", "0")):
        if key in path:
            rows = [n for n in clients.get(ADMIN_NL).get("/vacancies").doc.find_all(data_vacancy_id=True)
                    if n.get("data-open") == is_open]
            assert rows, "no vacancy with data-open=%s for %s" % (is_open, ADMIN_NL)
            path = path.replace(key, rows[0].get("data-code"))
    return path


def _forget_failures():
    """The failed sign-ins these checks make (pages.WRONG) are removed, so
    that repeated runs never reach the throttle."""
    from pages import WRONG
    try:
        d = rptest.DB()
    except Exception as e:
        pytest.fail("cannot connect to the database: %s" % e, pytrace=False)
    d.exec("DELETE FROM login_failures WHERE email = %s", WRONG["email"])
    d.close()


@pytest.fixture(scope="session", autouse=True)
def _clean_failures(portal):
    _forget_failures()
    yield
    _forget_failures()


@pytest.fixture(scope="session")
def fetched(clients):
    """{page id: (Page, file)}: every page fetched once, saved under
    $RP_ARTIFACTS/pages/ for reading a failure."""
    outdir = os.path.join(rptest.artifacts_dir(), "pages")
    os.makedirs(outdir, exist_ok=True)
    out = {}
    for p in PAGES:
        hdr = {"Accept-Language": p.lang}
        if p.post:
            c = rptest.Client()
            path = resolve(clients, p)
            form_page = c.get(path, headers=hdr)
            form = form_page.form(urllib.parse.urlsplit(path).path)
            assert form is not None, "no form posting to %s on %s" % (path, form_page.describe())
            fields = [(k, v) for k, v in rptest.form_fields(form) if k not in p.post] + list(p.post.items())
            page = c.post(form.get("action") or path, fields, headers=hdr)
        else:
            page = clients.get(p.who).raw_get(resolve(clients, p), headers=hdr)
        f = os.path.join(outdir, p.id + ".html")
        with open(f, "wb") as fh:
            fh.write(page.resp.content)
        out[p.id] = (page, f)
    return out


@pytest.fixture(scope="session")
def vnu_results(fetched):
    """One vnu run over every page: {file: [error messages]}."""
    jar = node_module("vnu-jar", "build/dist/vnu.jar")
    files = [f for _, f in fetched.values()]
    cmd = ["java", "-Xss4m", "-jar", jar, "--format", "json", "--exit-zero-always"] + files
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    try:
        data = json.loads(r.stderr or r.stdout)
    except ValueError:
        pytest.fail("vnu did not answer JSON: %s %s" % (r.stdout[-2000:], r.stderr[-2000:]), pytrace=False)
    if "messages" not in data:
        pytest.fail("vnu answered without messages: %r" % data, pytrace=False)
    res = {os.path.realpath(f): [] for f in files}
    for m in data.get("messages", []):
        if m.get("type") not in ("error", "non-document-error"):
            continue
        url = m.get("url", "")
        f = url[len("file:"):] if url.startswith("file:") else url
        f = os.path.realpath(urllib.parse.unquote(re.sub(r"^/+", "/", f)))
        if f not in res:
            pytest.fail("vnu reported on %r, which is none of the pages: %s" % (url, m.get("message")),
                        pytrace=False)
        res[f].append("line %s: %s [%s]" % (m.get("lastLine"), m.get("message"),
                                                           m.get("extract", "").strip()))
    return res


class Browsers:
    """One headless Chromium per (login, language), signed in through the form."""

    def __init__(self, clients):
        self.clients = clients
        self.drivers = {}

    def get(self, who, lang):
        key = (who, lang)
        if key not in self.drivers:
            d = rptest.make_driver(lang=lang)
            self.drivers[key] = d
            if who:
                rptest.share_cookies(self.clients.get(who), d)
        return self.drivers[key]

    def close(self):
        for d in self.drivers.values():
            rptest.quit_driver(d)


@pytest.fixture(scope="session")
def browsers(clients):
    b = Browsers(clients)
    yield b
    b.close()


@pytest.fixture(scope="session")
def axe_source():
    with open(node_module("axe-core", "axe.min.js"), encoding="utf-8") as f:
        return f.read()
