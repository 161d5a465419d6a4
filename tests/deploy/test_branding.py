"""test_branding.py: an admin brands the portal by editing xslt/site/ only
(issue 6): an edit of branding.xsl shows on the next page load without a
restart; a broken edit keeps the last good stylesheet serving and shows
admins (only) a banner naming the file and line; site.css is served under
/static/site/ and revalidated on every load.

Runs against the nginx stack (RP_URL) on the copy of xslt/ that
scripts/check serves (RP_XSLT_DIR), and restores every file it edits."""

import concurrent.futures
import os
import re
import time

import pytest
import requests

import rptest
from rptest import ADMIN_EN, PLANNER_NL, Client

BRANDED = """<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="product-name" select="'Brandtest Werving'"/>
  <xsl:template name="footer">
    <p data-test-footer="1">Brandtest footer</p>
  </xsl:template>
</xsl:stylesheet>
"""

# Line 5 does not close its <p>: the error is found at line 5.
BROKEN_LINE = 5
BROKEN = """<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:param name="product-name" select="'Broken Werving'"/>
  <xsl:template name="footer">
    <p>unclosed</xsl:template>
</xsl:stylesheet>
"""


def write(path, text):
    """Replace a file the way an editor saving it would (a new inode, so
    that the change is seen even within one timestamp tick)."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


@pytest.fixture
def site_files(xslt_dir):
    """branding.xsl and site.css of the served tree, restored afterwards."""
    paths = {n: os.path.join(xslt_dir, "site", n) for n in ("branding.xsl", "site.css")}
    saved = {}
    for n, p in paths.items():
        with open(p, encoding="utf-8") as f:
            saved[n] = f.read()
    yield paths
    for n, p in paths.items():
        write(p, saved[n])


def signed_in(email):
    try:
        rptest.check_reachable()
    except rptest.EnvError as e:
        pytest.fail(str(e), pytrace=False)
    c = Client()
    c.login(email)
    return c


def title(page):
    t = page.doc.find("title")
    return t.norm_text() if t is not None else ""


def get_all_workers(client, path, n=8):
    """The page n times, four at a time: each FastCGI worker process
    compiles on its own, and concurrent requests reach every worker (one
    request at a time each), so all of them must show the same thing."""
    cookies = client.http.cookies.get_dict()

    def one(_):
        r = requests.get(client.url(path), cookies=cookies, allow_redirects=False,
                         timeout=rptest.TIMEOUT, headers={"User-Agent": "refportal-tests"})
        return rptest.Page(r)

    with concurrent.futures.ThreadPoolExecutor(4) as ex:
        return list(ex.map(one, range(n)))


def test_branding_edit_shows_without_restart_and_a_broken_edit_keeps_the_last_good(site_files):
    admin = signed_in(ADMIN_EN)
    recruiter = signed_in(PLANNER_NL)

    p = admin.get("/candidates")
    assert p.status == 200, p.describe()
    assert "Brandtest" not in title(p)

    # A good edit: shows on the next load.
    write(site_files["branding.xsl"], BRANDED)
    for p in get_all_workers(admin, "/candidates"):
        assert p.status == 200, p.describe()
        assert "Brandtest Werving" in title(p), "product name not changed: %r" % title(p)
        assert p.doc.find(data_test_footer="1") is not None, "footer hook not used"
        assert not p.doc.find_all(data_broken=True), "banner after a good edit"
    p = Client().get("/login")
    assert "Brandtest Werving" in title(p), "login page not branded: %r" % title(p)

    # A broken edit: the last good version serves; admins see a banner
    # naming the file and the line; others see nothing.
    time.sleep(0.05)
    write(site_files["branding.xsl"], BROKEN)
    for p in get_all_workers(admin, "/candidates"):
        assert p.status == 200, "broken branding took the page down: " + p.describe()
        assert "Brandtest Werving" in title(p), "the last good version is not serving: %r" % title(p)
        banners = p.doc.find_all(data_broken=True)
        assert banners, "no banner for the admin: " + p.describe()
        text = banners[0].norm_text()
        assert banners[0].get("data-broken") == "site/branding.xsl", banners[0].attrs
        assert re.search(r"site/branding\.xsl:%d\b" % BROKEN_LINE, text), "banner does not name file:line: %r" % text
    for p in get_all_workers(recruiter, "/candidates", 3):
        assert p.status == 200 and "Brandtest Werving" in title(p), p.describe()
        assert not p.doc.find_all(data_broken=True), "a recruiter sees the admin's banner"
    p = Client().get("/login")
    assert p.status == 200 and not p.doc.find_all(data_broken=True)

    # The site's CSS: served from xslt/site, revalidated, edits visible at once.
    css = "/* brandtest */\n:root { --accent: #7a1f5c; }\n"
    write(site_files["site.css"], css)
    r = admin.http.get(admin.url("/static/site/site.css"), timeout=rptest.TIMEOUT)
    assert r.status_code == 200 and "brandtest" in r.text, (r.status_code, r.text[:200])
    assert "no-cache" in r.headers.get("Cache-Control", "")


def test_restored_branding_clears_the_banner(site_files):
    # The fixture of the previous test restored the files.
    admin = signed_in(ADMIN_EN)
    for p in get_all_workers(admin, "/candidates"):
        assert p.status == 200
        assert "Brandtest" not in title(p) and "Broken" not in title(p), title(p)
        assert not p.doc.find_all(data_broken=True), "banner after the files were restored"


def test_debug_xml_shows_admins_the_page_xml_and_nobody_else():
    admin = signed_in(ADMIN_EN)
    recruiter = signed_in(PLANNER_NL)
    r = admin.http.get(admin.url("/candidates?debug=xml"), timeout=rptest.TIMEOUT)
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/xml"), r.headers
    assert re.search(r"<page [^>]*name=\"candidates\"", r.text), r.text[:300]
    r = recruiter.http.get(recruiter.url("/candidates?debug=xml"), timeout=rptest.TIMEOUT)
    assert r.headers["Content-Type"].startswith("text/html"), "a recruiter got the XML"
