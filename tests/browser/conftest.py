"""conftest.py: fixtures of the browser tests (headless Chromium via selenium)."""

import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "integration"))

import rptest  # noqa: E402
from rpapply import made  # noqa: E402,F401 (a fixture of the tests that make objects)


@pytest.fixture(scope="session")
def portal():
    try:
        rptest.check_reachable()
    except rptest.EnvError as e:
        pytest.fail(str(e), pytrace=False)
    return rptest.base_url()


@pytest.fixture(scope="session")
def db():
    try:
        d = rptest.DB()
    except Exception as e:
        pytest.fail("cannot connect to the database: %s" % e, pytrace=False)
    d.exec("DELETE FROM login_failures WHERE addr = '127.0.0.1'")
    yield d
    d.close()


@pytest.fixture(scope="session")
def shots():
    d = os.path.join(rptest.artifacts_dir(), "browser")
    os.makedirs(d, exist_ok=True)
    return d


@pytest.fixture
def browser(portal, shots, request):
    try:
        d = rptest.make_driver()
    except rptest.EnvError as e:
        pytest.fail(str(e), pytrace=False)
    yield d
    # a screenshot of where a failed test stopped
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        try:
            d.save_screenshot(os.path.join(shots, "FAILED-%s.png" % request.node.name))
        except Exception:
            pass
    rptest.quit_driver(d)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)
