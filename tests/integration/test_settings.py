"""test_settings.py: admins only; users (invite with a set-password link,
roles, sites, language, blocking ends sessions, the last admin rule),
sites, milestone points, the organisation's first-contact target and
retention.  A recruiter posting to settings is refused and nothing
changes; another organisation's objects answer 404."""

import glob
import os
import re
import time
import urllib.parse
import uuid

import pytest

import rptest
from rptest import ADMIN_EN, ADMIN_NL, PLANNER_NL, Client, form_fields


def uniq(prefix="u"):
    return "%s%s" % (prefix, uuid.uuid4().hex[:10])


def submit(client, page, action_suffix, drop=(), **values):
    form = page.form(action_suffix)
    assert form is not None, "no form posting to %s on %s" % (action_suffix, page.describe())
    fields = [(k, v) for k, v in form_fields(form) if k not in values and k not in drop]
    fields += [(k, v) for k, v in values.items() if v is not None]
    return client.post(urllib.parse.urljoin(client.base + "/", form.get("action")), fields)


def org_of(db, email):
    return db.one("SELECT org_id FROM users WHERE email = %s", email)


def org_row(db, org):
    return db.rows("SELECT contact_target_hours, retention_days FROM organisations WHERE id = %s", org)[0]


def invite(client, email, name="New Person", role="recruiter", lang="", sites=()):
    page = client.get("/settings/users")
    assert page.status == 200, page.describe()
    values = {"email": email, "name": name, "role": role, "lang": lang}
    form = page.form("/settings/users")
    boxes = {n.get("value"): n.get("name") for n in form.find_all("input", type="checkbox")}
    for s in sites:
        values[boxes[str(s)]] = str(s)
    return submit(client, page, "/settings/users", **values)


def invitation_link(db, email):
    """The set-password link of the newest invitation queued for email."""
    payload = db.one("SELECT payload FROM outbox WHERE kind = 'invitation' AND recipient = %s "
                     "ORDER BY id DESC LIMIT 1", email)
    assert payload, "no invitation in the outbox for %s" % email
    m = re.search(r"(https?://[^<\"\s]*/set-password\?t=[A-Za-z0-9_-]+)", payload)
    assert m, "no set-password link in the payload: %s" % payload[:500]
    return m.group(1).replace("&amp;", "&")


def set_password(client, link, password="a long and private sentence"):
    path = urllib.parse.urlsplit(link)
    page = client.get(path.path + "?" + path.query)
    assert page.status == 200 and page.name == "set-password", page.describe()
    return page, submit(client, page, "/set-password", password=password, password2=password)


# ---------------------------------------------------------------- who may enter

SETTINGS_PAGES = ["/settings", "/settings/users", "/settings/sites", "/settings/points",
                  "/settings/organisation"]


@pytest.mark.parametrize("path", SETTINGS_PAGES)
def test_admin_sees_settings(admin_nl, path):
    p = admin_nl.get(path)
    assert p.status == 200 and p.name.startswith("settings"), p.describe()


@pytest.mark.parametrize("path", SETTINGS_PAGES + ["/settings/users/1"])
def test_recruiter_is_refused(planner, path):
    p = planner.get(path)
    assert p.status == 403 and p.name == "error", p.describe()


def test_anonymous_goes_to_login(anon):
    p = anon.get("/settings/users")
    assert p.status == 303 and "/login" in p.resp.headers["Location"]


def snapshot(db, org):
    return (
        db.rows("SELECT id, email, name, role, lang, disabled, password_hash FROM users WHERE org_id = %s ORDER BY id", org),
        db.rows("SELECT us.user_id, us.site_id FROM user_sites us JOIN users u ON u.id = us.user_id "
                "WHERE u.org_id = %s ORDER BY 1, 2", org),
        db.rows("SELECT id, name, town, postcode FROM sites WHERE org_id = %s ORDER BY id", org),
        db.rows("SELECT pos, points FROM milestones WHERE org_id = %s ORDER BY pos", org),
        org_row(db, org),
        db.one("SELECT COUNT(*) FROM user_tokens"),
        db.one("SELECT COUNT(*) FROM outbox WHERE kind = 'invitation'"),
    )


