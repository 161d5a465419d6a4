"""test_counts.py: the list's totals at scale (issue 7): the counters of
cand_counts (sql/005_list_counts.sql) that lib/cand.c keeps in the
transaction of every write that adds a candidate or moves one between
lists, sites, statuses and milestones.

After outcomes, undos, a red outcome (archive) and its undo, applications,
candidates added by hand and deletions, the total each list shows (live and
archive, filtered by status, stage, site, job, location and a search, and
for a site-limited recruiter) equals a COUNT(*) computed here from the
rows; the counter table equals a GROUP BY of the candidates, also after a
race of concurrent outcomes.

Candidates are made and removed through the portal (the apply page, the
add form, the delete form), never with SQL, so that every change passes
through the code under test; what the deletion leaves behind is removed
with SQL by rpapply.Made, which the counters do not see (deleted rows are
not counted).  Helpers of other suites write candidates with SQL, behind
the counters' back, so the module starts from counters recomputed from the
rows, as refportal-admin does after loading data.
"""

import datetime
import re
import urllib.parse

import pytest

import rptest
from rptest import ADMIN_EN, ADMIN_NL, PLANNER_NL, Client, form_fields
import rpapply as ra
import rpprogress as rp
from rpprogress import post_outcome, post_undo

# The counters' GROUP BY: what lib/cand.c cand_counts_rebuild() runs.
REBUILD = ("INSERT INTO cand_counts (org_id, listed, site_id, status, stage_pos, n) "
           "SELECT org_id, listed, COALESCE(site_id, 0), status, stage_pos, COUNT(*) "
           "FROM candidates WHERE listed <> 'd' "
           "GROUP BY org_id, listed, COALESCE(site_id, 0), status, stage_pos")


@pytest.fixture(scope="module", autouse=True)
def recounted(db):
    """Counters recomputed from the rows, in one transaction."""
    db.exec("START TRANSACTION")
    db.exec("DELETE FROM cand_counts")
    db.exec(REBUILD)
    db.exec("COMMIT")
    yield


@pytest.fixture
def made(db, admin_nl):
    """What a test makes: candidates (deleted through the portal at the
    end, so that the counters see them go), vacancies, apply attempts."""
    m = ra.Made(db)
    ra.clear_attempts(db)
    yield m
    for e in m.emails:
        for cid in db.col("SELECT id FROM candidates WHERE email = %s AND deleted_at IS NULL", e):
            assert delete(admin_nl, cid).status == 303, "clean-up: delete of %d refused" % cid
    m.cleanup()
    ra.clear_attempts(db)


# ------------------------------------------------------------------ writes

def add(client, made, vid, **kw):
    """A candidate added by hand through /candidates/new; returns its id."""
    page = client.get("/candidates/new")
    assert page.status == 200 and page.name == "candidate-new", page.describe()
    f = page.form("/candidates/new", method="post")
    assert f is not None, page.describe()
    values = ra.good_fields(made)
    values.pop("consent")
    values["vacancy"] = str(vid)
    values.update(kw)
    data = [(k, v) for k, v in form_fields(f) if k not in values] + list(values.items())
    r = client.post(f.get("action"), data)
    assert r.status == 303, "adding a candidate: " + r.describe()
    return made.db.one("SELECT id FROM candidates WHERE email = %s", values["email"])


def applied(anon, made, code):
    """A candidate through the public apply page; returns its id."""
    f = ra.good_fields(made)
    r = ra.apply(anon, code, **f)
    assert r.status == 303, "applying: " + r.describe()
    return made.db.one("SELECT id FROM candidates WHERE email = %s", f["email"])


def delete(client, cid, reason="test_entry"):
    return client.post("/candidates/%d/delete" % cid, [("csrf", client.csrf()), ("reason", reason)])


def version(db, cid):
    return rp.state(db, cid)["version"]


def first_outcome(db, org, mkey, color):
    return db.one("SELECT o.okey FROM outcomes o JOIN milestones m ON m.id = o.milestone_id "
                  "WHERE m.org_id = %s AND m.mkey = %s AND o.color = %s ORDER BY o.pos LIMIT 1", org, mkey, color)


def outcome(client, db, cid, mkey, color, date=None):
    """Post the first outcome of that colour on milestone mkey."""
    okey = first_outcome(db, db.one("SELECT org_id FROM candidates WHERE id = %s", cid), mkey, color)
    r = post_outcome(client, cid, mkey, okey, version(db, cid), date=date)
    assert r.status == 303, "outcome %s=%s on %d: %s" % (mkey, okey, cid, r.describe())


