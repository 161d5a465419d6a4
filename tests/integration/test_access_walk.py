"""test_access_walk.py: every route of every program, as an attacker would
walk it (issue 8, item 5).

The routes are read at test time from the route tables of cgi-bin/*.c
(the `{ HTTP_..., "/path/%d", handler, flags }` rows), so a new route is
walked without editing this file; a new kind of object in a path (a %d
after an unknown prefix) fails until KINDS below says which table its ids
come from.

Walks, each request recorded in $RP_ARTIFACTS/access-walk.txt:
- another organisation's ids, signed in as an admin of De Linde (both
  ways round: Meadowbank's admin on De Linde's ids too): a GET answers 404
  (DESIGN.md 4.3: never 403, never 200); a POST, sent with the fields of a
  real form of the user's own organisation and a valid CSRF token, answers
  4xx and changes nothing;
- a recruiter limited to one site (planner@delinde.test) on objects of the
  other sites, and on the admins' settings: GET 403/404, POST 4xx and no
  change;
- no session: every non-public GET goes to the sign-in page (303), every
  non-public POST too, and changes nothing;
- every POST route without its csrf field, and with a wrong one: 403;
- no GET changes state: a checksum of the main tables before and after
  all the GETs (page views may add audit rows of kind *.view only).
"""

import glob
import os
import re
import urllib.parse

import pytest

import rptest
from rptest import ADMIN_EN, ADMIN_NL, PLANNER_NL, Client

ROUTE_ROW = re.compile(r'\{\s*(HTTP_[A-Z]+(?:\s*\|\s*HTTP_[A-Z]+)*)\s*,\s*"(/[^"]*)"\s*,\s*(\w+)\s*,\s*([^}]*)\}')

# Path prefix of a %d -> (table, column holding the site or None).
KINDS = [
    ("/candidates/", "candidates", "site_id"),
    ("/referrers/", "referrers", "site_id"),
    ("/vacancies/", "vacancies", "site_id"),
    ("/settings/users/", "users", None),
    ("/settings/sites/", "sites", None),
    ("/settings/mail/", "outbox", None),
]

# Kinds the demo data may hold none of: the walk makes two rows per
# organisation for itself (removed afterwards).
MADE = {
    "outbox": ("INSERT INTO outbox (org_id, cause, kind, recipient, payload, status, attempts, last_error) "
               "VALUES (%s, %s, 'invitation', 'walk@example.invalid', '<mail/>', 'failed', 1, "
               "'550 made by test_access_walk')", "DELETE FROM outbox WHERE cause LIKE 'walk:%%'"),
}


@pytest.fixture(scope="module", autouse=True)
def made_rows(db):
    """Rows of the MADE kinds for every organisation, for the walk's whole run."""
    orgs = db.col("SELECT id FROM organisations")
    for table, (insert, delete) in MADE.items():
        db.exec(delete)
        for org in orgs:
            for k in range(2):
                db.exec(insert, org, "walk:%s:%d:%d" % (table, org, k))
    yield
    for table, (insert, delete) in MADE.items():
        db.exec(delete)

# The tables whose content no walk may change (volatile columns left out:
# the mailer works on the outbox meanwhile, and a session's last visit is
# refreshed by any page).
WATCHED = {
    "organisations": None, "sites": None, "users": None, "user_sites": None,
    "referrers": None, "vacancies": None, "candidates": None, "milestones": None,
    "outcomes": None, "candidate_events": None, "points_ledger": None,
    "user_tokens": None, "name_words": None,
    "outbox": ("id", "org_id", "cause", "kind", "recipient", "payload", "candidate_id", "event_id",
               "created_at"),
}
# Cancelled outbox rows would show an undo that should not have happened.
EXTRA_SQL = {
    "outbox cancelled": "SELECT COUNT(*) FROM outbox WHERE status = 'cancelled'",
    "audit (not views)": "SELECT COUNT(*) FROM audit_log WHERE action NOT LIKE '%%.view'",
    "sessions of other users": None,    # filled in per walk
}


def routes():
    """[(program, methods, pattern, handler, public)] of every cgi-bin/*.c."""
    out = []
    for path in sorted(glob.glob(os.path.join(rptest.src_dir(), "cgi-bin", "*.c"))):
        prog = os.path.basename(path)[:-2]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for m in ROUTE_ROW.finditer(text):
            methods = {x.strip()[5:] for x in m.group(1).split("|")}
            out.append((prog, methods, m.group(2), m.group(3), "ROUTE_PUBLIC" in m.group(4)))
    return out


