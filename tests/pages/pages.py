"""pages.py: every page of the portal that the page checks cover.

One row per page: a new page is one line.  who is the demo login (None:
not signed in), lang the browser's Accept-Language, path may hold {first}
(the first candidate of that user's live list), status is what the page
answers.  post, when set, is a dict of fields typed into the form of that
page before it is submitted (the page checked is the answer).  Each page is checked by the W3C Nu HTML checker (no errors) and
by axe-core in headless Chromium (no violations).
"""

from collections import namedtuple

ADMIN_NL = "admin@delinde.test"
PLANNER_NL = "planner@delinde.test"
ADMIN_EN = "admin@meadowbank.test"

P = namedtuple("P", "id who lang path status name post", defaults=(None,))
WRONG = {"email": "nobody@example.invalid", "password": "not-the-password"}
# The apply form without the consent box ticked: answered 400 with messages.
APPLY_NO_CONSENT = {"name": "Pagina Test", "email": "pages@example.invalid", "phone": "0612345678",
                    "postcode": "3511 AB"}


def _referrer(who):
    """/referrers/{id} of the referrer with most ledger lines that who may
    see, looked up with SQL once (at import).  Without a database the path
    is /referrers/0, whose 400 makes that page's check fail visibly."""
    try:
        import rptest
        db = rptest.DB()
        try:
            rid = db.one("SELECT r.id FROM referrers r JOIN users u ON u.org_id = r.org_id "
                         "LEFT JOIN points_ledger l ON l.referrer_id = r.id WHERE u.email = %s "
                         "AND (NOT EXISTS (SELECT 1 FROM user_sites us WHERE us.user_id = u.id) "
                         "OR r.site_id IN (SELECT us.site_id FROM user_sites us WHERE us.user_id = u.id)) "
                         "GROUP BY r.id ORDER BY COUNT(l.id) DESC, r.id LIMIT 1", who)
        finally:
            db.close()
    except Exception:  # noqa: BLE001 -- reported by the page check itself
        rid = None
    return "/referrers/%d" % (rid or 0)


