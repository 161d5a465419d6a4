"""test_generate.py: the benchmark data of refportal-admin generate (issue 7).

generate loads candidates, their events, the points ledger and the search
words with a few statements per table, on two connections at once (the
events, ledger and words are made from the same choices as the candidates,
not read from their rows), builds the indexes of a fresh database after the
load and turns foreign key checks off meanwhile: nothing in the database
checks what it writes.  So this checks it, in a database of
its own made for the purpose (the stack's root account from RP_VAR/db-root.cnf
creates it, the portal's user fills it, as scripts/bench does): every
candidate's cached state (status, stage, progress, version, updated_at) is
what its events give (lib/org.c org_state_derive, below in Python), each
undone outcome has exactly one undo after it, the ledger holds an award for
every green outcome worth points of a candidate with a referrer and a
reversal for every such outcome undone, every candidate and referrer has the
search words of its name, every reference stays within its organisation,
the organisations have the sizes generate promises, the indexes are those
of the migrations again, --verbose says the phases of both connections, and
a second run is refused.

RP_GEN_CANDIDATES (default 10000) sets the size, for a check by hand at
1,000,000 (a few minutes).
"""

import os
import re
import subprocess

import pytest

import rptest

SEED = 7
LARGE_NAME = "Generated Care Group"
LARGE_LIVE = 50000
SUMMARY = re.compile(r"generated (\d+) candidates \((\d+) events, (\d+) name words\) in "
                     r"(\d+) organisations in [\d.]+ s: \d+ candidates/s")
# The tables whose indexes generate drops and builds again on a fresh database.
KEYED = ("candidates", "candidate_events", "name_words", "points_ledger")


def candidates_wanted():
    return int(os.environ.get("RP_GEN_CANDIDATES", "10000"))


class ScratchDB(rptest.DB):
    """rptest.DB over a connection of our own."""

    def __init__(self, conn):
        self.conn = conn


