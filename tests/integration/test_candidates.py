"""test_candidates.py: the candidates and archive lists (DESIGN.md 1, 2, 4.3,
4.4; docs/page-xml.md).  Every expectation is computed with SQL from the
database the portal reads; nothing is hard-coded from the seed."""

import re
import urllib.parse

import pytest

import rpapply as ra
import rptest
from rptest import ADMIN_EN, ADMIN_NL, PAGE_SIZE, PLANNER_NL, all_pages, list_url

SORTS = ("updated", "name", "eoi")


def listed(client, path="/candidates", **params):
    ids, pages = all_pages(client, path, **params)
    assert len(ids) == len(set(ids)), "a candidate is listed twice across pages of %s %r" % (path, params)
    return ids


def need(cond, why):
    """The demo data must make a test meaningful; say so when it does not."""
    if not cond:
        pytest.fail("demo data too small for this test: " + why, pytrace=False)


def follow(page, href):
    """The absolute URL of a link on page."""
    return urllib.parse.urljoin(page.resp.url, href)


def has_number(text, n):
    return re.search(r"(?<![\d])%d(?![\d])" % n, text) is not None


# ------------------------------------------------------------------ the page itself

def test_list_is_200_with_security_headers(admin_nl):
    p = admin_nl.get("/candidates")
    assert p.status == 200 and p.name == "candidates", p.describe()
    h = p.resp.headers
    csp = h.get("Content-Security-Policy", "")
    assert csp, "no Content-Security-Policy on a list page"
    assert "frame-ancestors 'none'" in csp, csp
    directives = {d.split()[0]: d.split()[1:] for d in csp.split(";") if d.split()}
    scripts = directives.get("script-src", directives.get("default-src"))
    assert scripts is not None, "CSP without script-src or default-src: %r" % csp
    assert "'unsafe-inline'" not in scripts and "*" not in scripts, "CSP allows injected scripts: %r" % csp
    assert h.get("X-Content-Type-Options", "").lower() == "nosniff"
    assert h.get("Referrer-Policy"), "no Referrer-Policy (the URL holds names typed in the search box)"
    assert "no-store" in h.get("Cache-Control", ""), "signed-in page cacheable: %r" % h.get("Cache-Control")
    assert p.resp.headers.get("Content-Type", "").startswith("text/html")


def test_head_of_list_page(admin_nl):
    r = admin_nl.head("/candidates")
    assert r.status_code == 200 and not r.content


@pytest.mark.parametrize("who", [ADMIN_NL, ADMIN_EN])
def test_default_list_is_every_live_candidate_latest_update_first(request, expect, who):
    client = request.getfixturevalue("admin_nl" if who == ADMIN_NL else "admin_en")
    want = expect.candidates(who, "live", "updated")
    need(want, "no live candidates for %s" % who)
    got = listed(client)
    assert sorted(got) == sorted(r["id"] for r in want), "live list of %s differs from the database" % who
    by_id = {r["id"]: r for r in want}
    assert [by_id[i]["updated_at"] for i in got] == [r["updated_at"] for r in want], \
        "default order is not latest update first"


def test_rows_carry_status_stage_and_progress(admin_nl, expect, db):
    p = admin_nl.get("/candidates")
    org = expect.user(ADMIN_NL)["org"]
    keys = [k for _, k in expect.milestones(org)]
    need(p.rows(), "no rows")
    colors = {"g": "green", "o": "orange", "r": "red"}
    for row in p.rows():
        cid = int(row.get("data-candidate-id"))
        status, stage_pos, progress, name = db.rows(
            "SELECT status, stage_pos, progress, name FROM candidates WHERE id = %s", cid)[0]
        assert row.get("data-status") == status, "row %d data-status" % cid
        if stage_pos <= len(keys):
            assert row.get("data-stage") == keys[stage_pos - 1], "row %d data-stage" % cid
        boxes = row.find_all(data_milestone=True)
        assert [b.get("data-milestone") for b in boxes] == keys, "row %d progress boxes %r" % (
            cid, [b.get("data-milestone") for b in boxes])
        for b, letter in zip(boxes, progress):
            assert (b.get("data-color") or None) == colors.get(letter), "row %d milestone %s: %r vs %r" % (
                cid, b.get("data-milestone"), b.get("data-color"), letter)
        assert name in row.norm_text() or " ".join(name.split()) in row.norm_text(), \
            "row %d does not show the name %r" % (cid, name)


def test_row_shows_referrer_name(admin_nl, expect):
    want = [r for r in expect.candidates(ADMIN_NL)[:PAGE_SIZE] if r["referrer"]]
    need(want, "no referred candidate on page 1")
    p = admin_nl.get("/candidates")
    for r in want:
        row = p.row(r["id"])
        assert row is not None
        assert " ".join(r["referrer"].split()) in row.norm_text(), \
            "row %d does not show referrer %r" % (r["id"], r["referrer"])


