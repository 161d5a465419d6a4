"""test_mailq.py: admins see failed and waiting messages under
/settings/mail and can send a failed one again; recruiters cannot; another
organisation's message answers 404 and nothing changes."""

import urllib.parse
import uuid

import pytest

from rptest import ADMIN_EN, ADMIN_NL, form_fields


def org_of(db, email):
    return db.one("SELECT org_id FROM users WHERE email = %s", email)


@pytest.fixture
def failed_row(db):
    """A failed message of Meadowbank (the admin_en organisation)."""
    cause = "mq:%s" % uuid.uuid4().hex
    db.exec("INSERT INTO outbox (org_id, cause, kind, recipient, recipient_name, lang, "
            "payload, status, attempts, last_error, due_at) VALUES (%s, %s, 'referrer_eoi', "
            "'nobody@example.invalid', 'No Body', 'en', '<mail kind=\"referrer_eoi\"/>', "
            "'failed', 3, '550 5.1.1 mailbox unavailable', UTC_TIMESTAMP())",
            org_of(db, ADMIN_EN), cause)
    rid = db.one("SELECT id FROM outbox WHERE cause = %s", cause)
    yield rid
    db.exec("DELETE FROM outbox WHERE id = %s", rid)
    db.exec("DELETE FROM audit_log WHERE object_kind = 'outbox' AND object_id = %s", rid)


def status_of(db, rid):
    return db.one("SELECT status FROM outbox WHERE id = %s", rid)


def test_admin_sees_the_failed_message_with_its_reason(admin_en, failed_row):
    page = admin_en.get("/settings/mail")
    assert page.status == 200 and page.name == "settings-mail", page.describe()
    row = page.doc.find(data_message_id=str(failed_row))
    assert row is not None, page.describe()
    assert row.get("data-status") == "failed"
    assert "550 5.1.1 mailbox unavailable" in row.norm_text()
    assert "nobody@example.invalid" in row.norm_text()


def test_send_again_makes_it_pending_and_says_so(admin_en, db, failed_row):
    page = admin_en.get("/settings/mail")
    form = page.form("/settings/mail/%d/retry" % failed_row)
    assert form is not None, page.describe()
    r = admin_en.post(urllib.parse.urljoin(admin_en.base + "/", form.get("action")),
                      form_fields(form))
    assert r.status == 303, r.describe()
    assert status_of(db, failed_row) == "pending"
    assert db.one("SELECT attempts FROM outbox WHERE id = %s", failed_row) == 0
    after = admin_en.get("/settings/mail")
    assert [f.get("data-flash") for f in after.flashes()] == ["ok"], after.describe()
    assert db.one("SELECT COUNT(*) FROM audit_log WHERE action = 'mail.retry' AND "
                  "object_id = %s", failed_row) == 1


def test_send_again_needs_csrf(admin_en, db, failed_row):
    r = admin_en.post("/settings/mail/%d/retry" % failed_row, [])
    assert r.status == 403
    assert status_of(db, failed_row) == "failed"


def test_another_organisations_message_is_404(admin_nl, db, failed_row):
    page = admin_nl.get("/settings/mail")
    assert page.status == 200
    assert page.doc.find(data_message_id=str(failed_row)) is None
    csrf = form_fields(page.form("/logout"))
    r = admin_nl.post("/settings/mail/%d/retry" % failed_row, csrf)
    assert r.status == 404, r.describe()
    assert status_of(db, failed_row) == "failed"


def test_a_recruiter_is_refused(planner, db, failed_row):
    assert planner.get("/settings/mail").status == 403
    page = planner.get("/candidates")
    csrf = form_fields(page.form("/logout"))
    r = planner.post("/settings/mail/%d/retry" % failed_row, csrf)
    assert r.status == 403
    assert status_of(db, failed_row) == "failed"