def admin(conf, *args, timeout=900):
    p = subprocess.run([rptest.env("RP_ADMIN"), "--config", conf, *args], stdin=subprocess.DEVNULL,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


@pytest.fixture(scope="module")
def gen(tmp_path_factory):
    """A fresh database, migrated and generated into; yields (db, summary
    match, conf path, n); dropped at the end."""
    try:
        name = rptest.env("RP_DB_NAME") + "_gen"
        user = rptest.env("RP_DB_USER")
        root = rptest.root_connect()
    except rptest.EnvError as e:
        pytest.fail(str(e), pytrace=False)
    with root.cursor() as c:
        c.execute("DROP DATABASE IF EXISTS `%s`" % name)
        c.execute("CREATE DATABASE `%s` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" % name)
        c.execute("GRANT ALL PRIVILEGES ON `%s`.* TO %%s@'localhost'" % name, (user,))
    with open(rptest.env("RP_CONF"), encoding="utf-8") as f:
        text = f.read()
    conf = os.path.join(str(tmp_path_factory.mktemp("generate")), "generate.conf")
    with open(conf, "w", encoding="utf-8") as f:
        f.write(text + "\n# test_generate.py: a database of its own\ndb_name = %s\n" % name)
    n = candidates_wanted()
    try:
        rc, out, err = admin(conf, "migrate")
        assert rc == 0, "migrate exited %d:\n%s%s" % (rc, out, err)
        rc, out, err = admin(conf, "generate", "--candidates", str(n), "--seed", str(SEED), "--verbose")
        assert rc == 0, "generate exited %d:\n%s%s" % (rc, out, err)
        m = SUMMARY.search(out)
        assert m, "no summary line in generate's output:\n" + out
        conn = rptest.db_connect()
        conn.select_db(name)
        db = ScratchDB(conn)
        db.phases = err
        yield db, m, conf, n
        db.close()
    finally:
        with root.cursor() as c:
            c.execute("DROP DATABASE IF EXISTS `%s`" % name)
            c.execute("REVOKE ALL PRIVILEGES ON `%s`.* FROM %%s@'localhost'" % name, (user,))
        root.close()


def derive(colors):
    """lib/org.c org_state_derive(): (status, stage_pos, progress) from the
    effective colour ('g', 'o', 'r' or '-') of each milestone, in order."""
    n = len(colors)
    stage = next((i + 1 for i, c in enumerate(colors) if c != "g"), n + 1)
    if "r" in colors:
        status = "archived"
    elif stage == n + 1:
        status = "complete"
    elif colors[stage - 1] == "o":
        status = "waiting"
    else:
        status = "action"
    return status, stage, "".join(colors)


def test_summary_counts_what_is_there(gen):
    db, m, _, n = gen
    ncand, nev, nwords, norgs = (int(x) for x in m.groups())
    assert ncand == n == db.one("SELECT COUNT(*) FROM candidates")
    assert nev == db.one("SELECT COUNT(*) FROM candidate_events")
    assert nwords == db.one("SELECT COUNT(*) FROM name_words")
    assert norgs == db.one("SELECT COUNT(*) FROM organisations WHERE name LIKE 'Generated Care%%'")


def test_organisations_have_the_promised_sizes(gen):
    db, _, _, n = gen
    rows = db.rows(
        "SELECT o.id, o.name, (SELECT COUNT(*) FROM candidates c WHERE c.org_id = o.id),"
        " (SELECT COUNT(*) FROM vacancies v WHERE v.org_id = o.id),"
        " (SELECT COUNT(*) FROM referrers r WHERE r.org_id = o.id),"
        " (SELECT COUNT(*) FROM sites s WHERE s.org_id = o.id),"
        " (SELECT COUNT(*) FROM milestones m WHERE m.org_id = o.id)"
        " FROM organisations o ORDER BY o.id")
    assert len(rows) >= 2, "one large organisation and others: %r" % rows
    for oid, name, nc, nv, nr, ns, nm in rows:
        what = "%s (id %d)" % (name, oid)
        assert nc > 0, what
        assert nv == min(max(nc // 400, 3), 60), "%s: %d vacancies for %d candidates" % (what, nv, nc)
        assert nr == min(max(nc // 15, 5), 3000), "%s: %d referrers for %d candidates" % (what, nr, nc)
        assert ns in ((6,) if name == LARGE_NAME else range(0, 5)), "%s: %d sites" % (what, ns)
        assert nm == 6, "%s: %d milestones" % (what, nm)
    large = [r for r in rows if r[1] == LARGE_NAME]
    assert len(large) == 1
    live = db.one("SELECT COUNT(*) FROM candidates WHERE org_id = %s AND listed = 'l'", large[0][0])
    if live < LARGE_LIVE:
        assert large[0][2] == n * 7 // 10, "the large organisation is 70%% of a small run"
    else:
        assert live == LARGE_LIVE, "the large organisation has %d live candidates" % live
    assert db.one("SELECT COUNT(*) FROM users WHERE email = 'bench@generated.test' AND org_id = %s",
                  large[0][0]) == 1


# lib/org.c's default milestones: each outcome's key and colour, in menu order.
DEFAULT_OUTCOMES = (
    ("contact", "contact_made green no_answer orange unreachable red not_interested red"
     " not_suitable red"),
    ("interview_booked", "booked green arranging orange declined red not_suitable red"),
    ("interview", "completed green rescheduled orange no_show red unsuccessful red"),
    ("offer", "offer_accepted green offer_pending orange checks_pending orange"
     " offer_declined red checks_failed red"),
    ("started", "started green start_delayed orange did_not_start red"),
    ("still_working", "still_working green check_later orange left red"),
)


def test_organisations_have_the_default_outcomes_in_order(gen):
    """org_create writes each milestone's outcomes in one statement: every
    organisation gets all of them, numbered 1, 2, ... green first."""
    db, _, _, _ = gen
    want = [(pos + 1, key, tuple(zip(text.split()[::2], text.split()[1::2])))
            for pos, (key, text) in enumerate(DEFAULT_OUTCOMES)]
    got = {}
    for org, mpos, mkey, okey, color, opos in db.rows(
            "SELECT m.org_id, m.pos, m.mkey, o.okey, o.color, o.pos FROM milestones m"
            " JOIN outcomes o ON o.milestone_id = m.id ORDER BY m.org_id, m.pos, o.pos"):
        ms = got.setdefault(org, {})
        outs = ms.setdefault((mpos, mkey), [])
        assert opos == len(outs) + 1, "org %d %s: outcome %s at %d" % (org, mkey, okey, opos)
        outs.append((okey, color))
    assert len(got) == db.one("SELECT COUNT(*) FROM organisations")
    for org, ms in got.items():
        assert [(p, k, tuple(o)) for (p, k), o in sorted(ms.items())] == want, "org %d" % org


def test_references_stay_within_the_organisation(gen):
    db, _, _, _ = gen
    checks = {
        "candidate's vacancy": "SELECT COUNT(*) FROM candidates c LEFT JOIN vacancies v ON v.id = c.vacancy_id"
                               " WHERE v.org_id IS NULL OR v.org_id <> c.org_id",
        "candidate's site (its vacancy's)": "SELECT COUNT(*) FROM candidates c JOIN vacancies v ON v.id = c.vacancy_id"
                                            " WHERE NOT (c.site_id <=> v.site_id)",
        "candidate's referrer": "SELECT COUNT(*) FROM candidates c LEFT JOIN referrers r ON r.id = c.referrer_id"
                                " WHERE c.referrer_id IS NOT NULL AND (r.org_id IS NULL OR r.org_id <> c.org_id)",
        "site": "SELECT COUNT(*) FROM candidates c LEFT JOIN sites s ON s.id = c.site_id"
                " WHERE c.site_id IS NOT NULL AND (s.org_id IS NULL OR s.org_id <> c.org_id)",
        "vacancy's site": "SELECT COUNT(*) FROM vacancies v LEFT JOIN sites s ON s.id = v.site_id"
                          " WHERE v.site_id IS NOT NULL AND (s.org_id IS NULL OR s.org_id <> v.org_id)",
        "referrer's site": "SELECT COUNT(*) FROM referrers r LEFT JOIN sites s ON s.id = r.site_id"
                           " WHERE r.site_id IS NOT NULL AND (s.org_id IS NULL OR s.org_id <> r.org_id)",
        "event's candidate": "SELECT COUNT(*) FROM candidate_events e LEFT JOIN candidates c ON c.id = e.candidate_id"
                             " WHERE c.org_id IS NULL OR c.org_id <> e.org_id",
        "event's milestone": "SELECT COUNT(*) FROM candidate_events e LEFT JOIN milestones m ON m.id = e.milestone_id"
                             " WHERE m.org_id IS NULL OR m.org_id <> e.org_id",
        "event's outcome": "SELECT COUNT(*) FROM candidate_events e LEFT JOIN outcomes o ON o.id = e.outcome_id"
                           " WHERE (e.kind = 'outcome') <> (o.milestone_id <=> e.milestone_id)",
        "ledger's referrer": "SELECT COUNT(*) FROM points_ledger l LEFT JOIN referrers r ON r.id = l.referrer_id"
                             " WHERE r.org_id IS NULL OR r.org_id <> l.org_id",
    }
    for what, sql in checks.items():
        assert db.one(sql) == 0, "%s: rows pointing elsewhere (%s)" % (what, sql)


def test_cached_state_is_what_the_events_give(gen):
    db, _, _, _ = gen
    nms = {org: n for org, n in db.rows("SELECT org_id, COUNT(*) FROM milestones GROUP BY org_id")}
    # The effective outcome of each milestone: its latest one not undone.
    eff = {}
    for cid, pos, color in db.rows(
            "SELECT x.candidate_id, x.pos, o.color FROM (SELECT e.candidate_id, m.pos, MAX(e.id) AS eid"
            " FROM candidate_events e JOIN milestones m ON m.id = e.milestone_id"
            " WHERE e.kind = 'outcome' AND e.undone = 0 GROUP BY e.candidate_id, m.pos) x"
            " JOIN candidate_events e ON e.id = x.eid JOIN outcomes o ON o.id = e.outcome_id"):
        eff.setdefault(cid, {})[pos] = color[0]
    bad = []
    rows = db.rows("SELECT id, org_id, status, stage_pos, progress FROM candidates")
    for cid, org, status, stage, progress in rows:
        colors = [eff.get(cid, {}).get(p, "-") for p in range(1, nms[org] + 1)]
        want = derive(colors)
        if (status, stage, progress) != want:
            bad.append((cid, (status, stage, progress), want))
    assert not bad, "%d candidates whose state is not their events' (id, row, events): %r" % (
        len(bad), bad[:5])
    # listed: the list a candidate is on (sql/007), none deleted here.
    assert db.one("SELECT COUNT(*) FROM candidates WHERE deleted_at IS NOT NULL"
                  " OR listed <> IF(status = 'archived', 'a', 'l')") == 0
    statuses = {s for s, in db.rows("SELECT DISTINCT status FROM candidates")}
    assert statuses == {"action", "waiting", "archived", "complete"}, statuses
    stages = {s for s, in db.rows("SELECT DISTINCT stage_pos FROM candidates")}
    assert stages == set(range(1, 8)), stages


def test_version_and_updated_at_follow_the_events(gen):
    db, _, _, _ = gen
    assert db.one(
        "SELECT COUNT(*) FROM candidates c LEFT JOIN (SELECT candidate_id, COUNT(*) AS n,"
        " MAX(created_at) AS last, MIN(created_at) AS first FROM candidate_events GROUP BY candidate_id) e"
        " ON e.candidate_id = c.id WHERE c.version <> 1 + COALESCE(e.n, 0)"
        " OR c.updated_at <> COALESCE(e.last, c.eoi_at) OR e.first < c.eoi_at") == 0
    # Events in id order happen in time order; dates are the times' days.
    assert db.one(
        "SELECT COUNT(*) FROM (SELECT created_at, LAG(created_at) OVER (PARTITION BY candidate_id"
        " ORDER BY id) AS prev FROM candidate_events) t WHERE created_at < prev") == 0
    assert db.one("SELECT COUNT(*) FROM candidate_events WHERE effective_date <> DATE(created_at)") == 0
    assert db.one("SELECT COUNT(*) FROM candidates WHERE due_at IS NOT NULL AND status <> 'action'") == 0


def test_each_undone_outcome_has_one_undo_after_it(gen):
    db, _, _, _ = gen
    assert db.one(
        "SELECT COUNT(*) FROM candidate_events u LEFT JOIN candidate_events x ON x.id = u.undoes_id"
        " WHERE u.kind = 'undo' AND (x.id IS NULL OR x.kind <> 'outcome' OR x.undone <> 1"
        " OR x.candidate_id <> u.candidate_id OR x.milestone_id <> u.milestone_id OR u.id < x.id"
        " OR u.created_at < x.created_at OR u.outcome_id IS NOT NULL)") == 0
    assert db.one(
        "SELECT COUNT(*) FROM candidate_events x LEFT JOIN (SELECT undoes_id, COUNT(*) AS n"
        " FROM candidate_events WHERE kind = 'undo' GROUP BY undoes_id) u ON u.undoes_id = x.id"
        " WHERE x.kind = 'outcome' AND (x.undone = 1) <> (COALESCE(u.n, 0) = 1)") == 0
    assert db.one("SELECT COUNT(*) FROM candidate_events WHERE kind = 'undo'") > 0


def test_ledger_has_the_awards_and_reversals(gen):
    db, _, _, _ = gen
    earning = (" FROM candidate_events x JOIN outcomes o ON o.id = x.outcome_id"
               " JOIN milestones m ON m.id = x.milestone_id JOIN candidates c ON c.id = x.candidate_id"
               " WHERE x.kind = 'outcome' AND o.color = 'green' AND m.points > 0"
               " AND c.referrer_id IS NOT NULL")
    awards = db.one("SELECT COUNT(*)" + earning)
    reversals = db.one("SELECT COUNT(*)" + earning + " AND x.undone = 1")
    assert awards > 0 and reversals > 0
    assert db.one("SELECT COUNT(*) FROM points_ledger WHERE kind = 'award'") == awards
    assert db.one("SELECT COUNT(*) FROM points_ledger WHERE kind = 'reversal'") == reversals
    assert db.one("SELECT COUNT(*) FROM points_ledger WHERE kind NOT IN ('award', 'reversal')") == 0
    # Each one is its event's, with the milestone's points, to the candidate's referrer.
    same = (" JOIN milestones m ON m.id = x.milestone_id JOIN candidates c ON c.id = x.candidate_id"
            " WHERE l.candidate_id = c.id AND l.referrer_id = c.referrer_id AND l.org_id = c.org_id"
            " AND l.reason = m.mkey")
    assert db.one(
        "SELECT COUNT(*) FROM points_ledger l JOIN candidate_events x ON x.id = l.event_id" + same +
        " AND l.kind = 'award' AND l.points = m.points AND l.created_at = x.created_at") == awards
    assert db.one(
        "SELECT COUNT(*) FROM candidate_events u JOIN points_ledger l ON l.event_id = u.undoes_id"
        " AND l.kind = 'reversal' JOIN candidate_events x ON x.id = u.undoes_id" + same +
        " AND u.kind = 'undo' AND l.points = -m.points AND l.created_at = u.created_at") == reversals


def test_every_candidate_and_referrer_has_its_name_words(gen):
    db, _, _, _ = gen
    words = {}
    for kind, ref, word in db.rows("SELECT kind, ref_id, word FROM name_words"):
        words.setdefault((kind, ref), set()).add(rptest.fold(word))
    bad = []
    for kind, table in (("c", "candidates"), ("r", "referrers")):
        for ref, org, name in db.rows("SELECT id, org_id, name FROM " + table):
            want = set(rptest.name_words(name))
            if not want or words.pop((kind, ref), set()) != want:
                bad.append((kind, ref, name))
    assert not bad, "%d without the words of their names: %r" % (len(bad), bad[:5])
    assert not words, "words of no one: %r" % list(words)[:5]
    assert db.one("SELECT COUNT(*) FROM name_words w LEFT JOIN candidates c ON w.kind = 'c' AND c.id = w.ref_id"
                  " LEFT JOIN referrers r ON w.kind = 'r' AND r.id = w.ref_id"
                  " WHERE NOT (w.org_id <=> COALESCE(c.org_id, r.org_id))") == 0
    # The search counts from the words (sql/008): a candidate's carry its
    # list, a referrer's always 'l'.
    assert db.one("SELECT COUNT(*) FROM name_words w JOIN candidates c ON w.kind = 'c'"
                  " AND c.id = w.ref_id WHERE w.listed <> c.listed") == 0
    assert db.one("SELECT COUNT(*) FROM name_words WHERE kind = 'r' AND listed <> 'l'") == 0


def test_list_counters_are_the_rows(gen):
    """The list's totals come from cand_counts (sql/005): generate counts
    them from the rows it loaded, so a generated list shows its size."""
    db, _, _, _ = gen
    want = db.rows("SELECT org_id, listed, COALESCE(site_id, 0), status, stage_pos, COUNT(*) "
                   "FROM candidates WHERE listed <> 'd' "
                   "GROUP BY org_id, listed, COALESCE(site_id, 0), status, stage_pos "
                   "ORDER BY 1, 2, 3, 4, 5")
    got = db.rows("SELECT org_id, listed, site_id, status, stage_pos, n FROM cand_counts "
                  "WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5")
    assert want, "no candidates generated"
    assert got == want, "cand_counts differ from the rows"


def test_indexes_are_the_migrations_again(gen, db):
    # generate builds them again after the load: they must be those of the
    # stack's own database, which the migrations made.
    gdb, _, _, _ = gen
    sql = ("SELECT table_name, index_name, non_unique, GROUP_CONCAT(column_name ORDER BY seq_in_index)"
           " FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name IN (%s)"
           " GROUP BY table_name, index_name, non_unique ORDER BY table_name, index_name"
           % ",".join("'%s'" % t for t in KEYED))
    assert sorted(gdb.rows(sql)) == sorted(db.rows(sql))
    fks = ("SELECT table_name, constraint_name FROM information_schema.referential_constraints"
           " WHERE constraint_schema = DATABASE() ORDER BY 1, 2")
    assert gdb.rows(fks) == db.rows(fks)


def test_verbose_says_the_phases_of_both_connections(gen):
    # --verbose: "generate: SECONDS WHO PHASE SECONDS s" per phase, to stderr.
    db, _, _, _ = gen
    phase = re.compile(r"^generate: +[\d.]+ (main|worker) +(.+?) +[\d.]+ s$")
    got = [phase.match(line) for line in db.phases.splitlines() if line.startswith("generate:")]
    assert got and all(got), db.phases
    who = {(x.group(1), x.group(2)) for x in got}
    for w, what in (("main", "batch 1 candidates"), ("worker", "batch 1 events"),
                    ("worker", "batch 1 awards")):
        assert (w, what) in who, "no %s phase %r in:\n%s" % (w, what, db.phases)
    assert any(what.endswith("name words") for _, what in who), db.phases


def test_a_second_run_is_refused(gen):
    db, _, conf, _ = gen
    before = db.one("SELECT COUNT(*) FROM candidates")
    rc, out, err = admin(conf, "generate", "--candidates", "1000", "--seed", str(SEED))
    assert rc != 0, "a second generate into the same database must be refused:\n" + out
    assert "exists" in out, out + err
    assert db.one("SELECT COUNT(*) FROM candidates") == before