def test_recruiter_posting_to_settings_changes_nothing(planner, db):
    org = org_of(db, PLANNER_NL)
    admin_id = db.one("SELECT id FROM users WHERE email = %s", ADMIN_NL)
    me = db.one("SELECT id FROM users WHERE email = %s", PLANNER_NL)
    site = db.one("SELECT id FROM sites WHERE org_id = %s ORDER BY id LIMIT 1", org)
    csrf = planner.csrf()
    before = snapshot(db, org)
    posts = [
        ("/settings/organisation", [("contact_target_hours", "99"), ("retention_days", "9")]),
        ("/settings/points", [("p%d" % i, "999") for i in range(1, 7)]),
        ("/settings/users", [("email", uniq() + "@example.org"), ("name", "Sneaky"), ("role", "admin")]),
        ("/settings/users/%d" % me, [("name", "Me"), ("role", "admin"), ("state", "active")]),
        ("/settings/users/%d" % admin_id, [("name", "X"), ("role", "recruiter"), ("state", "disabled")]),
        ("/settings/users/%d/invite" % admin_id, []),
        ("/settings/sites", [("name", "Sneaky site")]),
        ("/settings/sites/%d" % site, [("name", "Renamed")]),
    ]
    for path, fields in posts:
        p = planner.post(path, [("csrf", csrf)] + fields)
        assert p.status in (403, 404), "%s: %s" % (path, p.describe())
    assert snapshot(db, org) == before
    # and the planner is still a recruiter who can work
    assert planner.get("/candidates").status == 200


def test_posting_without_csrf_is_refused(admin_nl, db):
    org = org_of(db, ADMIN_NL)
    before = org_row(db, org)
    p = admin_nl.post("/settings/organisation", [("contact_target_hours", "77"), ("retention_days", "77")])
    assert p.status == 403
    assert org_row(db, org) == before


# ---------------------------------------------------------------- organisation and points

def test_organisation_settings(admin_nl, db):
    org = org_of(db, ADMIN_NL)
    before = org_row(db, org)
    try:
        page = admin_nl.get("/settings/organisation")
        p = submit(admin_nl, page, "/settings/organisation", contact_target_hours="36", retention_days="42")
        assert p.status == 303, p.describe()
        assert org_row(db, org) == (36, 42)
        assert db.one("SELECT COUNT(*) FROM audit_log WHERE org_id = %s AND action = 'organisation.edit'", org) >= 1
        again = admin_nl.get("/settings/organisation")
        assert again.doc.find(data_flash="ok") is not None
        assert again.doc.find("input", name="contact_target_hours").get("value") == "36"
        # the candidate list flags by the new target at once
        assert admin_nl.get("/candidates").status == 200
    finally:
        db.exec("UPDATE organisations SET contact_target_hours = %s, retention_days = %s WHERE id = %s",
                before[0], before[1], org)


@pytest.mark.parametrize("hours,days", [
    ("0", "30"), ("721", "30"), ("-1", "30"), ("abc", "30"), ("", "30"),
    ("24", "0"), ("24", "3651"), ("24", "1e3"), ("24", ""), ("24.5", "30"),
])
def test_organisation_bad_input(admin_nl, db, hours, days):
    org = org_of(db, ADMIN_NL)
    before = org_row(db, org)
    page = admin_nl.get("/settings/organisation")
    p = submit(admin_nl, page, "/settings/organisation", contact_target_hours=hours, retention_days=days)
    assert p.status == 400, p.describe()
    assert org_row(db, org) == before


def test_points_per_milestone(admin_en, db):
    org = org_of(db, ADMIN_EN)
    before = db.rows("SELECT pos, points FROM milestones WHERE org_id = %s ORDER BY pos", org)
    try:
        page = admin_en.get("/settings/points")
        inputs = page.form("/settings/points").find_all("input", type="number")
        assert [i.get("name") for i in inputs] == ["p%d" % pos for pos, _ in before]
        new = {"p%d" % pos: str(pts + 5) for pos, pts in before}
        p = submit(admin_en, page, "/settings/points", **new)
        assert p.status == 303, p.describe()
        assert db.rows("SELECT pos, points FROM milestones WHERE org_id = %s ORDER BY pos", org) == \
            tuple((pos, pts + 5) for pos, pts in before)
        assert db.one("SELECT COUNT(*) FROM audit_log WHERE org_id = %s AND action = 'points.edit'", org) >= 1
    finally:
        for pos, pts in before:
            db.exec("UPDATE milestones SET points = %s WHERE org_id = %s AND pos = %s", pts, org, pos)
        rptest.choices_changed(db, org)