def kind_of(pattern):
    for prefix, table, sitecol in KINDS:
        if pattern.startswith(prefix + "%d"):
            return table, sitecol
    return None


def fill(pattern, oid, code="nosuchcode"):
    return pattern.replace("%d", str(oid)).replace("%s", code)


def pattern_re(pattern):
    return re.compile("^" + re.escape(pattern).replace("%d", r"[1-9][0-9]*").replace("%s", r"[A-Za-z0-9_-]+") + "$")


class World:
    """Ids by kind: the organisation's own, another organisation's, and
    those of sites a limited recruiter may not see."""

    def __init__(self, db):
        self.db = db
        self.org = {e: db.one("SELECT org_id FROM users WHERE email = %s", e) for e in (ADMIN_NL, ADMIN_EN)}
        pid = db.one("SELECT id FROM users WHERE email = %s", PLANNER_NL)
        self.planner_sites = db.col("SELECT site_id FROM user_sites WHERE user_id = %s", pid)
        assert self.planner_sites, "%s is not limited to sites" % PLANNER_NL

    def ids(self, table, org, sitecol=None, not_sites=None, n=2):
        sql = "SELECT id FROM %s WHERE org_id = %%s" % table
        args = [org]
        if table == "candidates":
            sql += " AND deleted_at IS NULL"
        if not_sites:
            sql += " AND %s IS NOT NULL AND %s NOT IN (%s)" % (sitecol, sitecol, ",".join(["%s"] * len(not_sites)))
            args += not_sites
        rows = self.db.col(sql + " ORDER BY id", *args)
        if len(rows) <= n:
            return rows
        return [rows[0], rows[-1]][:n]


def checksum(db, extra_sessions_of=None):
    out = {}
    for table, cols in WATCHED.items():
        if cols is None:
            cols = db.col("SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() "
                          "AND table_name = %s ORDER BY ordinal_position", table)
            assert cols, "table %s is missing" % table
        expr = "CONCAT_WS('|', %s)" % ", ".join("COALESCE(`%s`, '~')" % c for c in cols)
        out[table] = db.rows("SELECT COUNT(*), COALESCE(SUM(CRC32(%s)), 0) FROM `%s`" % (expr, table))[0]
    for what, sql in EXTRA_SQL.items():
        if sql:
            out[what] = db.one(sql)
    return out


def diff(before, after):
    return ["%s: %r -> %r" % (k, before[k], after[k]) for k in before if before[k] != after[k]]


class Walk:
    def __init__(self, db):
        self.db = db
        self.log = []
        self.bad = []

    def record(self, who, method, path, page, ok, why=""):
        self.log.append("%-8s %-4s %-40s %d%s" % (who, method, path, page.status, "" if ok else "  FAIL " + why))
        if not ok:
            self.bad.append("%s %s %s: %d (%s) %s" % (who, method, path, page.status, why,
                                                      page.visible_text()[:160]))

    def write(self, name):
        path = os.path.join(rptest.artifacts_dir(), name)
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(self.log) + "\n")
        return path


def _to_login(page):
    return page.status in (302, 303) and urllib.parse.urlsplit(
        page.resp.headers.get("Location", "")).path.endswith("/login")


@pytest.fixture(scope="module")
def world(db):
    return World(db)


@pytest.fixture(scope="module")
def all_routes():
    r = routes()
    assert len(r) >= 20, "found only %d routes in cgi-bin/*.c: has the route table format changed?" % len(r)
    unknown = sorted({p for _, _, p, _, _ in r if "%d" in p and kind_of(p) is None})
    assert not unknown, "routes with ids of an unknown kind (add them to KINDS): %r" % unknown
    return r


def own_forms(client, all_routes, world, email):
    """Real forms of the user's own organisation, by route pattern: the
    fields a browser would post (crawled from every GET route with own ids)."""
    org = world.org[email]
    forms = {}
    posts = [(p, pattern_re(p)) for _, m, p, _, _ in all_routes if "POST" in m]
    for _, methods, pattern, _, public in all_routes:
        if "GET" not in methods or "%s" in pattern:
            continue
        k = kind_of(pattern)
        ids = world.ids(k[0], org, n=1) if k else [None]
        for oid in ids:
            page = client.get(fill(pattern, oid) if oid else pattern)
            if page.status != 200:
                continue
            for f in page.doc.find_all("form"):
                if (f.get("method") or "get").lower() != "post":
                    continue
                path = urllib.parse.urlsplit(urllib.parse.urljoin(client.base + "/", f.get("action") or "")).path
                for p, rx in posts:
                    if rx.match(path) and p not in forms:
                        forms[p] = clicked(f)
    for p, fields in FALLBACK.items():
        forms.setdefault(p, fields)
    return forms


