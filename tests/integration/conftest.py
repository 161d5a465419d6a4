"""conftest.py: fixtures of the integration tests (signed-in clients, the
database, expectations computed with SQL, throttling clean-up)."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import rptest  # noqa: E402
from rpapply import made  # noqa: E402,F401 (a fixture of the tests that make objects)
from rptest import ADMIN_EN, ADMIN_NL, PLANNER_NL, Client  # noqa: E402,F401


def pytest_configure(config):
    config.addinivalue_line("markers", "throttle: fills login_failures; runs after every other test")
    config.addinivalue_line("markers", "serial: measures global database counters; needs no other traffic")


def pytest_collection_modifyitems(session, config, items):
    # Throttling tests lock out 127.0.0.x addresses and accounts for 15
    # minutes: they run last, after the measuring tests, and clean up.
    def rank(item):
        if item.get_closest_marker("throttle"):
            return 2
        return 0
    items.sort(key=rank)


@pytest.fixture(scope="session")
def portal():
    """The portal's base URL; fails (never skips) when it does not answer."""
    try:
        r = rptest.check_reachable()
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
        pytest.fail("cannot connect to the database (RP_DB_SOCKET=%s RP_DB_NAME=%s): %s" % (
            os.environ.get("RP_DB_SOCKET"), os.environ.get("RP_DB_NAME"), e), pytrace=False)
    yield d
    d.close()


def _clear_failures(db):
    db.exec("DELETE FROM login_failures")


@pytest.fixture(scope="session", autouse=True)
def _no_stale_failures(db):
    """Start and end the session with an empty login_failures table, so
    that an earlier run's throttling never locks out the demo accounts."""
    _clear_failures(db)
    yield
    _clear_failures(db)


@pytest.fixture
def clean_failures(db):
    """For tests that sign in wrongly: an empty login_failures table before and after."""
    _clear_failures(db)
    yield
    _clear_failures(db)


def _signed_in(portal, email):
    c = Client()
    c.login(email)
    return c


@pytest.fixture(scope="session")
def admin_nl(portal, db):
    return _signed_in(portal, ADMIN_NL)


@pytest.fixture(scope="session")
def planner(portal, db):
    return _signed_in(portal, PLANNER_NL)


@pytest.fixture(scope="session")
def admin_en(portal, db):
    return _signed_in(portal, ADMIN_EN)


@pytest.fixture
def anon(portal):
    return Client()


class Expect:
    """Expected list contents, computed with SQL from the same database the
    portal reads (never counts or names hard-coded from the seed)."""

    ORDER = {
        "updated": "c.updated_at DESC, c.id DESC",
        "name": "c.name ASC, c.id ASC",
        "eoi": "c.eoi_at DESC, c.id DESC",
    }
    # What each sort compares, per row (for checking sequences of keys,
    # which is independent of how ties are broken).
    SORT_KEY = {"updated": "updated_at", "name": "name", "eoi": "eoi_at"}

    def __init__(self, db):
        self.db = db

    def user(self, email):
        r = self.db.rows("SELECT id, org_id, role, lang FROM users WHERE email = %s", email)
        assert r, "user %s is not in the database: was the demo data loaded (refportal-admin seed-demo)?" % email
        uid, org, role, lang = r[0]
        sites = self.db.col("SELECT site_id FROM user_sites WHERE user_id = %s", uid)
        return {"id": uid, "org": org, "role": role, "lang": lang, "sites": sites}

    def org(self, org_id):
        r = self.db.rows("SELECT name, locale, contact_target_hours FROM organisations WHERE id = %s", org_id)
        return {"id": org_id, "name": r[0][0], "locale": r[0][1], "target": r[0][2]}

    def milestones(self, org_id):
        return self.db.rows("SELECT pos, mkey FROM milestones WHERE org_id = %s ORDER BY pos", org_id)

    def candidates(self, email, view="live", sort="updated"):
        """Rows the user may see in a view, in the order of sort."""
        u = self.user(email)
        statuses = rptest.LIVE_STATUSES if view == "live" else rptest.ARCHIVE_STATUSES
        sql = ("SELECT c.id, c.name, c.status, c.stage_pos, COALESCE(m.mkey, ''), c.site_id, "
               "c.vacancy_id, v.location, COALESCE(r.name, ''), c.updated_at, c.eoi_at, "
               "c.phone, c.email, c.postcode, c.referrer_id, "
               "TIMESTAMPDIFF(MINUTE, c.eoi_at, UTC_TIMESTAMP()) "
               "FROM candidates c JOIN vacancies v ON v.id = c.vacancy_id "
               "LEFT JOIN referrers r ON r.id = c.referrer_id "
               "LEFT JOIN milestones m ON m.org_id = c.org_id AND m.pos = c.stage_pos "
               "WHERE c.org_id = %%s AND c.deleted_at IS NULL AND c.status IN (%s) " %
               ",".join(["%s"] * len(statuses)))
        args = [u["org"], *statuses]
        if u["sites"]:
            sql += "AND c.site_id IN (%s) " % ",".join(["%s"] * len(u["sites"]))
            args += u["sites"]
        sql += "ORDER BY " + self.ORDER[sort]
        keys = ("id", "name", "status", "stage_pos", "stage", "site_id", "vacancy_id", "location",
                "referrer", "updated_at", "eoi_at", "phone", "email", "postcode", "referrer_id",
                "age_minutes")
        return [dict(zip(keys, r)) for r in self.db.rows(sql, *args)]

    @staticmethod
    def filtered(rows, site=None, q=None, stage=None, status=None, location=None, job=None):
        out = []
        for r in rows:
            if site is not None and str(r["site_id"]) != str(site):
                continue
            if q is not None and not (rptest.words_start(r["name"], q) or rptest.words_start(r["referrer"], q)):
                continue
            if stage is not None and r["stage"] != stage:
                continue
            if status is not None and r["status"] != status:
                continue
            if location is not None and r["location"] != location:
                continue
            if job is not None and str(r["vacancy_id"]) != str(job):
                continue
            out.append(r)
        return out

    def ids(self, email, view="live", sort="updated", **filters):
        return [r["id"] for r in self.filtered(self.candidates(email, view, sort), **filters)]


@pytest.fixture(scope="session")
def expect(db):
    return Expect(db)