@pytest.mark.parametrize("value", ["-1", "10001", "x", "", "1.5"])
def test_points_bad_input(admin_en, db, value):
    org = org_of(db, ADMIN_EN)
    before = db.rows("SELECT pos, points FROM milestones WHERE org_id = %s ORDER BY pos", org)
    page = admin_en.get("/settings/points")
    p = submit(admin_en, page, "/settings/points", p3=value)
    assert p.status == 400, p.describe()
    assert db.rows("SELECT pos, points FROM milestones WHERE org_id = %s ORDER BY pos", org) == before


def test_points_missing_field_changes_nothing(admin_en, db):
    """A form without one milestone's field (a milestone added since the
    page was loaded, a hand-made POST) is refused whole: the fields before
    it are not saved either."""
    org = org_of(db, ADMIN_EN)
    before = db.rows("SELECT pos, points FROM milestones WHERE org_id = %s ORDER BY pos", org)
    version = db.one("SELECT choices_version FROM organisations WHERE id = %s", org)
    audits = db.one("SELECT COUNT(*) FROM audit_log WHERE org_id = %s AND action = 'points.edit'", org)
    page = admin_en.get("/settings/points")
    last = "p%d" % before[-1][0]
    new = {"p%d" % pos: str(pts + 7) for pos, pts in before[:-1]}
    p = submit(admin_en, page, "/settings/points", drop=(last,), **new)
    assert p.status == 400, p.describe()
    assert db.rows("SELECT pos, points FROM milestones WHERE org_id = %s ORDER BY pos", org) == before
    assert db.one("SELECT choices_version FROM organisations WHERE id = %s", org) == version
    assert db.one("SELECT COUNT(*) FROM audit_log WHERE org_id = %s AND action = 'points.edit'", org) == audits


# ---------------------------------------------------------------- sites

def test_add_and_rename_site(admin_en, db):
    org = org_of(db, ADMIN_EN)
    name = uniq("Site ")
    page = admin_en.get("/settings/sites")
    p = submit(admin_en, page, "/settings/sites", name=name, town="Leeds", postcode="LS1")
    assert p.status == 303, p.describe()
    sid = db.one("SELECT id FROM sites WHERE org_id = %s AND name = %s", org, name)
    assert sid and db.rows("SELECT town, postcode FROM sites WHERE id = %s", sid)[0] == ("Leeds", "LS1")
    page = admin_en.get("/settings/sites")
    assert page.doc.find(data_site_id=str(sid)) is not None
    p = submit(admin_en, page, "/settings/sites/%d" % sid, name=name + " <b>x</b>")
    assert p.status == 303, p.describe()
    assert db.one("SELECT name FROM sites WHERE id = %s", sid) == name + " <b>x</b>"
    shown = admin_en.get("/settings/sites")
    assert "<b>x</b>" not in shown.resp.text and "&lt;b&gt;x&lt;/b&gt;" in shown.resp.text
    # a duplicate name is refused, for a new site and a rename
    existing = db.one("SELECT name FROM sites WHERE org_id = %s AND id <> %s LIMIT 1", org, sid)
    n = db.one("SELECT COUNT(*) FROM sites WHERE org_id = %s", org)
    p = submit(admin_en, shown, "/settings/sites", name=existing)
    assert p.status == 409, p.describe()
    p = submit(admin_en, shown, "/settings/sites/%d" % sid, name=existing)
    assert p.status == 409, p.describe()
    assert db.one("SELECT COUNT(*) FROM sites WHERE org_id = %s", org) == n
    assert db.one("SELECT name FROM sites WHERE id = %s", sid) == name + " <b>x</b>"
    assert db.one("SELECT COUNT(*) FROM audit_log WHERE action IN ('site.add', 'site.edit') "
                  "AND object_id = %s", sid) == 2


@pytest.mark.parametrize("values", [{"name": ""}, {"name": "x" * 201}, {"name": "a", "postcode": "x" * 17},
                                    {"name": "a", "town": "t" * 101}, {"name": "line\nbreak"}])
def test_site_bad_input(admin_en, db, values):
    n = db.one("SELECT COUNT(*) FROM sites")
    page = admin_en.get("/settings/sites")
    p = submit(admin_en, page, "/settings/sites", **values)
    assert p.status == 400, p.describe()
    assert db.one("SELECT COUNT(*) FROM sites") == n