def clicked(form):
    """The fields a browser sends when the form's first named button is clicked."""
    out = rptest.form_fields(form)
    # A required choice nobody has made yet: its first option.
    for n in form.iter():
        if n.tag == "input" and (n.get("type") or "").lower() == "radio" and n.get("name") \
                and n.get("name") not in dict(out):
            out.append((n.get("name"), n.get("value", "on")))
    for n in form.iter():
        if n.tag in ("button", "input") and n.get("name") and \
                (n.get("type") or ("submit" if n.tag == "button" else "text")).lower() == "submit":
            out.append((n.get("name"), n.get("value", "")))
            break
    return out


# Forms that need an earlier step (an undo needs an outcome first).
FALLBACK = {"/candidates/%d/undo": [("version", "1")]}


def aimed(db, fields, pattern, oid):
    """A form's fields aimed at another candidate: its current version and
    milestone, as an attacker who can guess them would send."""
    if not pattern.startswith("/candidates/%d"):
        return fields
    r = db.rows("SELECT c.version, COALESCE(m.mkey, '') FROM candidates c LEFT JOIN milestones m "
                "ON m.org_id = c.org_id AND m.pos = c.stage_pos WHERE c.id = %s", oid)
    if not r:
        return fields
    repl = {"version": str(r[0][0]), "milestone": r[0][1]}
    return [(a, repl.get(a, b)) for a, b in fields]


def test_routes_are_discovered(all_routes):
    progs = {r[0] for r in all_routes}
    assert {"login", "candidates"} <= progs, progs
    assert any("POST" in r[1] for r in all_routes)


