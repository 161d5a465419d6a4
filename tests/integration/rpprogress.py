"""rpprogress.py: what the progress tests share (issue 3, "Progressing a
candidate"): fresh candidates made with SQL and removed afterwards, the
rows an outcome or undo writes, an independent model of the candidate
state (DESIGN.md 2), posting outcome and undo forms.

Expectations come from the database (milestones, outcomes, points,
referrers, time zones), never from the seed.
"""

import datetime
import os
import re
import threading
import uuid
import zoneinfo

import rptest

# The default grace delay of a referrer message (refportal.conf grace_delay).
DEFAULT_GRACE = 120
LETTER = {"green": "g", "orange": "o", "red": "r"}


def grace_delay():
    """grace_delay of the stack's refportal.conf ($RP_CONF), else the default."""
    path = os.environ.get("RP_CONF")
    if not path:
        base = os.environ.get("RP_VAR")
        path = os.path.join(base, "refportal.conf") if base else None
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"\s*grace_delay\s*=\s*\"?(\d+)\"?\s*(#.*)?$", line)
                if m:
                    return int(m.group(1))
    return DEFAULT_GRACE


# ------------------------------------------------------------------ organisation

class Org:
    """An organisation as the database describes it, seen by one user."""

    def __init__(self, db, email):
        r = db.rows("SELECT u.id, u.org_id, o.time_zone, o.locale, u.lang FROM users u "
                    "JOIN organisations o ON o.id = u.org_id WHERE u.email = %s", email)
        assert r, "user %s is not in the database: was the demo data loaded?" % email
        self.user_id, self.id, self.tz, self.locale, ulang = r[0]
        self.lang = ulang or self.locale
        self.email = email
        self.sites = db.col("SELECT site_id FROM user_sites WHERE user_id = %s", self.user_id)
        ms = db.rows("SELECT id, pos, mkey, points FROM milestones WHERE org_id = %s ORDER BY pos", self.id)
        assert ms, "organisation %s has no milestones" % self.id
        self.keys = [m[2] for m in ms]
        self.pos = {m[2]: m[1] for m in ms}
        self.mid = {m[2]: m[0] for m in ms}
        self.points = {m[2]: m[3] for m in ms}
        self.outcomes = {}   # mkey: [(okey, color, outcome id)] green, orange, red
        self.color = {}      # (mkey, okey): color
        for mid, pos, mkey, _ in ms:
            rows = db.rows("SELECT okey, color, id FROM outcomes WHERE milestone_id = %s "
                           "ORDER BY FIELD(color, 'green', 'orange', 'red'), pos", mid)
            self.outcomes[mkey] = rows
            for okey, color, _ in rows:
                self.color[(mkey, okey)] = color

    def first(self, mkey, color):
        """The first outcome key of a milestone with that colour."""
        for okey, c, _ in self.outcomes[mkey]:
            if c == color:
                return okey
        raise AssertionError("milestone %s has no %s outcome" % (mkey, color))

    def today(self):
        return datetime.datetime.now(zoneinfo.ZoneInfo(self.tz)).date()

    def local_date(self, utc_dt):
        return utc_dt.replace(tzinfo=datetime.timezone.utc).astimezone(zoneinfo.ZoneInfo(self.tz)).date()


def iso(d):
    return d.strftime("%Y-%m-%d")


# ------------------------------------------------------------------ fresh candidates