def test_other_organisations_objects_are_404(admin_en, db):
    org_nl = org_of(db, ADMIN_NL)
    uid = db.one("SELECT id FROM users WHERE email = %s", PLANNER_NL)
    sid = db.one("SELECT id FROM sites WHERE org_id = %s LIMIT 1", org_nl)
    before = snapshot(db, org_nl)
    csrf = admin_en.csrf()
    assert admin_en.get("/settings/users/%d" % uid).status == 404
    for path, fields in [
        ("/settings/users/%d" % uid, [("name", "X"), ("role", "admin"), ("state", "disabled")]),
        ("/settings/users/%d/invite" % uid, []),
        ("/settings/sites/%d" % sid, [("name", "Taken over")]),
    ]:
        p = admin_en.post(path, [("csrf", csrf)] + fields)
        assert p.status == 404, "%s: %s" % (path, p.describe())
    # a site of another organisation cannot be given to one's own users
    page = admin_en.get("/settings/users")
    p = submit(admin_en, page, "/settings/users", email=uniq() + "@example.org", name="Cross", site1=str(sid))
    assert p.status == 400, p.describe()
    assert snapshot(db, org_nl)[:5] == before[:5]


# ---------------------------------------------------------------- users

def test_invitation_flow(admin_nl, db):
    org = org_of(db, ADMIN_NL)
    site = db.one("SELECT id FROM sites WHERE org_id = %s ORDER BY id LIMIT 1", org)
    email = uniq("inv") + "@example.org"
    p = invite(admin_nl, email.upper(), name="Nieuwe Collega", lang="en", sites=[site])
    assert p.status == 303, p.describe()
    row = db.rows("SELECT id, org_id, role, lang, password_hash, disabled FROM users WHERE email = %s", email)
    assert row, "the user was not created"
    uid, uorg, role, lang, pw, disabled = row[0]
    assert (uorg, role, lang, pw, disabled) == (org, "recruiter", "en", "", 0)
    assert db.col("SELECT site_id FROM user_sites WHERE user_id = %s", uid) == [site]
    assert db.one("SELECT COUNT(*) FROM audit_log WHERE action = 'user.invite' AND object_id = %s", uid) == 1
    tok = db.rows("SELECT token_hash, expires_at > UTC_TIMESTAMP() + INTERVAL 6 DAY, used_at FROM user_tokens "
                  "WHERE user_id = %s", uid)
    assert len(tok) == 1 and len(tok[0][0]) == 64 and tok[0][1] == 1 and tok[0][2] is None
    ob = db.rows("SELECT status, lang, org_id FROM outbox WHERE kind = 'invitation' AND recipient = %s", email)
    assert len(ob) == 1 and ob[0][1] == "en" and ob[0][2] == org
    link = invitation_link(db, email)
    token = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)["t"][0]
    assert token not in str(tok), "the token must be stored hashed only"
    users = admin_nl.get("/settings/users")
    assert users.doc.find(data_user_id=str(uid)).get("data-state") == "invited"

    # an invited user cannot sign in yet
    newbie = Client()
    assert newbie.try_login(email, "anything at all").status == 401
    db.exec("DELETE FROM login_failures WHERE email = %s", email)

    # bad passwords keep the link working
    path = urllib.parse.urlsplit(link)
    page = newbie.get(path.path + "?" + path.query)
    assert page.status == 200 and page.name == "set-password", page.describe()
    for pw, pw2, key in [("short", "short", "password.short"), ("password", "password", "password.common"),
                         ("a long and private sentence", "another long sentence", "setpw.mismatch")]:
        bad = submit(newbie, page, "/set-password", password=pw, password2=pw2)
        assert bad.status == 400 and bad.doc.find(data_error=key) is not None, bad.describe()
    assert db.one("SELECT password_hash FROM users WHERE id = %s", uid) == ""

    page, done = set_password(newbie, link)
    assert done.status == 303, done.describe()
    assert newbie.session_token(), "set-password should sign the user in"
    assert newbie.get("/candidates").status == 200
    assert db.one("SELECT password_hash FROM users WHERE id = %s", uid).startswith("$argon2id$")
    assert db.one("SELECT COUNT(*) FROM user_tokens WHERE user_id = %s AND used_at IS NULL", uid) == 0
    # the link works once
    again = Client().get(path.path + "?" + path.query)
    assert again.status == 404 and again.name == "set-password"
    # and the password signs in
    other = Client()
    other.login(email, "a long and private sentence")
    # the new recruiter is limited to the site
    refs = other.get("/referrers")
    for r in refs.doc.find_all("tr", data_referrer_id=True):
        assert db.one("SELECT site_id FROM referrers WHERE id = %s", int(r.get("data-referrer-id"))) == site
    assert other.get("/settings").status == 403


