"""rpapply.py: what the tests of vacancies, the apply page and adding or
deleting candidates share (test_vacancies.py, test_apply.py,
test_candidate_admin.py, test_candidates.py, browser/test_apply_browser.py),
and the fixture made.

Everything a test makes (vacancies, candidates, apply attempts) is
recorded by a Made instance and removed by its cleanup(), so the tests do
not depend on each other or change what the other suites expect; what is
expected is read from the database.
"""

import email
import email.policy
import glob
import os
import time
import uuid

import pytest

import rptest
from rptest import Client, form_fields


def token():
    """A word no name in the database holds: lower-case letters only, so
    that it is one word of names_split() and safe in an email address."""
    return "zq" + "".join(ch for ch in uuid.uuid4().hex if ch.isalpha())[:8].ljust(8, "x")


def org_of(db, email):
    return db.one("SELECT org_id FROM users WHERE email = %s", email)


class Made:
    """Objects a test made, removed afterwards (children first)."""

    def __init__(self, db):
        self.db = db
        self.vacancies = []
        self.emails = []        # candidates are found by their (unique) email
        self.addrs = []

    def vacancy(self, org, title=None, is_open=1, rtw=0, site="first", watchers=(), announce=True):
        """A vacancy made with SQL; site "first" is the organisation's
        first site (None: no site).  announce=False leaves the web
        processes' copies of the choices as they were (as for a vacancy
        made while a page was being built).  Returns (id, code)."""
        db = self.db
        if site == "first":
            site = db.one("SELECT MIN(id) FROM sites WHERE org_id = %s", org)
        code = token()
        db.exec("INSERT INTO vacancies (org_id, site_id, code, title, location, postcode, description, "
                "is_open, right_to_work) VALUES (%s, %s, %s, %s, 'Utrecht', '3511 AB', 'Test vacancy', %s, %s)",
                org, site, code, title or ("Test job " + code), is_open, rtw)
        vid = db.one("SELECT id FROM vacancies WHERE code = %s", code)
        for uid in watchers:
            db.exec("INSERT INTO vacancy_watchers (vacancy_id, user_id) VALUES (%s, %s)", vid, uid)
        if announce:
            rptest.choices_changed(db, org)
        self.vacancies.append(vid)
        return vid, code

    def track_vacancy(self, vid):
        self.vacancies.append(vid)

    def email(self, tok=None):
        e = "%s@example.org" % (tok or token())
        self.emails.append(e)
        return e

    def cands(self, email):
        return self.db.col("SELECT id FROM candidates WHERE email = %s ORDER BY id", email)

    def cleanup(self):
        db = self.db
        ids = []
        for e in self.emails:
            ids += self.cands(e)
        for vid in self.vacancies:
            ids += db.col("SELECT id FROM candidates WHERE vacancy_id = %s", vid)
        orgs = set(db.col("SELECT DISTINCT org_id FROM candidates WHERE id IN (%s)" %
                          ",".join(["%s"] * len(ids)), *ids)) if ids else set()
        for cid in sorted(set(ids)):
            db.exec("DELETE FROM audit_log WHERE object_kind = 'candidate' AND object_id = %s", cid)
            db.exec("DELETE FROM outbox WHERE candidate_id = %s", cid)
            db.exec("DELETE FROM points_ledger WHERE candidate_id = %s", cid)
            db.exec("DELETE FROM candidate_events WHERE candidate_id = %s", cid)
            db.exec("DELETE FROM name_words WHERE kind = 'c' AND ref_id = %s", cid)
            db.exec("DELETE FROM candidates WHERE id = %s", cid)
        for org in orgs:
            rptest.recount(db, org)
        for org in set(db.col("SELECT DISTINCT org_id FROM vacancies WHERE id IN (%s)" %
                              ",".join(["%s"] * len(self.vacancies)), *self.vacancies)
                       if self.vacancies else []):
            rptest.choices_changed(db, org)
        for vid in self.vacancies:
            db.exec("DELETE FROM audit_log WHERE object_kind = 'vacancy' AND object_id = %s", vid)
            db.exec("DELETE FROM vacancy_watchers WHERE vacancy_id = %s", vid)
            db.exec("DELETE FROM vacancies WHERE id = %s", vid)
        for a in self.addrs:
            db.exec("DELETE FROM apply_attempts WHERE addr = %s", a)
        self.vacancies, self.emails, self.addrs = [], [], []


