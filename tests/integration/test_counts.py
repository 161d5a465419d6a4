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
import glob
import os
import re
import shutil
import subprocess
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
    return ra.delete(client, cid, reason=reason)


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


def assert_words_listed(db, what):
    """The search's word index holds each candidate's list (sql/008): a
    candidate's words (kind c) the listed of its row, a deleted
    candidate none, a referrer's words (kind r) 'l'."""
    bad = db.rows("SELECT w.ref_id, w.word, w.listed, c.listed FROM name_words w "
                  "JOIN candidates c ON c.id = w.ref_id "
                  "WHERE w.kind = 'c' AND (w.listed <> c.listed OR c.listed = 'd') LIMIT 5")
    assert not bad, "%s: name_words.listed differs from the candidate's (id, word, words', row's): %r" % (
        what, bad)
    assert db.one("SELECT COUNT(*) FROM name_words WHERE kind = 'r' AND listed <> 'l'") == 0, \
        "%s: a referrer's words are on a list" % what


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
        assert_words_listed(self.db, what)


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


# ------------------------------------------------------------------ search totals (sql/008)

def new_referrer(client, name):
    """A referrer added through /referrers/new; returns its id."""
    page = client.get("/referrers/new")
    assert page.status == 200, page.describe()
    values = {"name": name, "email": "%s@example.org" % ra.token()}
    data = [(k, v) for k, v in form_fields(page.form("/referrers/new")) if k not in values]
    r = client.post("/referrers/new", data + list(values.items()))
    assert r.status == 303, "adding a referrer: " + r.describe()
    return int(re.search(r"/referrers/(\d+)$", r.resp.headers["Location"]).group(1))


def test_search_totals_by_own_and_referrer_name(db, made, clients, admin_nl):
    """A search's total counts the candidates of the list whose own name
    or whose referrer's name has a word starting with it, each once (its
    own words carry its list in name_words, its referrer's candidates are
    found by list through cand_referrer_listed): after adding by hand,
    archiving (red) and its undo, and deleting, whichever way each was
    matched; the archive's search too; a search of two words, and one
    with a filter, through the rows."""
    org = ra.org_of(db, ADMIN_NL)
    vid, _ = made.vacancy(org)
    token = ra.token()
    word = token.capitalize()
    lists = Lists(db, vid, token)
    rid = new_referrer(admin_nl, "Werver %s" % word)
    own = add(admin_nl, made, vid, name="Eigen %s" % word)
    by_ref = add(admin_nl, made, vid, name="Anders Iemand", referrer=str(rid))
    both = add(admin_nl, made, vid, name="Beide %s %sje" % (word, word), referrer=str(rid))
    assert db.one("SELECT COUNT(*) FROM candidates WHERE referrer_id = %s", rid) == 2

    def shown(view, q, **f):
        return shown_total(admin_nl.get(list_path(view, q=q, **f)))

    lists.check(clients, "after three added: own name, referrer's, both")
    assert shown("live", token) == 3, "a candidate matched by both names is not counted once"
    assert shown("live", token[:4]) == true_total(db, ADMIN_NL, "live", q=token[:4])
    assert shown("live", "beide " + token) == 1
    assert shown("live", "werver") == true_total(db, ADMIN_NL, "live", q="werver")

    outcome(admin_nl, db, by_ref, "contact", "red")       # matched by its referrer only
    outcome(admin_nl, db, both, "contact", "red")         # matched both ways
    lists.check(clients, "after archiving two")
    assert (shown("live", token), shown("archive", token)) == (1, 2)
    assert shown("archive", token, site=lists.sites[0]) == true_total(
        db, ADMIN_NL, "archive", site=lists.sites[0], q=token)

    undo(admin_nl, db, by_ref)
    lists.check(clients, "after undoing one")
    assert (shown("live", token), shown("archive", token)) == (2, 1)

    assert delete(admin_nl, both).status == 303           # an archived one, matched both ways
    assert delete(admin_nl, own).status == 303
    lists.check(clients, "after deleting two")
    assert (shown("live", token), shown("archive", token)) == (1, 0)
    assert db.one("SELECT COUNT(*) FROM name_words WHERE kind = 'c' AND ref_id IN (%s, %s)",
                  both, own) == 0, "a deleted candidate keeps its words"


def test_applied_candidates_words_are_live(db, made, anon, clients):
    """An application's words go onto the live list with it."""
    org = ra.org_of(db, ADMIN_NL)
    vid, code = made.vacancy(org)
    cid = applied(anon, made, code)
    assert set(db.col("SELECT listed FROM name_words WHERE kind = 'c' AND ref_id = %s", cid)) == {"l"}
    assert_words_listed(db, "after an application")