def test_invitation_reaches_the_mail_sink(admin_nl, db):
    mail_dir = rptest.env("RP_MAIL_DIR")
    email = uniq("sink") + "@example.org"
    assert invite(admin_nl, email).status == 303
    deadline = time.time() + 60
    found = None
    while time.time() < deadline and not found:
        for f in glob.glob(os.path.join(mail_dir, "**", "*"), recursive=True):
            if os.path.isfile(f):
                with open(f, "rb") as fh:
                    if email.encode() in fh.read():
                        found = f
                        break
        if not found:
            time.sleep(1)
    status = db.rows("SELECT status, last_error FROM outbox WHERE kind = 'invitation' AND recipient = %s", email)
    assert found, "no message to %s in %s within 60 s (outbox: %r)" % (email, mail_dir, status)
    import email
    with open(found, "rb") as fh:
        msg = email.message_from_bytes(fh.read())
    texts = [part.get_payload(decode=True) or b"" for part in msg.walk() if not part.is_multipart()]
    assert any(b"/set-password?t=" in t for t in texts), "no set-password link in the message %s" % found


def test_resend_invitation_replaces_the_link(admin_nl, db):
    email = uniq("again") + "@example.org"
    assert invite(admin_nl, email).status == 303
    uid = db.one("SELECT id FROM users WHERE email = %s", email)
    first = invitation_link(db, email)
    page = admin_nl.get("/settings/users/%d" % uid)
    p = submit(admin_nl, page, "/settings/users/%d/invite" % uid)
    assert p.status == 303, p.describe()
    second = invitation_link(db, email)
    assert second != first
    old = urllib.parse.urlsplit(first)
    assert Client().get(old.path + "?" + old.query).status == 404
    new = urllib.parse.urlsplit(second)
    assert Client().get(new.path + "?" + new.query).status == 200
    # a user with a password gets no new invitation
    admin_id = db.one("SELECT id FROM users WHERE email = %s", ADMIN_NL)
    n = db.one("SELECT COUNT(*) FROM user_tokens")
    p = admin_nl.post("/settings/users/%d/invite" % admin_id, [("csrf", admin_nl.csrf())])
    assert p.status == 409, p.describe()
    assert db.one("SELECT COUNT(*) FROM user_tokens") == n


@pytest.mark.parametrize("values,status", [
    ({"email": ""}, 400), ({"email": "nope"}, 400), ({"email": "a@b.nl\nBcc: c@d.nl"}, 400),
    ({"name": ""}, 400), ({"name": "n" * 201}, 400), ({"role": "owner"}, 400), ({"lang": "fr"}, 400),
    ({"email": ADMIN_EN}, 409), ({"site1": "abc"}, 400), ({"site1": "999999999"}, 400), ({"extra": "1"}, 400),
])
def test_invite_bad_input(admin_nl, db, values, status):
    n = db.one("SELECT COUNT(*) FROM users")
    tokens = db.one("SELECT COUNT(*) FROM user_tokens")
    page = admin_nl.get("/settings/users")
    base = {"email": uniq() + "@example.org", "name": "Some One", "role": "recruiter"}
    base.update(values)
    p = submit(admin_nl, page, "/settings/users", **base)
    assert p.status == status, p.describe()
    assert db.one("SELECT COUNT(*) FROM users") == n
    assert db.one("SELECT COUNT(*) FROM user_tokens") == tokens


def test_set_password_bad_links(anon):
    for q in ["", "?t=" + "x" * 43, "?t=short", "?t=%ff"]:
        p = anon.get("/set-password" + q)
        assert p.status in (400, 404), "%s: %s" % (q, p.describe())
    # a POST with a made-up token changes nothing and says so
    page = anon.get("/set-password?t=" + "y" * 43)
    assert page.status == 404 and page.doc.find(data_error="setpw.invalid") is not None
    p = anon.post("/set-password", [("t", "y" * 43), ("password", "x" * 20), ("password2", "x" * 20)])
    assert p.status == 403  # no pre-session CSRF cookie