def undo(client, db, cid):
    r = post_undo(client, cid, version(db, cid))
    assert r.status == 303, "undo on %d: %s" % (cid, r.describe())


# ------------------------------------------------------------------ what is shown, what is true

def shown_total(page):
    """The number the list shows ("{total} candidates" in the page's language)."""
    assert page.status == 200, page.describe()
    text = rptest.cat_text(page.lang, "list.count")
    pat = re.escape(text).replace(re.escape("{total}"), r"(\d[\d.,\u00a0\u202f ]*)")
    m = re.search(pat, page.visible_text())
    assert m, "no total (%r) on %s" % (text, page.describe())
    return int(re.sub(r"\D", "", m.group(1)))


def true_total(db, email, view, site=None, status=None, stage=None, job=None, location=None, q=None):
    """COUNT(*) over the rows the user may see, with the list's filters."""
    uid, org = db.rows("SELECT id, org_id FROM users WHERE email = %s", email)[0]
    sites = db.col("SELECT site_id FROM user_sites WHERE user_id = %s", uid)
    sql = "SELECT COUNT(*) FROM candidates c JOIN vacancies v ON v.id = c.vacancy_id " \
          "LEFT JOIN referrers r ON r.id = c.referrer_id WHERE c.org_id = %s AND c.deleted_at IS NULL "
    args = [org]
    sql += "AND c.status = 'archived' " if view == "archive" else "AND c.status <> 'archived' "
    if sites:
        sql += "AND c.site_id IN (%s) " % ",".join(["%s"] * len(sites))
        args += sites
    for value, clause in ((site, "AND c.site_id = %s "), (status, "AND c.status = %s "),
                          (stage, "AND c.stage_pos = (SELECT pos FROM milestones "
                                  "WHERE org_id = c.org_id AND mkey = %s) "),
                          (job, "AND c.vacancy_id = %s "), (location, "AND v.location = %s ")):
        if value is not None:
            sql += clause
            args.append(value)
    if q is None:
        return db.one(sql, *args)
    # A search: every word starts a word of the candidate's or the referrer's name.
    rows = db.rows(sql.replace("SELECT COUNT(*)", "SELECT c.name, COALESCE(r.name, '')", 1), *args)
    words = rptest.name_words(q)
    return sum(1 for name, ref in rows
               if all(rptest.words_start(name, w) or rptest.words_start(ref, w) for w in words))


def bucket(row):
    """(org, list, site (0: none), status, stage) of a counter or GROUP BY row."""
    return (int(row[0]), row[1], int(row[2]), row[3], int(row[4]))


def counters(db):
    """The counter table, rows that count something."""
    return {bucket(r): r[5] for r in db.rows("SELECT org_id, listed, site_id, status, stage_pos, n "
                                             "FROM cand_counts WHERE n <> 0")}


def grouped(db):
    return {bucket(r): r[5] for r in db.rows(
        "SELECT org_id, listed, COALESCE(site_id, 0), status, stage_pos, COUNT(*) "
        "FROM candidates WHERE listed <> 'd' GROUP BY 1, 2, 3, 4, 5")}


def assert_counters_exact(db, what):
    got, want = counters(db), grouped(db)
    diff = {k: (got.get(k), want.get(k)) for k in set(got) | set(want) if got.get(k) != want.get(k)}
    assert not diff, "%s: counters differ from the rows {bucket: (counter, rows)}: %r" % (what, diff)


def list_path(view, **params):
    path = "/archive" if view == "archive" else "/candidates"
    q = [(k, str(v)) for k, v in params.items() if v is not None]
    return path + ("?" + urllib.parse.urlencode(q) if q else "")