@pytest.fixture
def made(db):
    """A Made for the test, cleaned up after it, with no apply attempt
    counted before or after (a fixture: the conftests import it)."""
    m = Made(db)
    clear_attempts(db)
    yield m
    m.cleanup()
    clear_attempts(db)


def clear_attempts(db, addr="127.0.0.1"):
    """The rate limit counts every submission of an address: tests that
    post from 127.0.0.1 start with none counted."""
    db.exec("DELETE FROM apply_attempts WHERE addr = %s", addr)


def apply_form(client, code, r=None, lang=None, headers=None):
    """GET the apply page; returns (page, form or None)."""
    q = []
    if r:
        q.append("r=" + r)
    if lang:
        q.append("lang=" + lang)
    page = client.get("/apply/%s%s" % (code, "?" + "&".join(q) if q else ""), headers=headers or {})
    return page, page.form("/apply/%s" % code)


def delete(client, cid, reason="duplicate", note=None, csrf=True, version=None):
    """POST the delete form of candidate cid as its page offers it: the
    version the page shows (version= to send another; "1" when the page
    cannot be seen, so that only the candidate decides the answer)."""
    if version is None:
        page = client.get("/candidates/%d" % cid)
        form = page.form("/candidates/%d/delete" % cid) if page.status == 200 else None
        version = dict(form_fields(form)).get("version") if form is not None else "1"
    data = [("version", str(version))]
    if csrf:
        data.append(("csrf", client.csrf()))
    if reason is not None:
        data.append(("reason", reason))
    if note is not None:
        data.append(("note", note))
    return client.post("/candidates/%d/delete" % cid, data)

def apply(client, code, r=None, lang=None, drop=(), **fields):
    """Fill in and send the apply form as a browser would: its hidden
    fields, the given values (consent="1" unless given), without the
    names in drop.  Returns the answer to the POST."""
    page, form = apply_form(client, code, r=r, lang=lang)
    assert form is not None, "no apply form on " + page.describe()
    data = dict(form_fields(form))
    data.setdefault("consent", "1")
    data.update(fields)
    for k in drop:
        data.pop(k, None)
    return client.post(form.get("action"), list(data.items()))


def good_fields(made, name=None):
    tok = token()
    return {"name": name or ("Vriend " + tok.capitalize()), "email": made.email(tok),
            "phone": "06 1234 5678", "postcode": "3511 AB", "consent": "1"}


# ---------------------------------------------------------------- mail

def mailer_binary():
    var = os.environ.get("RP_VAR", "")
    p = os.path.join(var, "build", "mailer", "refportal-mailer")
    return p if var and os.path.exists(p) else None


def mail_dir():
    return os.environ.get("RP_MAIL_DIR") or os.path.join(os.environ.get("RP_VAR", ""), "mail")


def read_mail(path):
    with open(path, "rb") as f:
        return email.message_from_binary_file(f, policy=email.policy.default)


def mail_text(msg):
    """Subject, To and every text part, decoded."""
    parts = ["Subject: " + str(msg.get("Subject", "")), "To: " + str(msg.get("To", ""))]
    for p in msg.walk():
        if p.get_content_maintype() == "text":
            parts.append(p.get_content())
    return "\n".join(parts)


def wait_mails(pred, n, timeout=60):
    """Messages in the sink for which pred(msg, text) holds, waiting until
    there are n of them (or the timeout passes).  Returns [(path, msg,
    text)]."""
    end = time.time() + timeout
    got = []
    while True:
        got = []
        for p in sorted(glob.glob(os.path.join(mail_dir(), "*"))):
            if not os.path.isfile(p):
                continue
            try:
                m = read_mail(p)
                t = mail_text(m)
            except Exception:
                continue
            if pred(m, t):
                got.append((p, m, t))
        if len(got) >= n or time.time() > end:
            return got
        time.sleep(0.5)


def new_client(source=None):
    return Client(source=source)
