"""test_health.py: the health check a load balancer or monitor polls."""

import requests

import rptest


def test_health_answers_200_without_a_session(portal):
    r = requests.get(portal + "/health", timeout=10, allow_redirects=False)
    assert r.status_code == 200, "GET /health: %d %s" % (r.status_code, r.text[:200])
    assert "rp_session" not in r.headers.get("Set-Cookie", ""), "/health must not start a session"


def test_health_reports_database_reachable(portal, db):
    # The same database the portal uses answers, and /health says so with 200
    # (503 is its answer when the database does not).
    assert db.one("SELECT 1") == 1
    r = requests.get(portal + "/health", timeout=10)
    assert r.status_code == 200


def test_unknown_path_gets_the_portals_404_page(admin_en):
    # a mistyped address gets the portal's own error page (in the user's
    # language, with the portal's security headers), not a bare server page
    p = admin_en.get("/no-such-page-here")
    assert p.status == 404, p.describe()
    assert p.name == "error", "a 404 must be the portal's error page: " + p.describe()
    assert p.lang == "en"


def test_head_of_health(portal):
    r = requests.head(portal + "/health", timeout=10)
    assert r.status_code == 200