class Lists:
    """The lists whose totals a test checks, for one organisation."""

    def __init__(self, db, job, token):
        self.db = db
        org = ra.org_of(db, ADMIN_NL)
        self.sites = db.col("SELECT id FROM sites WHERE org_id = %s ORDER BY id", org)
        self.stages = db.col("SELECT mkey FROM milestones WHERE org_id = %s ORDER BY pos", org)
        self.job = job
        self.token = token

    def cases(self):
        """(email, view, filters) of every list checked."""
        live = [{}, {"status": "action"}, {"status": "waiting"}, {"status": "complete"},
                {"job": self.job}, {"location": "Utrecht"}, {"q": self.token},
                {"q": self.token, "status": "waiting"}]
        live += [{"stage": s} for s in self.stages[:3]]
        live += [{"site": s} for s in self.sites]
        live += [{"site": self.sites[0], "status": "action"},
                 {"site": self.sites[0], "stage": self.stages[1], "status": "action"}]
        arch = [{}, {"site": self.sites[0]}, {"stage": self.stages[0]}, {"q": self.token}]
        out = [(ADMIN_NL, "live", f) for f in live] + [(ADMIN_NL, "archive", f) for f in arch]
        out += [(PLANNER_NL, "live", {}), (PLANNER_NL, "live", {"status": "action"}),
                (PLANNER_NL, "live", {"stage": self.stages[1]}), (PLANNER_NL, "archive", {}),
                (ADMIN_EN, "live", {}), (ADMIN_EN, "archive", {})]
        return out

    def check(self, clients, what):
        bad = []
        for email, view, f in self.cases():
            got = shown_total(clients[email].get(list_path(view, **f)))
            want = true_total(self.db, email, view, **f)
            if got != want:
                bad.append("%s %s %r: shows %d, rows %d" % (email, view, f, got, want))
        assert not bad, "%s: list totals wrong:\n  %s" % (what, "\n  ".join(bad))
        assert_counters_exact(self.db, what)


@pytest.fixture
def clients(admin_nl, planner, admin_en):
    return {ADMIN_NL: admin_nl, PLANNER_NL: planner, ADMIN_EN: admin_en}


# ------------------------------------------------------------------ tests

def test_totals_follow_every_write(db, made, anon, clients, admin_nl):
    """Apply, add by hand, outcomes of each colour, undo, archive and back,
    complete, delete: after each, every list shows the true total."""
    org = ra.org_of(db, ADMIN_NL)
    planner_site = db.col("SELECT us.site_id FROM user_sites us JOIN users u ON u.id = us.user_id "
                          "WHERE u.email = %s", PLANNER_NL)
    assert planner_site, "%s is not limited to a site" % PLANNER_NL
    other_site = db.one("SELECT MIN(id) FROM sites WHERE org_id = %s AND id <> %s", org, planner_site[0])
    v_mine, code_mine = made.vacancy(org, site=planner_site[0])
    v_other, _ = made.vacancy(org, site=other_site)
    v_none, code_none = made.vacancy(org, site=None)
    token = ra.token()
    lists = Lists(db, v_mine, token)
    lists.check(clients, "before")

    a = applied(anon, made, code_mine)
    b = applied(anon, made, code_none)            # no site: counted under site 0
    c = add(admin_nl, made, v_other, name="Teller %s Boom" % token.capitalize())
    d = add(admin_nl, made, v_mine, name="Teller %s Dijk" % token.capitalize())
    lists.check(clients, "after two applications and two candidates added by hand")

    outcome(admin_nl, db, a, "contact", "green")          # action 1 -> action 2
    outcome(admin_nl, db, b, "contact", "orange")         # action 1 -> waiting 1
    outcome(admin_nl, db, d, "contact", "green")
    outcome(admin_nl, db, d, "interview_booked", "orange")  # action 2 -> waiting 2
    lists.check(clients, "after green and orange outcomes")

    outcome(admin_nl, db, c, "contact", "red")            # live -> archive
    outcome(admin_nl, db, d, "interview_booked", "red")   # waiting 2 -> archived 2
    lists.check(clients, "after red outcomes")

    undo(admin_nl, db, c)                                 # archive -> live
    undo(admin_nl, db, a)                                 # action 2 -> action 1
    lists.check(clients, "after undos")

    # through to complete: an EOI half a year ago, "still working" due
    today = rp.Org(db, ADMIN_NL).today()
    e = add(admin_nl, made, v_mine, name="Teller %s Eik" % token.capitalize(),
            eoi_date=rp.iso(today - datetime.timedelta(days=200)))
    keys = db.col("SELECT mkey FROM milestones WHERE org_id = %s ORDER BY pos", org)
    for k in keys:
        outcome(admin_nl, db, e, k, "green",
                date=today if k == "still_working" else today - datetime.timedelta(days=190))
    assert rp.state(db, e)["status"] == "complete"
    lists.check(clients, "after completing one")
    undo(admin_nl, db, e)                                 # complete -> action 6
    lists.check(clients, "after undoing the last green")

    assert delete(admin_nl, b).status == 303              # a live one (no site)
    assert delete(admin_nl, d).status == 303              # an archived one
    lists.check(clients, "after deletions")