def vacancy_cell(row):
    return row.find("td", **{"class": "c-vacancy"}).norm_text()


def test_row_names_its_vacancy_place_and_site(admin_nl, db):
    p = admin_nl.get("/candidates")
    need(p.rows(), "no rows")
    for row in p.rows():
        cid = int(row.get("data-candidate-id"))
        title, location, site = db.rows(
            "SELECT v.title, v.location, s.name FROM candidates c JOIN vacancies v ON v.id = c.vacancy_id "
            "LEFT JOIN sites s ON s.id = c.site_id WHERE c.id = %s", cid)[0]
        want = " ".join(w for w in (title, location, site and ("· " if location else "") + site) if w)
        assert vacancy_cell(row) == " ".join(want.split()), "row %d" % cid


def test_row_of_a_vacancy_newer_than_the_processes_copy_is_named(admin_nl, anon, made, db):
    """The rows' vacancy and site names come from each process's copy of
    the organisation's choices; a vacancy that copy lacks (made after
    it) is read again rather than shown without a name."""
    org = ra.org_of(db, ADMIN_NL)
    for _ in range(6):
        assert admin_nl.get("/candidates").status == 200
    title = "Nachtdienst " + ra.token()
    vid, code = made.vacancy(org, title=title, announce=False)
    r = ra.apply(anon, code, **ra.good_fields(made))
    assert r.status in (200, 303), r.describe()
    cid = made.cands(made.emails[-1])[0]
    site = db.one("SELECT s.name FROM vacancies v JOIN sites s ON s.id = v.site_id WHERE v.id = %s", vid)
    for _ in range(4):
        row = admin_nl.get("/candidates").row(cid)
        assert row is not None, "the new candidate is not on page 1"
        assert vacancy_cell(row) == "%s Utrecht · %s" % (title, site)


# ------------------------------------------------------------------ paging

def test_pagination_pages_are_disjoint_and_counted(admin_nl, expect):
    want = expect.ids(ADMIN_NL)
    total = len(want)
    need(total > PAGE_SIZE, "%d live candidates for %s, pagination needs more than %d" % (total, ADMIN_NL, PAGE_SIZE))
    p1 = admin_nl.get("/candidates")
    p2 = admin_nl.get("/candidates?page=2")
    assert p1.status == p2.status == 200
    ids1, ids2 = p1.row_ids(), p2.row_ids()
    assert len(ids1) == PAGE_SIZE, "page 1 has %d rows" % len(ids1)
    assert len(ids2) == min(PAGE_SIZE, total - PAGE_SIZE), "page 2 has %d rows" % len(ids2)
    assert not set(ids1) & set(ids2), "page 2 repeats rows of page 1"
    # the counts are shown: "1-50 of T" and "51-... of T"
    t1, t2 = p1.visible_text(), p2.visible_text()
    assert has_number(t1, total), "total %d not shown on page 1" % total
    assert re.search(r"(?<!\d)1\s*[-\u2013\u2014]\s*%d(?!\d)" % PAGE_SIZE, t1), "'1-%d' not shown" % PAGE_SIZE
    assert re.search(r"(?<!\d)%d\s*[-\u2013\u2014]\s*%d(?!\d)" % (PAGE_SIZE + 1, PAGE_SIZE + len(ids2)), t2), \
        "'%d-%d' not shown on page 2" % (PAGE_SIZE + 1, PAGE_SIZE + len(ids2))
    # a link leads from page 1 to page 2
    links = [a.get("href") for a in p1.doc.find_all("a", href=lambda h: "page=2" in h)]
    assert links, "no link to page 2 on page 1"


def test_page_links_keep_the_filters(admin_nl, expect):
    rows = expect.candidates(ADMIN_NL, sort="name")
    need(len(rows) > PAGE_SIZE, "needs more than one page")
    p = admin_nl.get(list_url(sort="name"))
    nxt = [a.get("href") for a in p.doc.find_all("a", href=lambda h: "page=2" in h)]
    assert nxt, "no link to page 2"
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(nxt[0]).query)
    assert q.get("sort") == ["name"], "page link drops the sort: %r" % nxt[0]
    p2 = admin_nl.get(follow(p, nxt[0]))
    names = [r["name"] for r in rows]
    by_id = {r["id"]: r for r in rows}
    assert [by_id[i]["name"] for i in p2.row_ids()] == names[PAGE_SIZE:2 * PAGE_SIZE]


