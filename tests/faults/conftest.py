"""conftest.py: fixtures of the fault tests (issue 8, items 6 and 7).

They run in their own stage of scripts/check, after every other suite,
against the same stack: they stop and restart its database, cut
connections and run a private copy of a program, so they never share a
pytest session with tests that expect a quiet stack.  Besides the
variables of tests/README.md they read RP_BUILD (the build with the
programs and tests/faults/txn_deadlock) and RP_DB_STOP_CMD /
RP_DB_START_CMD (shell commands that stop and start the stack's MariaDB).
"""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "integration"))

import rptest  # noqa: E402


def pytest_collection_modifyitems(session, config, items):
    # The database outage last: everything else wants a database.
    items.sort(key=lambda it: 1 if "db_outage" in it.nodeid else 0)


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
    except rptest.EnvError as e:
        pytest.fail(str(e), pytrace=False)
    except Exception as e:  # pymysql errors
        pytest.fail("cannot connect to the database: %s" % e, pytrace=False)
    yield d
    try:
        d.close()
    except Exception:
        pass