def test_walk_every_route(db, world, all_routes):
    walk = Walk(db)
    admin_nl, admin_en, planner, anon = Client(), Client(), Client(), Client()
    admin_nl.login(ADMIN_NL)
    admin_en.login(ADMIN_EN)
    planner.login(PLANNER_NL)
    org_nl, org_en = world.org[ADMIN_NL], world.org[ADMIN_EN]

    # Foreign ids per identity: (client, name, {table: ids}, statuses a GET may answer).
    def foreign(org):
        return {t: world.ids(t, org) for _, t, _ in KINDS}

    limited = {t: (world.ids(t, org_nl, sc, world.planner_sites) if sc else world.ids(t, org_nl))
               for _, t, sc in KINDS}
    walkers = [
        (admin_nl, "admin-nl", foreign(org_en), (404,)),
        (admin_en, "admin-en", foreign(org_nl), (404,)),
        (planner, "planner", limited, (403, 404)),
    ]
    for _, name, ids, _ in walkers:
        for t, v in ids.items():
            assert v, "%s: no %s to try (the demo data should have some)" % (name, t)

    forms = own_forms(admin_nl, all_routes, world, ADMIN_NL)
    before = checksum(db)

    # 1. GETs: own ids first (the kinds are right when these answer 200).
    gets = [r for r in all_routes if "GET" in r[1]]
    for prog, methods, pattern, handler, public in gets:
        k = kind_of(pattern)
        if k:
            own = world.ids(k[0], org_nl, n=1)
            p = admin_nl.get(fill(pattern, own[0]))
            walk.record("admin-nl", "GET", fill(pattern, own[0]), p, p.status == 200,
                        "own object (is the kind of %s right?)" % pattern)
    for client, name, ids, allowed in walkers:
        for prog, methods, pattern, handler, public in gets:
            k = kind_of(pattern)
            if k:
                for oid in ids[k[0]]:
                    path = fill(pattern, oid)
                    p = client.get(path)
                    walk.record(name, "GET", path, p, p.status in allowed and p.name == "error",
                                "another's object must answer %s" % "/".join(map(str, allowed)))
            elif name == "planner" and pattern.startswith("/settings") and not public:
                p = client.get(pattern)
                walk.record(name, "GET", pattern, p, p.status in (403, 404), "admin-only page")
    for prog, methods, pattern, handler, public in gets:
        k = kind_of(pattern)
        path = fill(pattern, world.ids(k[0], org_nl, n=1)[0]) if k else fill(pattern, 1)
        p = anon.get(path)
        if public:
            walk.record("anon", "GET", path, p, p.status in (200, 400, 404), "public page")
        else:
            walk.record("anon", "GET", path, p, _to_login(p), "must go to the sign-in page")
    after_gets = checksum(db)
    changed = diff(before, after_gets)
    assert not changed, "GET requests changed the database:\n" + "\n".join(changed)

    # 2. POSTs with another's ids: a real form of one's own organisation,
    # with one's own valid CSRF token, aimed at the other object.
    posts = [r for r in all_routes if "POST" in r[1]]
    for client, name, ids, allowed in walkers:
        token = client.csrf()
        for prog, methods, pattern, handler, public in posts:
            k = kind_of(pattern)
            if not k:
                if name == "planner" and pattern.startswith("/settings") and not public:
                    fields = [(a, b) for a, b in forms.get(pattern, []) if a != "csrf"] + [("csrf", token)]
                    p = client.post(pattern, fields)
                    walk.record(name, "POST", pattern, p, p.status in (403, 404), "admin-only action")
                continue
            fields = [(a, b) for a, b in forms.get(pattern, []) if a != "csrf"] + [("csrf", token)]
            for oid in ids[k[0]]:
                path = fill(pattern, oid)
                p = client.post(path, aimed(db, fields, pattern, oid))
                walk.record(name, "POST", path, p, p.status in allowed,
                            "another's object: %s expected%s" % ("/".join(map(str, allowed)),
                                                             "" if pattern in forms else " (no form found)"))
    # 3. POSTs without a session.
    for prog, methods, pattern, handler, public in posts:
        k = kind_of(pattern)
        path = fill(pattern, world.ids(k[0], org_nl, n=1)[0]) if k else fill(pattern, "1")
        fields = [(a, b) for a, b in forms.get(pattern, []) if a != "csrf"]
        p = anon.post(path, fields)
        if public:
            walk.record("anon", "POST", path, p, p.status in (400, 403, 404), "public form without csrf")
        else:
            walk.record("anon", "POST", path, p, _to_login(p) or p.status in (400, 403),
                        "must not act without a session")
    after = checksum(db)
    changed = diff(after_gets, after)
    log = walk.write("access-walk.txt")
    assert not changed, "POSTs on others' objects or without a session changed the database " \
        "(log: %s):\n%s" % (log, "\n".join(changed))
    assert not walk.bad, "%d of %d requests answered wrongly (log: %s):\n%s" % (
        len(walk.bad), len(walk.log), log, "\n".join(walk.bad[:40]))
    assert len(walk.log) > 3 * len(all_routes)


def test_every_post_route_needs_its_csrf_field(db, world, all_routes):
    """Own objects, a real form's fields, the csrf field left out or wrong:
    403 before the handler runs, nothing changes."""
    admin = Client()
    admin.login(ADMIN_NL)
    forms = own_forms(admin, all_routes, world, ADMIN_NL)
    anon = Client()
    anon.get("/login")      # the pre-session cookie of public forms
    before = checksum(db)
    walk = Walk(db)
    for prog, methods, pattern, handler, public in all_routes:
        if "POST" not in methods:
            continue
        k = kind_of(pattern)
        path = fill(pattern, world.ids(k[0], world.org[ADMIN_NL], n=1)[0]) if k else fill(pattern, "1")
        if "%s" in pattern:
            code = db.one("SELECT code FROM vacancies WHERE org_id = %s ORDER BY id LIMIT 1", world.org[ADMIN_NL])
            path = fill(pattern, 0, code or "nosuchcode")
        client = anon if public else admin
        fields = [(a, b) for a, b in forms.get(pattern, []) if a != "csrf"]
        p = client.post(path, fields)
        walk.record("no-csrf", "POST", path, p, p.status == 403, "a POST without csrf must be refused")
        p = client.post(path, fields + [("csrf", "A" * 43)])
        walk.record("bad-csrf", "POST", path, p, p.status == 403, "a POST with a wrong csrf must be refused")
    changed = diff(before, checksum(db))
    log = walk.write("csrf-walk.txt")
    assert not changed, "POSTs without a valid csrf changed the database:\n" + "\n".join(changed)
    assert not walk.bad, "(log: %s)\n%s" % (log, "\n".join(walk.bad))