def test_page_past_the_end_is_not_an_error(admin_nl, expect):
    p = admin_nl.get("/candidates?page=9999")
    assert p.status in (200, 303, 400, 404), p.describe()
    assert not p.rows() or p.status == 303
    if p.status == 200:
        # No row carries the total there: it is still counted and shown.
        assert has_number(p.visible_text(), len(expect.ids(ADMIN_NL))), p.describe()


# ------------------------------------------------------------------ sorting

@pytest.mark.parametrize("sort", SORTS)
def test_sort_order_matches_the_database(admin_nl, expect, sort):
    want = expect.candidates(ADMIN_NL, sort=sort)
    need(len(want) >= 2, "fewer than 2 candidates")
    key = expect.SORT_KEY[sort]
    by_id = {r["id"]: r for r in want}
    got = listed(admin_nl, sort=sort)
    assert sorted(got) == sorted(by_id), "sort=%s changes which candidates are listed" % sort
    assert [by_id[i][key] for i in got] == [r[key] for r in want], \
        "sort=%s: order differs from ORDER BY %s" % (sort, expect.ORDER[sort])


def test_a_z_puts_people_with_several_eois_together(admin_nl, expect):
    rows = expect.candidates(ADMIN_NL, sort="name")
    got = listed(admin_nl, sort="name")
    by_id = {r["id"]: r for r in rows}
    seen, last = set(), None
    for i in got:
        n = by_id[i]["name"].casefold()
        assert n == last or n not in seen, "A-Z list separates two rows of %r" % by_id[i]["name"]
        seen.add(n)
        last = n


# ------------------------------------------------------------------ filters

def test_filter_status(admin_nl, expect):
    tried = 0
    for status in rptest.LIVE_STATUSES:
        want = expect.ids(ADMIN_NL, status=status)
        got = listed(admin_nl, status=status)
        assert sorted(got) == sorted(want), "status=%s" % status
        p = admin_nl.get(list_url(status=status))
        assert all(r.get("data-status") == status for r in p.rows())
        tried += bool(want)
    need(tried >= 2, "fewer than two live statuses have candidates")


def test_filter_stage(admin_nl, expect):
    org = expect.user(ADMIN_NL)["org"]
    tried = 0
    for _, key in expect.milestones(org):
        want = expect.ids(ADMIN_NL, stage=key)
        got = listed(admin_nl, stage=key)
        assert sorted(got) == sorted(want), "stage=%s" % key
        p = admin_nl.get(list_url(stage=key))
        assert all(r.get("data-stage") == key for r in p.rows()), "stage=%s shows other stages" % key
        tried += bool(want)
    need(tried >= 2, "fewer than two stages have candidates")


def test_filter_site(admin_nl, expect, db):
    org = expect.user(ADMIN_NL)["org"]
    sites = db.col("SELECT id FROM sites WHERE org_id = %s ORDER BY id", org)
    need(len(sites) >= 2, "organisation of %s has fewer than 2 sites" % ADMIN_NL)
    for s in sites:
        want = expect.ids(ADMIN_NL, site=s)
        got = listed(admin_nl, site=s)
        assert sorted(got) == sorted(want), "site=%s" % s


def test_filter_location(admin_nl, expect):
    rows = expect.candidates(ADMIN_NL)
    locations = sorted({r["location"] for r in rows if r["location"]})
    need(len(locations) >= 2, "fewer than 2 locations")
    for loc in locations[:4]:
        want = expect.ids(ADMIN_NL, location=loc)
        got = listed(admin_nl, location=loc)
        assert sorted(got) == sorted(want), "location=%r" % loc


def test_filter_job(admin_nl, expect):
    rows = expect.candidates(ADMIN_NL)
    jobs = sorted({r["vacancy_id"] for r in rows})
    need(len(jobs) >= 2, "fewer than 2 vacancies with candidates")
    for job in jobs[:4]:
        want = expect.ids(ADMIN_NL, job=job)
        got = listed(admin_nl, job=job)
        assert sorted(got) == sorted(want), "job=%s" % job
        assert len(want) < len(rows)


def test_filter_form_offers_the_choices(admin_nl, expect, db):
    p = admin_nl.get("/candidates")
    org = expect.user(ADMIN_NL)["org"]
    form = None
    for f in p.doc.find_all("form"):
        if f.get("method", "get").lower() == "get" and f.find("select", name="sort") is not None:
            form = f
    assert form is not None, "no GET filter form with a sort select"
    for name in ("site", "sort", "stage", "status", "location", "job"):
        assert form.find("select", name=name) is not None, "filter form has no %s select" % name
    assert form.find("input", name="q") is not None, "filter form has no search box q"
    opts = lambda n: [o.get("value") for o in form.find("select", name=n).find_all("option")]  # noqa: E731
    assert set(opts("sort")) >= set(SORTS)
    assert set(k for _, k in expect.milestones(org)) <= set(opts("stage"))
    assert set(str(s) for s in db.col("SELECT id FROM sites WHERE org_id = %s", org)) <= set(opts("site"))
    assert "" in opts("status") and "" in opts("stage"), "no 'all' choice"


