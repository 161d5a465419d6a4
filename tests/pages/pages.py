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
    P("archive-en", ADMIN_EN, "en", "/archive", 200, "archive"),
    P("archive-nl", PLANNER_NL, "nl", "/archive", 200, "archive"),
    P("error-404-en", ADMIN_EN, "en", "/candidates/999999999", 404, "error"),
    P("error-404-nl", PLANNER_NL, "nl", "/candidates/999999999", 404, "error"),
    P("error-400-en", ADMIN_EN, "en", "/candidates?q=%ff", 400, "error"),
]