class Fresh:
    """Candidates made for one test with SQL and removed with every row
    that refers to them (events, ledger, outbox, audit, name words)."""

    def __init__(self, db):
        self.db = db
        self.ids = []

    def make(self, email, site="any", eoi_days=7, referrer="email", name=None):
        """A new live candidate of email's organisation at "Contact made?",
        status action, version 1.  site: "any", "mine" (one of the user's
        sites), "other" (a site the user may not see), or a site id.
        referrer: "email" (a referrer with an email address) or None."""
        db = self.db
        org = Org(db, email)
        sql = "SELECT v.id, v.site_id FROM vacancies v WHERE v.org_id = %s "
        args = [org.id]
        if site == "mine":
            assert org.sites, "%s is not limited to sites" % email
            sql += "AND v.site_id IN (%s) " % ",".join(["%s"] * len(org.sites))
            args += org.sites
        elif site == "other":
            sql += "AND v.site_id IS NOT NULL "
            if org.sites:
                sql += "AND v.site_id NOT IN (%s) " % ",".join(["%s"] * len(org.sites))
                args += org.sites
        elif site != "any":
            sql += "AND v.site_id = %s "
            args.append(site)
        sql += "ORDER BY v.id LIMIT 1"
        vac = db.rows(sql, *args)
        assert vac, "no vacancy of organisation %s for site=%r" % (org.id, site)
        vac_id, site_id = vac[0]
        ref = None
        if referrer:
            r = db.rows("SELECT id, name, email FROM referrers WHERE org_id = %s AND email <> '' "
                        "ORDER BY (site_id <=> %s) DESC, id LIMIT 1", org.id, site_id)
            assert r, "organisation %s has no referrer with an email address" % org.id
            ref = r[0]
        token = "zq" + uuid.uuid4().hex[:10]
        name = name or "Proef %s Kandidaat" % token.capitalize()
        db.exec("INSERT INTO candidates (org_id, site_id, vacancy_id, referrer_id, name, email, phone, "
                "postcode, lang, eoi_at, status, stage_pos, progress, updated_at, version) "
                "VALUES (%s, %s, %s, %s, %s, %s, '+44 7700 900123', 'AB1 2CD', '', "
                "UTC_TIMESTAMP() - INTERVAL %s DAY, 'action', 1, %s, UTC_TIMESTAMP(), 1)",
                org.id, site_id, vac_id, ref[0] if ref else None, name,
                token + "@example.invalid", eoi_days, "-" * len(org.keys))
        cid = db.one("SELECT LAST_INSERT_ID()")
        self.ids.append(cid)
        rptest.recount(db, org.id)
        for w in set(rptest.NAME_SEPARATORS.split(name)):
            if w:
                db.exec("INSERT IGNORE INTO name_words (org_id, word, kind, ref_id) VALUES (%s, %s, 'c', %s)",
                        org.id, w.lower(), cid)
        eoi_utc = db.one("SELECT eoi_at FROM candidates WHERE id = %s", cid)
        return Cand(cid, org, token, name, site_id, vac_id, ref, org.local_date(eoi_utc))

    def cleanup(self):
        db = self.db
        orgs = set(db.col("SELECT DISTINCT org_id FROM candidates WHERE id IN (%s)" %
                          ",".join(["%s"] * len(self.ids)), *self.ids)) if self.ids else set()
        for cid in self.ids:
            db.exec("DELETE FROM audit_log WHERE object_kind = 'candidate' AND object_id = %s", cid)
            db.exec("DELETE FROM outbox WHERE candidate_id = %s", cid)
            db.exec("DELETE FROM points_ledger WHERE candidate_id = %s", cid)
            db.exec("DELETE FROM candidate_events WHERE candidate_id = %s", cid)
            db.exec("DELETE FROM name_words WHERE kind = 'c' AND ref_id = %s", cid)
            db.exec("DELETE FROM candidates WHERE id = %s", cid)
        for org in orgs:
            rptest.recount(db, org)
        self.ids = []


class Cand:
    def __init__(self, cid, org, token, name, site_id, vacancy_id, ref, eoi_local):
        self.id = cid
        self.org = org
        self.token = token          # a word of the name: ?q=token finds exactly this one
        self.name = name
        self.site_id = site_id
        self.vacancy_id = vacancy_id
        self.referrer_id = ref[0] if ref else None
        self.referrer_name = ref[1] if ref else None
        self.referrer_email = ref[2] if ref else None
        self.eoi = eoi_local        # the EOI's local date

    def __repr__(self):
        return "<candidate %d %s>" % (self.id, self.name)


# ------------------------------------------------------------------ database state

def state(db, cid):
    r = db.rows("SELECT status, stage_pos, progress, version, DATE_FORMAT(due_at, '%%Y-%%m-%%d'), updated_at, "
                "TIMESTAMPDIFF(SECOND, updated_at, UTC_TIMESTAMP()) FROM candidates WHERE id = %s", cid)
    assert r, "candidate %d is gone" % cid
    k = ("status", "stage_pos", "progress", "version", "due", "updated_at", "updated_age")
    return dict(zip(k, r[0]))


def counts(db, cid):
    """Rows that belong to one candidate's progress."""
    return {
        "events": db.one("SELECT COUNT(*) FROM candidate_events WHERE candidate_id = %s", cid),
        "ledger": db.one("SELECT COUNT(*) FROM points_ledger WHERE candidate_id = %s", cid),
        "outbox": db.one("SELECT COUNT(*) FROM outbox WHERE candidate_id = %s", cid),
        "audit": db.one("SELECT COUNT(*) FROM audit_log WHERE object_kind = 'candidate' AND object_id = %s "
                        "AND action LIKE 'outcome.%%'", cid),
        "cancelled": db.one("SELECT COUNT(*) FROM outbox WHERE candidate_id = %s AND status = 'cancelled'", cid),
        "undone": db.one("SELECT COUNT(*) FROM candidate_events WHERE candidate_id = %s AND undone = 1", cid),
    }