def test_filters_combine(admin_nl, expect):
    rows = expect.candidates(ADMIN_NL, sort="name")
    need(rows, "no candidates")
    r0 = rows[len(rows) // 2]
    prefix = rptest.name_words(r0["name"])[-1][:2]
    params = dict(status=r0["status"], q=prefix, sort="name")
    want = [r["id"] for r in expect.filtered(rows, status=r0["status"], q=prefix)]
    got = listed(admin_nl, **params)
    by_id = {r["id"]: r for r in rows}
    assert sorted(got) == sorted(want), "%r" % params
    assert [by_id[i]["name"] for i in got] == [by_id[i]["name"] for i in want], "%r: not A-Z" % params


# ------------------------------------------------------------------ search

def _pick_prefix(rows, field, other, min_len=3):
    """A prefix of a word of some row's `field` that picks rows the `other`
    field alone would not (so the test proves what it claims)."""
    for r in rows:
        for w in rptest.NAME_SEPARATORS.split(r[field]):
            if len(w) < min_len + 1 or not w.isalpha():
                continue
            pre = w[:min_len]
            if not all(ch.isascii() for ch in pre):
                continue
            if not rptest.words_start(r[other], pre):
                return pre
    return None


def test_search_by_candidate_name(admin_nl, expect):
    rows = expect.candidates(ADMIN_NL)
    pre = _pick_prefix(rows, "name", "referrer")
    need(pre, "no candidate name to search for")
    want = expect.ids(ADMIN_NL, q=pre)
    got = listed(admin_nl, q=pre)
    assert sorted(got) == sorted(want), "q=%r" % pre
    need(0 < len(want) < len(rows), "q=%r matches none or all" % pre)


def test_search_by_referrer_name(admin_nl, expect):
    rows = [r for r in expect.candidates(ADMIN_NL) if r["referrer"]]
    need(rows, "no candidate with a referrer")
    pre = _pick_prefix(rows, "referrer", "name")
    need(pre, "no referrer name word that is not also a candidate's")
    want = expect.ids(ADMIN_NL, q=pre)
    got = listed(admin_nl, q=pre)
    assert sorted(got) == sorted(want), "q=%r (a referrer's name)" % pre
    only_ref = [r["id"] for r in rows if rptest.words_start(r["referrer"], pre)
                and not rptest.words_start(r["name"], pre)]
    assert set(only_ref) <= set(got), "candidates found only through their referrer are missing"


def test_search_matches_the_start_of_a_word_not_the_middle(admin_nl, expect):
    rows = expect.candidates(ADMIN_NL)
    # a piece from inside a word that starts no word of any visible name
    inner = None
    for r in rows:
        for w in rptest.name_words(r["name"]):
            if len(w) >= 5 and w.isascii() and w.isalpha():
                cand = w[1:4]
                if not any(rptest.words_start(x["name"], cand) or rptest.words_start(x["referrer"], cand)
                           for x in rows):
                    inner = cand
                    break
        if inner:
            break
    need(inner, "no inner word piece to search for")
    p = admin_nl.get(list_url(q=inner))
    assert p.status == 200 and p.rows() == [], "q=%r matched inside words: %r" % (inner, p.row_ids())


def test_search_ignores_case(admin_nl, expect):
    rows = expect.candidates(ADMIN_NL)
    pre = _pick_prefix(rows, "name", "referrer")
    need(pre, "no name")
    a = listed(admin_nl, q=pre.upper())
    b = listed(admin_nl, q=pre.lower())
    assert sorted(a) == sorted(b) == sorted(expect.ids(ADMIN_NL, q=pre))


def test_search_of_a_whole_name(admin_nl, expect):
    rows = expect.candidates(ADMIN_NL)
    r0 = rows[0]
    words = rptest.NAME_SEPARATORS.split(r0["name"])
    got = listed(admin_nl, q=words[0])
    assert r0["id"] in got, "searching %r does not find %r" % (words[0], r0["name"])


def test_search_without_match_shows_an_empty_list(admin_nl):
    p = admin_nl.get(list_url(q="qxzqxzqxz"))
    assert p.status == 200 and p.name == "candidates" and p.rows() == []


def test_search_term_is_kept_in_the_box(admin_nl):
    p = admin_nl.get(list_url(q="Jan de"))
    box = p.doc.find("input", name="q")
    assert box is not None and box.get("value") == "Jan de"


# ------------------------------------------------------------------ archive

def test_archive_lists_only_archived(admin_nl, expect):
    want = expect.ids(ADMIN_NL, view="archive")
    need(want, "no archived candidates")
    p = admin_nl.get("/archive")
    assert p.status == 200 and p.name == "archive", p.describe()
    got = listed(admin_nl, "/archive")
    assert sorted(got) == sorted(want)
    assert all(r.get("data-status") == "archived" for r in p.rows())
    live = listed(admin_nl)
    assert not set(live) & set(got), "archived candidates in the live list"


def test_archive_is_searchable_and_sortable(admin_nl, expect):
    rows = expect.candidates(ADMIN_NL, view="archive", sort="name")
    need(rows, "no archived candidates")
    got = listed(admin_nl, "/archive", sort="name")
    by_id = {r["id"]: r for r in rows}
    assert [by_id[i]["name"] for i in got] == [r["name"] for r in rows]
    pre = rptest.name_words(rows[0]["name"])[0][:3]
    want = [r["id"] for r in expect.filtered(rows, q=pre)]
    assert sorted(listed(admin_nl, "/archive", q=pre)) == sorted(want)


# ------------------------------------------------------------------ contact card

def _digits(s):
    return re.sub(r"\D", "", s or "")


def test_card_opens_contact_details_without_javascript(admin_nl, expect, db):
    rows = [r for r in expect.candidates(ADMIN_NL)[:PAGE_SIZE] if r["phone"] and r["email"]]
    need(rows, "no candidate with phone and email on page 1")
    r = rows[0]
    closed = admin_nl.get("/candidates")
    row = closed.row(r["id"])
    assert row is not None
    link = [a for a in closed.doc.find_all("a", href=lambda h: re.search(r"[?&]card=%d(\D|$)" % r["id"], h))]
    assert link, "no card link for row %d" % r["id"]
    a = link[0]
    label = a.get("aria-label") or a.norm_text() or " ".join(i.get("alt", "") for i in a.find_all("img")) \
        or a.get("title")
    assert label and label.strip(), "the card link has no accessible label"
    assert r["email"] not in closed.text, "contact details shown before the card is opened"
    assert not closed.doc.find_all("a", href=lambda h: h.startswith("tel:")), "tel: links in a closed list"

    before = db.one("SELECT COUNT(*) FROM audit_log WHERE object_id = %s AND action LIKE %s", r["id"], "contact%")
    href = a.get("href")
    opened = admin_nl.get(follow(closed, href))
    assert opened.status == 200, opened.describe()
    tel = opened.doc.find_all("a", href=lambda h: h.startswith("tel:"))
    mail = opened.doc.find_all("a", href=lambda h: h.startswith("mailto:"))
    assert tel and _digits(tel[0].get("href")).endswith(_digits(r["phone"])[-8:]), \
        "no tel: link with %r" % r["phone"]
    assert [m for m in mail if urllib.parse.unquote(m.get("href")[7:]) == r["email"]], \
        "no mailto: link with %r" % r["email"]
    assert len(tel) == 1, "more than one contact card open"
    if r["postcode"]:
        assert r["postcode"] in opened.visible_text()
    # the contact card can be closed again with a link
    assert opened.doc.find_all("a", href=lambda h: "card=" not in h and h.endswith("#c%d" % r["id"])), \
        "no link closing the card"
    after = db.one("SELECT COUNT(*) FROM audit_log WHERE object_id = %s AND action LIKE %s", r["id"], "contact%")
    assert after == before + 1, "viewing contact details is not in the audit log (DESIGN.md 6)"


def test_card_of_a_row_not_in_the_list_shows_nothing(admin_nl, expect):
    rows = expect.candidates(ADMIN_NL)
    need(len(rows) >= 2, "needs 2 candidates")
    a = rows[0]
    pre = rptest.name_words(a["name"])[0]
    b = next((r for r in reversed(rows) if not rptest.words_start(r["name"], pre)
              and not rptest.words_start(r["referrer"], pre)), None)
    need(b, "every candidate matches %r" % pre)
    p = admin_nl.get(list_url(q=pre, card=b["id"]))
    assert p.status in (200, 400, 404), p.describe()
    if b["email"]:
        assert b["email"] not in p.text, "card= opened a candidate that is not in the filtered list"


def test_card_keeps_the_filters(admin_nl, expect):
    rows = expect.candidates(ADMIN_NL, sort="name")
    p = admin_nl.get(list_url(sort="name", status=rows[0]["status"]))
    links = p.doc.find_all("a", href=lambda h: "card=" in h)
    need(links, "no card links")
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(links[0].get("href")).query)
    assert q.get("sort") == ["name"] and q.get("status") == [rows[0]["status"]], \
        "card link loses the filters: %r" % links[0].get("href")