PAGES = [
    P("login-en", None, "en", "/login", 200, "login"),
    P("login-nl", None, "nl", "/login", 200, "login"),
    P("login-failed-en", None, "en", "/login", 401, "login", WRONG),
    P("login-failed-nl", None, "nl", "/login", 401, "login", WRONG),
    P("candidates-en", ADMIN_EN, "en", "/candidates", 200, "candidates"),
    P("candidates-nl-admin", ADMIN_NL, "nl", "/candidates", 200, "candidates"),
    P("candidates-nl-planner", PLANNER_NL, "nl", "/candidates", 200, "candidates"),
    P("candidates-filtered-nl", ADMIN_NL, "nl", "/candidates?sort=name&status=action&page=2", 200, "candidates"),
    P("candidates-empty-en", ADMIN_EN, "en", "/candidates?q=qxzqxzqxz", 200, "candidates"),
    P("card-en", ADMIN_EN, "en", "/candidates?card={first}", 200, "candidates"),
    P("card-nl", PLANNER_NL, "nl", "/candidates?card={first}", 200, "candidates"),
    P("menu-en", ADMIN_EN, "en", "/candidates?menu={menu}", 200, "candidates"),
    P("menu-nl", PLANNER_NL, "nl", "/candidates?menu={menu}", 200, "candidates"),
    P("archive-en", ADMIN_EN, "en", "/archive", 200, "archive"),
    P("archive-nl", PLANNER_NL, "nl", "/archive", 200, "archive"),
    P("candidate-en", ADMIN_EN, "en", "/candidates/{first}", 200, "candidate"),
    P("candidate-nl-admin", ADMIN_NL, "nl", "/candidates/{first}", 200, "candidate"),
    P("candidate-nl-planner", PLANNER_NL, "nl", "/candidates/{first}", 200, "candidate"),
    P("referrer-en", ADMIN_EN, "en", _referrer(ADMIN_EN), 200, "referrer"),
    P("referrer-nl", ADMIN_NL, "nl", _referrer(ADMIN_NL), 200, "referrer"),
    P("referrer-nl-planner", PLANNER_NL, "nl", _referrer(PLANNER_NL), 200, "referrer"),
    P("error-404-en", ADMIN_EN, "en", "/candidates/999999999", 404, "error"),
    P("error-404-nl", PLANNER_NL, "nl", "/candidates/999999999", 404, "error"),
    P("error-400-en", ADMIN_EN, "en", "/candidates?q=%ff", 400, "error"),
    P("vacancies-nl", ADMIN_NL, "nl", "/vacancies", 200, "vacancies"),
    P("vacancies-en", ADMIN_EN, "en", "/vacancies", 200, "vacancies"),
    P("vacancies-nl-planner", PLANNER_NL, "nl", "/vacancies", 200, "vacancies"),
    P("vacancy-new-nl", ADMIN_NL, "nl", "/vacancies/new", 200, "vacancy"),
    P("vacancy-new-en", ADMIN_EN, "en", "/vacancies/new", 200, "vacancy"),
    P("vacancy-nl", ADMIN_NL, "nl", "/vacancies/{vacancy}?q=a", 200, "vacancy"),
    P("vacancy-en", ADMIN_EN, "en", "/vacancies/{vacancy}", 200, "vacancy"),
    P("candidate-new-nl", PLANNER_NL, "nl", "/candidates/new", 200, "candidate-new"),
    P("candidate-new-en", ADMIN_EN, "en", "/candidates/new", 200, "candidate-new"),
    P("apply-nl", None, "nl", "/apply/{code}", 200, "apply"),
    P("apply-en", None, "en", "/apply/{code}", 200, "apply"),
    P("apply-errors-nl", None, "nl", "/apply/{code}", 400, "apply", APPLY_NO_CONSENT),
    P("apply-errors-en", None, "en", "/apply/{code}", 400, "apply", APPLY_NO_CONSENT),
    P("apply-closed-en", None, "en", "/apply/{closed}", 410, "apply"),
    P("apply-unknown-nl", None, "nl", "/apply/nosuchcode", 404, "apply"),
    P("referrers-nl", ADMIN_NL, "nl", "/referrers", 200, "referrers"),
    P("referrers-en-search", ADMIN_EN, "en", "/referrers?q=zzzqqq", 200, "referrers"),
    P("referrers-planner-nl", PLANNER_NL, "nl", "/referrers", 200, "referrers"),
    P("referrer-edit-en", ADMIN_EN, "en", "/referrers/{referrer}/edit", 200, "referrer-form"),
    P("referrer-new-nl", PLANNER_NL, "nl", "/referrers/new", 200, "referrer-form"),
    P("referrer-page-bonus-nl", ADMIN_NL, "nl", "/referrers/{referrer}", 200, "referrer"),
    P("referrers-import-en", ADMIN_EN, "en", "/referrers/import", 200, "referrers-import"),
    P("settings-nl", ADMIN_NL, "nl", "/settings", 200, "settings"),
    P("settings-users-en", ADMIN_EN, "en", "/settings/users", 200, "settings-users"),
    P("settings-users-nl", ADMIN_NL, "nl", "/settings/users", 200, "settings-users"),
    P("settings-user-nl", ADMIN_NL, "nl", "/settings/users/{user}", 200, "settings-user"),
    P("settings-sites-en", ADMIN_EN, "en", "/settings/sites", 200, "settings-sites"),
    P("settings-points-nl", ADMIN_NL, "nl", "/settings/points", 200, "settings-points"),
    P("settings-organisation-en", ADMIN_EN, "en", "/settings/organisation", 200, "settings-organisation"),
    P("settings-mail-en", ADMIN_EN, "en", "/settings/mail", 200, "settings-mail"),
    P("settings-mail-nl", ADMIN_NL, "nl", "/settings/mail", 200, "settings-mail"),
    P("settings-refused-nl", PLANNER_NL, "nl", "/settings", 403, "error"),
    P("set-password-invalid-en", None, "en", "/set-password?t=nosuchtokennosuchtoken", 404, "set-password"),
]