def global_counts(db):
    """Rows of the progress tables in the whole database (page views write
    contact.view audit rows, which are not counted)."""
    return {
        "events": db.one("SELECT COUNT(*) FROM candidate_events"),
        "ledger": db.one("SELECT COUNT(*) FROM points_ledger"),
        "outbox": db.one("SELECT COUNT(*) FROM outbox"),
        "audit": db.one("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'outcome.%%'"),
    }


def events(db, cid):
    """The candidate's events, oldest first, as dicts."""
    rows = db.rows("SELECT e.id, e.kind, m.mkey, o.okey, o.color, e.undone, e.undoes_id, "
                   "DATE_FORMAT(e.effective_date, '%%Y-%%m-%%d'), e.note, e.user_id, e.org_id "
                   "FROM candidate_events e JOIN milestones m ON m.id = e.milestone_id "
                   "LEFT JOIN outcomes o ON o.id = e.outcome_id WHERE e.candidate_id = %s ORDER BY e.id", cid)
    k = ("id", "kind", "milestone", "outcome", "color", "undone", "undoes_id", "date", "note", "user_id", "org_id")
    return [dict(zip(k, r)) for r in rows]


def derive(org, effective):
    """The state DESIGN.md 2 defines, from effective outcome events
    [(mkey, color)] oldest first: (status, stage_pos, progress)."""
    colors = [None] * len(org.keys)
    for mkey, color in effective:
        colors[org.pos[mkey] - 1] = color
    progress = "".join(LETTER.get(c, "-") for c in colors)
    if "red" in colors:
        pos = colors.index("red") + 1
        return "archived", pos, progress
    for i, c in enumerate(colors):
        if c != "green":
            return ("waiting" if c == "orange" else "action"), i + 1, progress
    return "complete", len(colors) + 1, progress


def effective(db, cid):
    return [(e["milestone"], e["color"]) for e in events(db, cid) if e["kind"] == "outcome" and not e["undone"]]


# ------------------------------------------------------------------ posting

def csrf_of(client):
    """The session's CSRF token (read from the sign-out form once)."""
    tok = getattr(client, "_rp_csrf", None)
    if tok is None:
        tok = client.csrf()
        client._rp_csrf = tok
    return tok


def outcome_fields(client, milestone, outcome, version, date=None, note=None, next=None, csrf=True):
    f = []
    if milestone is not None:
        f.append(("milestone", milestone))
    if outcome is not None:
        f.append(("outcome", outcome))
    if version is not None:
        f.append(("version", str(version)))
    if date is not None:
        f.append(("date", date if isinstance(date, str) else iso(date)))
    if note is not None:
        f.append(("note", note))
    if next is not None:
        f.append(("next", next))
    if csrf is True:
        f.append(("csrf", csrf_of(client)))
    elif csrf:
        f.append(("csrf", csrf))
    return f


def post_outcome(client, cid, milestone, outcome, version, **kw):
    return client.post("/candidates/%d/outcome" % cid, outcome_fields(client, milestone, outcome, version, **kw))


def post_undo(client, cid, version, csrf=True, next=None):
    f = []
    if version is not None:
        f.append(("version", str(version)))
    if next is not None:
        f.append(("next", next))
    if csrf is True:
        f.append(("csrf", csrf_of(client)))
    elif csrf:
        f.append(("csrf", csrf))
    return client.post("/candidates/%d/undo" % cid, f)


def race(calls, wait=120):
    """Run the callables at the same moment; their results in order (an
    exception of one is raised once all have ended)."""
    barrier = threading.Barrier(len(calls))
    out = [None] * len(calls)

    def run(i, fn):
        barrier.wait()
        try:
            out[i] = fn()
        except Exception as e:  # noqa: BLE001
            out[i] = e

    ts = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(wait)
    for r in out:
        if isinstance(r, Exception):
            raise r
    return out


def location_path(page):
    """The path and query of a 303's Location."""
    import urllib.parse
    loc = page.resp.headers.get("Location", "")
    parts = urllib.parse.urlsplit(loc)
    return parts.path + ("?" + parts.query if parts.query else "")


def fill(text, **values):
    """A catalogue text with its {placeholders} filled."""
    def sub(m):
        k = m.group(1)
        return str(values[k]) if k in values else m.group(0)
    return re.sub(r"\{([a-z_]+)\}", sub, text)