# ------------------------------------------------------------------ overdue

def _flagged(row):
    if row.get("data-overdue") not in (None, "", "0", "false"):
        return True
    return any(n.get("data-overdue") not in (None, "0", "false") for n in row.find_all(data_overdue=True))


def test_overdue_first_contact_is_flagged(admin_nl, expect):
    org = expect.org(expect.user(ADMIN_NL)["org"])
    target = org["target"] * 60
    rows = expect.candidates(ADMIN_NL, sort="updated")
    late = [r for r in rows if r["status"] == "action" and r["stage_pos"] == 1 and r["age_minutes"] > target + 60]
    fresh = [r for r in rows if r["status"] == "action" and r["stage_pos"] == 1 and r["age_minutes"] < target - 60]
    later = [r for r in rows if r["stage_pos"] > 1]
    need(late, "no candidate waiting longer than the target for first contact")
    need(later, "no candidate past first contact")
    ids = [r["id"] for r in late + fresh + later]
    got = {}
    for p in all_pages(admin_nl)[1]:
        for row in p.rows():
            got[int(row.get("data-candidate-id"))] = row
    for r in late:
        row = got[r["id"]]
        assert _flagged(row), "candidate %d waits %d h for first contact, not flagged" % (r["id"], r["age_minutes"] // 60)
        # the flag carries text, not colour alone
        flag = row if row.get("data-overdue") else row.find(data_overdue=True)
        assert flag.norm_text(), "overdue flag without text"
    for r in fresh + later:
        assert not _flagged(got[r["id"]]), "candidate %d flagged overdue wrongly" % r["id"]
    assert ids


# ------------------------------------------------------------------ who sees what

def test_site_limited_recruiter_sees_only_their_site(planner, expect):
    u = expect.user(PLANNER_NL)
    need(u["sites"], "%s is not limited to a site" % PLANNER_NL)
    want = expect.ids(PLANNER_NL)
    everyone = expect.ids(ADMIN_NL)
    need(set(everyone) - set(want), "the other sites have no candidates")
    assert sorted(listed(planner)) == sorted(want)
    assert sorted(listed(planner, "/archive")) == sorted(expect.ids(PLANNER_NL, view="archive"))


@pytest.mark.serial
@pytest.mark.parametrize("nsites", [7, 25, 45, 60])
def test_recruiter_limited_to_many_sites_sees_every_one_of_them(planner, expect, db, nsites):
    """A user limited to many sites sees and counts the candidates and
    referrers of all of them, the last one too: some of the planner's
    candidates and a referrer move to the newest of the sites made for
    the test (its id sorts last).  About fifty sites are bound in the
    statement, more are read from user_sites; either way the longest
    search the form can ask (eight words and every filter) still finds
    a moved candidate."""
    u = expect.user(PLANNER_NL)
    need(len(u["sites"]) == 1, "%s is not limited to one site" % PLANNER_NL)
    org, uid, home = u["org"], u["id"], u["sites"][0]
    moved = expect.ids(PLANNER_NL)[:3]
    need(moved, "%s sees no candidates" % PLANNER_NL)
    ref = db.one("SELECT MIN(id) FROM referrers WHERE org_id = %s AND site_id = %s", org, home)
    need(ref, "no referrer at the planner's site")
    sites = []
    in_moved = ",".join(["%s"] * len(moved))
    try:
        for k in range(nsites - 1):
            db.exec("INSERT INTO sites (org_id, name) VALUES (%s, %s)", org, "Testlocatie %s %02d" % (ra.token(), k))
            sites.append(db.one("SELECT MAX(id) FROM sites WHERE org_id = %s", org))
            db.exec("INSERT INTO user_sites (user_id, site_id) VALUES (%s, %s)", uid, sites[-1])
        db.exec("UPDATE candidates SET site_id = %%s WHERE id IN (%s)" % in_moved, sites[-1], *moved)
        db.exec("UPDATE referrers SET site_id = %s WHERE id = %s", sites[-1], ref)
        rptest.recount(db, org)
        rptest.choices_changed(db, org)
        want = expect.ids(PLANNER_NL)
        assert set(moved) <= set(want)
        assert sorted(listed(planner)) == sorted(want)
        assert has_number(planner.get("/candidates").visible_text(), len(want))
        refs = planner.get("/referrers")
        assert refs.status == 200, refs.describe()
        assert refs.doc.find("tr", data_referrer_id=str(ref)) is not None, "referrer %d not listed" % ref
        # eight different words, each the start of a word indexed for
        # the moved candidate alone
        status, pos, vac, listed_ = db.rows("SELECT status, stage_pos, vacancy_id, listed FROM candidates "
                                            "WHERE id = %s", moved[0])[0]
        stage = db.one("SELECT mkey FROM milestones WHERE org_id = %s AND pos = %s", org, pos)
        town = db.one("SELECT location FROM vacancies WHERE id = %s", vac)
        need(town, "the moved candidate's vacancy has no location")
        word = ra.token()
        db.exec("INSERT INTO name_words (org_id, word, kind, listed, ref_id) VALUES (%s, %s, 'c', %s, %s)",
                org, word, listed_, moved[0])
        q = " ".join(word[:n] for n in range(3, 11))
        p = planner.get(list_url(q=q, status=status, stage=stage, site=sites[-1], job=vac, location=town))
        assert p.status == 200, p.describe()
        assert p.row_ids() == [moved[0]], "q=%s and every filter: %r, not candidate %d" % (q, p.row_ids(), moved[0])
    finally:
        db.exec("DELETE FROM name_words WHERE kind = 'c' AND ref_id = %s AND word LIKE 'zq%%'", moved[0])
        db.exec("UPDATE candidates SET site_id = %%s WHERE id IN (%s)" % in_moved, home, *moved)
        db.exec("UPDATE referrers SET site_id = %s WHERE id = %s", home, ref)
        rptest.recount(db, org)
        for site in sites:
            db.exec("DELETE FROM user_sites WHERE site_id = %s", site)
            db.exec("DELETE FROM sites WHERE id = %s", site)
        rptest.choices_changed(db, org)


def test_site_limited_recruiter_cannot_ask_for_another_site(planner, expect, db):
    u = expect.user(PLANNER_NL)
    other = db.col("SELECT id FROM sites WHERE org_id = %s AND id NOT IN (%s)" %
                   ("%s", ",".join(["%s"] * len(u["sites"]))), u["org"], *u["sites"])
    need(other, "organisation has no other site")
    forbidden = set(expect.ids(ADMIN_NL)) - set(expect.ids(PLANNER_NL))
    for s in other:
        p = planner.get(list_url(site=s))
        assert p.status < 500, p.describe()
        assert not set(p.row_ids()) & forbidden, "site=%s showed another site's candidates" % s
    # and the site choice offers only their own
    p = planner.get("/candidates")
    sel = p.doc.find("select", name="site")
    if sel is not None:
        offered = {o.get("value") for o in sel.find_all("option")} - {""}
        assert offered <= {str(s) for s in u["sites"]}, "site filter offers other sites: %r" % offered


def test_site_limited_recruiter_is_not_offered_site_less_vacancies(planner, admin_nl, made, db, expect):
    """A vacancy without a site holds no candidate a user limited to sites
    can see: their filter form offers neither it nor its town (as the
    new-candidate form and /vacancies leave it out), and asking for it is
    refused; an admin is offered both."""
    u = expect.user(PLANNER_NL)
    town = "Zq" + ra.token()[2:]
    vid, code = made.vacancy(u["org"], site=None)
    db.exec("UPDATE vacancies SET location = %s WHERE id = %s", town, vid)
    rptest.choices_changed(db, u["org"])

    def offered(client):
        p = client.get("/candidates")
        assert p.status == 200, p.describe()
        jobs = {o.get("value") for o in p.doc.find("select", name="job").find_all("option")}
        towns = {o.get("value") for o in p.doc.find("select", name="location").find_all("option")}
        return str(vid) in jobs, town in towns

    assert offered(admin_nl) == (True, True)
    assert offered(planner) == (False, False)
    assert planner.get(list_url(job=vid)).status == 400


def test_site_limited_recruiter_cannot_open_another_sites_card(planner, expect):
    forbidden = [r for r in expect.candidates(ADMIN_NL) if r["id"] not in set(expect.ids(PLANNER_NL)) and r["email"]]
    need(forbidden, "no candidates outside the planner's site")
    r = forbidden[0]
    p = planner.get(list_url(card=r["id"]))
    assert p.status < 500
    assert r["email"] not in p.text and (not r["phone"] or r["phone"] not in p.text), "contact of another site leaked"
    q = planner.get("/candidates/%d" % r["id"])
    assert q.status == 404, "/candidates/{id} of another site: " + q.describe()


def test_other_organisation_is_invisible(admin_en, expect):
    nl = expect.candidates(ADMIN_NL) + expect.candidates(ADMIN_NL, view="archive")
    need(nl, "no candidates in the other organisation")
    nl_ids = {r["id"] for r in nl}
    en_live = listed(admin_en)
    en_arch = listed(admin_en, "/archive")
    assert not nl_ids & set(en_live + en_arch), "another organisation's candidates are listed"
    # a search for their names finds none of them
    pre = rptest.name_words(nl[0]["name"])[0][:3]
    assert not nl_ids & set(listed(admin_en, q=pre))
    # filters with their ids do not open a way in
    r = nl[0]
    for params in ({"job": r["vacancy_id"]}, {"site": r["site_id"]}, {"card": r["id"]}):
        p = admin_en.get(list_url(**params))
        assert p.status < 500, p.describe()
        assert not nl_ids & set(p.row_ids()), "%r showed another organisation's rows" % params
        if r["email"]:
            assert r["email"] not in p.text, "%r leaked contact details" % params


def test_other_organisations_candidate_is_404(admin_en, expect):
    nl = expect.candidates(ADMIN_NL)
    need(nl, "no candidates in the other organisation")
    for r in nl[:3]:
        p = admin_en.get("/candidates/%d" % r["id"])
        assert p.status == 404, "/candidates/%d of another organisation: %s" % (r["id"], p.describe())
        assert p.name == "error"
        assert r["name"] not in p.text


# ------------------------------------------------------------------ language

@pytest.mark.parametrize("who,lang,other", [(PLANNER_NL, "nl", "en"), (ADMIN_EN, "en", "nl")])
def test_list_speaks_the_organisations_language(request, who, lang, other):
    client = request.getfixturevalue("planner" if who == PLANNER_NL else "admin_en")
    p = client.get("/candidates")
    assert p.lang == lang, "html lang of %s: %r" % (who, p.lang)
    text = p.visible_text()
    for key in ("milestone.contact", "sort.name", "status.action"):
        assert rptest.cat_text(lang, key) in text, "%s: %s text %r missing" % (who, key, rptest.cat_text(lang, key))
    foreign = rptest.cat_text(other, "milestone.interview")
    assert foreign not in text or foreign == rptest.cat_text(lang, "milestone.interview")


# ------------------------------------------------------------------ query count

def _delta(db, client, url, tries=5):
    """Statements the database executed for one request: the smallest of
    several tries, which filters out the mailer's occasional poll."""
    stmts, questions, nrows = [], [], None
    for _ in range(tries):
        c0, q0 = db.status("Com_stmt_execute"), db.status("Questions")
        p = client.get(url)
        c1, q1 = db.status("Com_stmt_execute"), db.status("Questions")
        assert p.status == 200, p.describe()
        stmts.append(c1 - c0)
        questions.append(q1 - q0)   # includes our own SHOW STATUS, the same every time
        nrows = len(p.rows())
    return (min(stmts), min(questions), nrows)


def _matching(rows, pre):
    return [r for r in rows if rptest.words_start(r["name"], pre) or rptest.words_start(r["referrer"], pre)]


@pytest.mark.serial
def test_list_makes_a_fixed_number_of_queries(admin_nl, expect):
    """Statements per list request do not grow with its rows: a full page
    and a short one of the same kind (the plain list and a stage of it,
    counted by the counters; a search of many matches and of one) take
    the same number."""
    rows = expect.candidates(ADMIN_NL)
    need(len(rows) >= PAGE_SIZE, "needs a full page of candidates")
    stages = {}
    for r in rows:
        if r["stage"]:
            stages[r["stage"]] = stages.get(r["stage"], 0) + 1
    short = sorted(key for key, n in stages.items() if n < PAGE_SIZE)
    need(short, "every stage has a full page")
    words = {w[:1] for r in rows for w in rptest.name_words(r["name"]) if w[:1].isalpha()}
    many = max(sorted(words), key=lambda w: len(_matching(rows, w)))
    need(len(_matching(rows, many)) >= 10, "no search finds ten")
    pre = next((w for r in rows for w in rptest.name_words(r["name"]) if len(_matching(rows, w)) == 1), None)
    need(pre, "no search of one match")
    admin_nl.get("/candidates")   # warm up the FastCGI process's statement cache
    full = _delta(expect.db, admin_nl, "/candidates")
    few = _delta(expect.db, admin_nl, list_url(stage=short[0]))
    found = _delta(expect.db, admin_nl, list_url(q=many))
    one = _delta(expect.db, admin_nl, list_url(q=pre))
    card = _delta(expect.db, admin_nl, list_url(card=rows[1]["id"]))
    assert full[2] == PAGE_SIZE and few[2] < PAGE_SIZE
    assert found[2] >= 10 and one[2] == 1
    for a, b in ((full, few), (found, one)):
        assert a[:2] == b[:2], \
            "statements per list request depend on the rows: %d rows -> %r, %d rows -> %r" % (
                a[2], a[:2], b[2], b[:2])
    assert full[0] + full[1] <= 30, "a list page takes %r statements" % (full[:2],)
    assert card[0] + card[1] <= full[0] + full[1] + 4, "opening a card costs %r statements" % (card[:2],)