def test_planners_writes_keep_the_counts(db, made, anon, clients, planner):
    """A site-limited recruiter's outcomes and additions move the same
    counters as an admin's."""
    org = ra.org_of(db, ADMIN_NL)
    site = db.col("SELECT us.site_id FROM user_sites us JOIN users u ON u.id = us.user_id "
                  "WHERE u.email = %s", PLANNER_NL)[0]
    vid, _ = made.vacancy(org, site=site)
    token = ra.token()
    lists = Lists(db, vid, token)
    x = add(planner, made, vid, name="Plan %s" % token.capitalize())
    outcome(planner, db, x, "contact", "green")
    outcome(planner, db, x, "interview_booked", "red")
    lists.check(clients, "after the planner's add, green and red")
    undo(planner, db, x)
    lists.check(clients, "after the planner's undo")


def test_counters_survive_a_race_of_outcomes(db, made, admin_nl, clients):
    """Eight recruiters' sessions move candidates of the same buckets at
    once (the counter rows they share in opposite directions), and two
    post on the same candidate from the same version: every answer is a
    303 or, for the loser of that pair, a 409; the counters equal the
    rows afterwards."""
    org = ra.org_of(db, ADMIN_NL)
    vid, _ = made.vacancy(org)
    token = ra.token()
    ids = [add(admin_nl, made, vid, name="Race %s %d" % (token.capitalize(), i)) for i in range(9)]
    # half of them one step on, so that moves go both ways between buckets
    for cid in ids[:4]:
        outcome(admin_nl, db, cid, "contact", "green")
    sessions = []
    for _ in range(10):
        c = Client()
        c.login(ADMIN_NL)
        sessions.append(c)

    def walk(client, cid, steps):
        def fn():
            own = rptest.DB()       # pymysql connections are not shared between threads
            answers = []
            try:
                for step in steps:
                    if step == "undo":
                        answers.append(post_undo(client, cid, version(own, cid)).status)
                    else:
                        okey = first_outcome(own, org, *step)
                        answers.append(post_outcome(client, cid, step[0], okey, version(own, cid)).status)
            finally:
                own.close()
            return answers
        return fn

    down = [("interview_booked", "orange"), "undo", ("interview_booked", "red"), "undo", "undo"]
    up = [("contact", "green"), ("interview_booked", "orange"), "undo", ("interview_booked", "green"), "undo"]
    calls = [walk(sessions[i], ids[i], down) for i in range(4)]
    calls += [walk(sessions[4 + i], ids[4 + i], up) for i in range(4)]
    # the same candidate, the same version, two sessions, two outcomes
    # (the same outcome twice would be taken for a repeated form)
    contested = ids[8]
    v = version(db, contested)
    red, orange = first_outcome(db, org, "contact", "red"), first_outcome(db, org, "contact", "orange")
    calls += [lambda: [post_outcome(sessions[8], contested, "contact", red, v).status],
              lambda: [post_outcome(sessions[9], contested, "contact", orange, v).status]]
    out = rp.race(calls)
    # each walk owns its candidate (and the versions it reads): all 303
    for i, answers in enumerate(out[:8]):
        assert answers == [303] * len(answers), "walk on %d answered %r" % (ids[i], answers)
    assert sorted(out[8] + out[9]) == [303, 409], "the contested pair answered %r" % (out[8:],)
    assert rp.state(db, contested)["status"] in ("archived", "waiting")
    assert_counters_exact(db, "after the race")
    Lists(db, vid, token).check(clients, "after the race")


def test_deleting_keeps_the_counts(db, made, anon, clients, admin_nl):
    """A deleted candidate leaves its list's count at once, whichever list
    it was on; deleting it again changes nothing."""
    org = ra.org_of(db, ADMIN_NL)
    vid, code = made.vacancy(org)
    token = ra.token()
    lists = Lists(db, vid, token)
    live = applied(anon, made, code)
    arch = add(admin_nl, made, vid, name="Weg %s" % token.capitalize())
    outcome(admin_nl, db, arch, "contact", "red")
    lists.check(clients, "before deleting")
    assert delete(admin_nl, live).status == 303
    assert delete(admin_nl, arch).status == 303
    lists.check(clients, "after deleting")
    assert delete(admin_nl, arch).status == 404
    lists.check(clients, "after deleting again")