def test_migration_fills_words_listed(db, tmp_path):
    """sql/008 on a database at sql/007 with data: every candidate's
    words take its list (live, archived), a deleted candidate's are
    removed, a referrer's hold 'l', no other word is lost, and
    cand_referrer_listed replaces cand_referrer."""
    main, user = rptest.env("RP_DB_NAME"), rptest.env("RP_DB_USER")
    name = main + "_mig008"
    root = rptest.root_connect()
    with root.cursor() as c:
        c.execute("DROP DATABASE IF EXISTS `%s`" % name)
        c.execute("CREATE DATABASE `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" % name)
        c.execute("GRANT ALL PRIVILEGES ON `%s`.* TO %%s@'localhost'" % name, (user,))
    old = tmp_path / "sql007"
    old.mkdir()
    for f in sorted(glob.glob(os.path.join(rptest.src_dir(), "sql", "00[1-7]_*.sql"))):
        shutil.copy(f, str(old))
    with open(rptest.env("RP_CONF"), encoding="utf-8") as f:
        conf_text = f.read()
    conf = tmp_path / "mig.conf"
    conf.write_text(conf_text + "\ndb_name = %s\n" % name, encoding="utf-8")

    def migrate(*args):
        p = subprocess.run([rptest.env("RP_ADMIN"), "--config", str(conf), "migrate", *args],
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
        assert p.returncode == 0, "migrate: %s%s" % (p.stdout.decode(), p.stderr.decode())
        return p.stdout.decode()

    try:
        assert "007_listed_column.sql" in migrate("--sql-dir", str(old))
        # The portal's data at sql/007: its tables copied, the words
        # without a list; some candidates moved to the archive and some
        # deleted with their words kept (no write leaves them, but the
        # count reads no rows now: the migration removes them).
        for t in ("organisations", "sites", "vacancies", "referrers", "candidates"):
            db.exec("INSERT INTO `%s`.%s SELECT * FROM `%s`.%s" % (name, t, main, t))
        db.exec("INSERT INTO `%s`.name_words (org_id, word, kind, ref_id) "
                "SELECT org_id, word, kind, ref_id FROM `%s`.name_words" % (name, main))
        db.exec("UPDATE `%s`.candidates SET status = 'archived', listed = 'a' WHERE MOD(id, 3) = 1" % name)
        db.exec("UPDATE `%s`.candidates SET deleted_at = UTC_TIMESTAMP(), listed = 'd' "
                "WHERE MOD(id, 7) = 2" % name)
        nwords = db.one("SELECT COUNT(*) FROM `%s`.name_words" % name)
        gone = db.one("SELECT COUNT(*) FROM `%s`.name_words w LEFT JOIN `%s`.candidates c "
                      "ON c.id = w.ref_id WHERE w.kind = 'c' AND (c.id IS NULL OR c.deleted_at IS NOT NULL)"
                      % (name, name))
        assert gone > 0, "no deleted candidate has words"
        lists = db.col("SELECT DISTINCT c.listed FROM `%s`.name_words w JOIN `%s`.candidates c "
                       "ON c.id = w.ref_id WHERE w.kind = 'c'" % (name, name))
        assert sorted(lists) == ["a", "d", "l"], "the copied data lacks a list: %r" % lists

        assert "008_search_listed.sql" in migrate()
        assert db.one("SELECT COUNT(*) FROM `%s`.name_words" % name) == nwords - gone
        assert db.one("SELECT COUNT(*) FROM `%s`.name_words w LEFT JOIN `%s`.candidates c "
                      "ON c.id = w.ref_id WHERE w.kind = 'c' AND (c.id IS NULL OR c.listed <> w.listed)"
                      % (name, name)) == 0
        assert db.one("SELECT COUNT(*) FROM `%s`.name_words WHERE kind = 'r' AND listed <> 'l'" % name) == 0
        keys = db.rows("SELECT index_name, GROUP_CONCAT(column_name ORDER BY seq_in_index) "
                       "FROM information_schema.statistics WHERE table_schema = %s "
                       "AND ((table_name = 'candidates' AND column_name = 'referrer_id') "
                       "OR (table_name = 'name_words' AND index_name = 'PRIMARY')) "
                       "GROUP BY table_name, index_name ORDER BY index_name", name)
        assert sorted(tuple(k) for k in keys) == [("PRIMARY", "org_id,kind,listed,word,ref_id"),
                                                  ("cand_referrer_listed", "referrer_id")], keys
    finally:
        with root.cursor() as c:
            c.execute("DROP DATABASE IF EXISTS `%s`" % name)
            c.execute("REVOKE ALL PRIVILEGES ON `%s`.* FROM %%s@'localhost'" % name, (user,))
        root.close()