def test_edit_user_role_sites_language(admin_nl, db):
    org = org_of(db, ADMIN_NL)
    sites = db.col("SELECT id FROM sites WHERE org_id = %s ORDER BY id", org)
    email = uniq("edit") + "@example.org"
    assert invite(admin_nl, email, sites=sites[:1]).status == 303
    uid = db.one("SELECT id FROM users WHERE email = %s", email)
    page = admin_nl.get("/settings/users/%d" % uid)
    assert page.status == 200 and page.name == "settings-user"
    form = page.form("/settings/users/%d" % uid)
    boxes = {n.get("value"): n.get("name") for n in form.find_all("input", type="checkbox")}
    values = {"name": "Renamed Person", "lang": "nl", boxes[str(sites[0])]: None}
    fields = [(k, v) for k, v in form_fields(form) if k not in values]
    fields = [(k, v) for k, v in fields if k != boxes[str(sites[0])]]
    fields += [("name", "Renamed Person"), ("lang", "nl"), (boxes[str(sites[1])], str(sites[1])),
               (boxes[str(sites[2])], str(sites[2]))]
    p = admin_nl.post("/settings/users/%d" % uid, fields)
    assert p.status == 303, p.describe()
    assert db.rows("SELECT name, lang, role FROM users WHERE id = %s", uid)[0] == ("Renamed Person", "nl", "recruiter")
    assert sorted(db.col("SELECT site_id FROM user_sites WHERE user_id = %s", uid)) == sorted(sites[1:3])
    # made admin: sites no longer limit
    page = admin_nl.get("/settings/users/%d" % uid)
    p = submit(admin_nl, page, "/settings/users/%d" % uid, role="admin")
    assert p.status == 303, p.describe()
    assert db.one("SELECT role FROM users WHERE id = %s", uid) == "admin"
    assert db.col("SELECT site_id FROM user_sites WHERE user_id = %s", uid) == []
    assert db.one("SELECT COUNT(*) FROM audit_log WHERE action = 'user.edit' AND object_id = %s", uid) == 2


def test_blocking_a_user_ends_their_sessions(admin_nl, db):
    email = uniq("block") + "@example.org"
    assert invite(admin_nl, email).status == 303
    uid = db.one("SELECT id FROM users WHERE email = %s", email)
    victim = Client()
    _, done = set_password(victim, invitation_link(db, email))
    assert done.status == 303
    second = Client()
    second.login(email, "a long and private sentence")
    assert victim.get("/candidates").status == 200 and second.get("/candidates").status == 200
    assert db.one("SELECT COUNT(*) FROM sessions WHERE user_id = %s", uid) == 2

    page = admin_nl.get("/settings/users/%d" % uid)
    p = submit(admin_nl, page, "/settings/users/%d" % uid, state="disabled")
    assert p.status == 303, p.describe()
    assert db.one("SELECT disabled FROM users WHERE id = %s", uid) == 1
    assert db.one("SELECT COUNT(*) FROM sessions WHERE user_id = %s", uid) == 0
    assert db.one("SELECT COUNT(*) FROM audit_log WHERE action = 'user.disable' AND object_id = %s", uid) == 1
    for c in (victim, second):
        r = c.get("/candidates")
        assert r.status == 303 and "/login" in r.resp.headers["Location"], r.describe()
    assert Client().try_login(email, "a long and private sentence").status == 401
    db.exec("DELETE FROM login_failures WHERE email = %s", email)
    listed = admin_nl.get("/settings/users")
    assert listed.doc.find(data_user_id=str(uid)).get("data-state") == "disabled"

    # enabled again: signs in again
    page = admin_nl.get("/settings/users/%d" % uid)
    p = submit(admin_nl, page, "/settings/users/%d" % uid, state="active")
    assert p.status == 303
    Client().login(email, "a long and private sentence")


