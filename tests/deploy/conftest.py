"""conftest.py: fixtures of the deployment tests (tests/deploy): the portal
under every web server set-up scripts/check starts (RP_SMOKE_URLS), the
database, and the stylesheet tree the stack serves (RP_XSLT_DIR)."""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

import rptest  # noqa: E402


def smoke_urls():
    """(id, base URL) of every set-up: RP_SMOKE_URLS is a space-separated
    list of NAME=URL (or bare URLs); without it, RP_URL alone."""
    raw = os.environ.get("RP_SMOKE_URLS", "").split()
    if not raw and os.environ.get("RP_URL"):
        raw = ["nginx=" + os.environ["RP_URL"]]
    out = []
    for item in raw:
        name, sep, url = item.partition("=")
        if not sep:
            name, url = item, item
        out.append((name, url.rstrip("/")))
    # No set-up at all: one entry that fails with a message (never a skip).
    return out or [("unset", None)]


def pytest_generate_tests(metafunc):
    if "site" in metafunc.fixturenames:
        urls = smoke_urls()
        metafunc.parametrize("site", [u for _, u in urls], ids=[n for n, _ in urls], scope="module")


@pytest.fixture(scope="session")
def db():
    try:
        d = rptest.DB()
    except rptest.EnvError as e:
        pytest.fail(str(e), pytrace=False)
    except Exception as e:  # pymysql errors
        pytest.fail("cannot connect to the database: %s" % e, pytrace=False)
    yield d
    d.close()


@pytest.fixture(scope="session")
def xslt_dir():
    """The stylesheet tree the running stack reads (a copy the tests may edit)."""
    d = os.environ.get("RP_XSLT_DIR")
    if not d or not os.path.isfile(os.path.join(d, "site", "branding.xsl")):
        pytest.fail("RP_XSLT_DIR (%r) is not the stack's xslt tree: run through scripts/check, "
                    "which serves a copy of xslt/ that tests may edit" % d, pytrace=False)
    return d