def test_disabling_an_invited_user_cancels_the_link_for_good(admin_nl, db):
    """An admin who disables a user invited by mistake (a wrong address)
    ends the link: enabling the account again does not bring it back."""
    email = uniq("recall") + "@example.org"
    assert invite(admin_nl, email).status == 303
    uid = db.one("SELECT id FROM users WHERE email = %s", email)
    link = invitation_link(db, email)
    path = urllib.parse.urlsplit(link)
    anon = Client()
    assert anon.get(path.path + "?" + path.query).status == 200
    for state in ("disabled", "active"):
        page = admin_nl.get("/settings/users/%d" % uid)
        assert submit(admin_nl, page, "/settings/users/%d" % uid, state=state).status == 303
    page = anon.get(path.path + "?" + path.query)
    assert page.status == 404, page.describe()
    assert db.one("SELECT password_hash FROM users WHERE id = %s", uid) == ""


def test_sign_in_costs_the_same_for_an_account_without_a_password(admin_nl, db):
    """A wrong password for an invited account that has no password yet
    takes the hashing work of any other failed sign-in, so the time of
    the answer does not tell which addresses have a pending invitation
    (alternating in one run, the median of seven each; argon2id makes the
    difference tenfold when it is missing)."""
    email = uniq("pending") + "@example.org"
    assert invite(admin_nl, email).status == 303
    nobody = uniq("nobody") + "@example.org"

    def failed_ms(addr):
        db.exec("DELETE FROM login_failures")
        c = Client()
        form, fields = c.login_fields(addr, "not the password at all")
        url = urllib.parse.urljoin(c.base + "/login", form.get("action") or "/login")
        t0 = time.monotonic()
        p = c.post(url, fields)
        took = (time.monotonic() - t0) * 1000
        assert p.status == 401, p.describe()
        return took

    # alternating, so that both see the same load on the machine
    times = {email: [], nobody: []}
    for _ in range(7):
        for addr in (email, nobody):
            times[addr].append(failed_ms(addr))
    pending, unknown = sorted(times[email])[3], sorted(times[nobody])[3]
    db.exec("DELETE FROM login_failures")
    assert pending > unknown * 0.4, "pending invitation %.1f ms, unknown address %.1f ms" % (pending, unknown)


def test_the_last_admin_stays(admin_en, db):
    org = org_of(db, ADMIN_EN)
    admins = db.col("SELECT id FROM users WHERE org_id = %s AND role = 'admin' AND disabled = 0 "
                    "AND password_hash <> ''", org)
    assert len(admins) == 1, "Meadowbank should have one admin who can sign in: %r" % admins
    me = admins[0]
    before = snapshot(db, org)
    page = admin_en.get("/settings/users/%d" % me)
    for values in ({"role": "recruiter"}, {"state": "disabled"}, {"role": "recruiter", "state": "disabled"}):
        p = submit(admin_en, page, "/settings/users/%d" % me, **values)
        assert p.status == 409, p.describe()
        assert p.doc.find(data_error="user.err.last_admin") is not None
    # an invited admin who has not chosen a password does not count
    email = uniq("admin") + "@example.org"
    assert invite(admin_en, email, role="admin").status == 303
    p = submit(admin_en, page, "/settings/users/%d" % me, role="recruiter")
    assert p.status == 409, p.describe()
    assert [r for r in snapshot(db, org)[0] if r[0] == me] == [r for r in before[0] if r[0] == me]
    assert db.rows("SELECT role, disabled FROM users WHERE id = %s", me)[0] == ("admin", 0)
    assert admin_en.get("/settings").status == 200
    # editing the last admin without demoting them is fine
    p = submit(admin_en, page, "/settings/users/%d" % me, lang="en")
    assert p.status == 303, p.describe()


@pytest.mark.parametrize("values", [{"role": "owner"}, {"state": "gone"}, {"name": ""}, {"role": None},
                                    {"site1": "x"}])
def test_edit_user_bad_input(admin_nl, db, values):
    uid = db.one("SELECT id FROM users WHERE email = %s", PLANNER_NL)
    before = db.rows("SELECT name, role, lang, disabled FROM users WHERE id = %s", uid)
    page = admin_nl.get("/settings/users/%d" % uid)
    drop = [k for k, v in values.items() if v is None]
    p = submit(admin_nl, page, "/settings/users/%d" % uid, drop=drop,
               **{k: v for k, v in values.items() if v is not None})
    assert p.status == 400, p.describe()
    assert db.rows("SELECT name, role, lang, disabled FROM users WHERE id = %s", uid) == before
