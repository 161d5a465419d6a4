"""test_progress_browser.py: progressing one candidate by clicks in headless
Chromium (issue 3): from "Contact made?" to "Still working after 3 months?"
through an orange, a red and an undo, the start date set back in the date
field.  After every click the page and the database are compared.
Screenshots go to $RP_ARTIFACTS/browser/progress-*.png.

The candidate is inserted with SQL (EOI five months ago) and removed with
its events, ledger, outbox and audit rows afterwards."""

import datetime
import os

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import rptest
import rpprogress as rp
from rptest import ADMIN_EN


def wait_page(d, name, timeout=15):
    WebDriverWait(d, timeout).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, 'body[data-page="%s"]' % name)),
        "page %s did not appear; now at %s" % (name, d.current_url))


@pytest.fixture
def fresh(db):
    f = rp.Fresh(db)
    yield f
    f.cleanup()


def box(d, key):
    return d.find_element(By.CSS_SELECTOR, '[data-milestone="%s"]' % key)


def flash_kinds(d):
    return [e.get_attribute("data-flash") for e in d.find_elements(By.CSS_SELECTOR, "[data-flash]")]


def new_page(old):
    """A wait condition: the page of element old has gone.  While it
    unloads, chromedriver may answer a look at old with an error of its
    own ("unhandled inspector error", seen twice in full local runs)
    rather than "stale": that means "not yet" too.  Any other error is
    raised."""
    gone = EC.staleness_of(old)

    def check(d):
        try:
            return gone(d)
        except WebDriverException as e:
            if "inspector error" in str(e):
                return False
            raise
    return check


def click(d, el):
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    old = d.find_element(By.TAG_NAME, "html")
    el.click()
    WebDriverWait(d, 15).until(new_page(old), "the click did not load a new page")
    wait_page(d, "candidate")


def choose(d, cid, okey, date=None):
    """Click the outcome button okey of the candidate's outcome form,
    after setting its date field when date is given."""
    form = d.find_element(By.CSS_SELECTOR, 'form[action$="/candidates/%d/outcome"]' % cid)
    if date is not None:
        field = form.find_element(By.NAME, "date")
        assert field.get_attribute("type") == "date"
        d.execute_script("arguments[0].value = arguments[1]; "
                         "arguments[0].dispatchEvent(new Event('change', {bubbles: true}))", field, date)
    btn = form.find_element(By.CSS_SELECTOR, 'button[name="outcome"][value="%s"]' % okey)
    assert btn.is_displayed(), "the %s button is not visible" % okey
    click(d, btn)


def test_walk_a_candidate_by_clicks(browser, db, fresh, shots):
    d = browser
    cand = fresh.make(ADMIN_EN, eoi_days=150)
    org = cand.org
    keys = org.keys
    t0 = db.one("SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE referrer_id = %s", cand.referrer_id)
    start = org.today() - datetime.timedelta(days=100)
    shot = [0]

    def snap(what):
        shot[0] += 1
        d.save_screenshot(os.path.join(shots, "progress-%02d-%s.png" % (shot[0], what)))

    def check(what, status):
        assert flash_kinds(d) == ["ok"], "%s: flashes %r on %s" % (what, flash_kinds(d), d.current_url)
        st = rp.state(db, cand.id)
        want = rp.derive(org, rp.effective(db, cand.id))
        assert (st["status"], st["stage_pos"], st["progress"]) == want, "%s: %r, events say %r" % (what, st, want)
        assert st["status"] == status, "%s: status %s, want %s" % (what, st["status"], status)
        for k, letter in zip(keys, st["progress"]):
            color = {"g": "green", "o": "orange", "r": "red"}.get(letter)
            assert box(d, k).get_attribute("data-color") == color, "%s: box %s data-color %r, want %r" % (
                what, k, box(d, k).get_attribute("data-color"), color)

    rptest.driver_sign_in(d, ADMIN_EN)
    wait_page(d, "candidates")
    d.get(rptest.base_url() + "/candidates/%d" % cand.id)
    wait_page(d, "candidate")
    assert [e.get_attribute("data-milestone") for e in d.find_elements(By.CSS_SELECTOR, "[data-milestone]")][:len(keys)] \
        == keys
    assert not d.find_elements(By.CSS_SELECTOR, 'form[action$="/undo"]'), "an undo button with nothing to undo"
    snap("start")

    # Contact made?: no answer (orange), then contact made (green)
    choose(d, cand.id, org.first(keys[0], "orange"))
    check("orange on %s" % keys[0], "waiting")
    assert box(d, keys[0]).get_attribute("data-outcome") == org.first(keys[0], "orange")
    snap("orange")
    choose(d, cand.id, org.first(keys[0], "green"))
    check("green on %s" % keys[0], "action")
    # Interview booked?, Interview completed?
    for k in keys[1:3]:
        choose(d, cand.id, org.first(k, "green"))
        check("green on %s" % k, "action")
    snap("interview")

    # Job offered?: declined (red) archives ...
    choose(d, cand.id, org.first(keys[3], "red"))
    check("red on %s" % keys[3], "archived")
    assert not d.find_elements(By.CSS_SELECTOR, 'form[action$="/outcome"]'), "outcome form on an archived candidate"
    snap("red")
    # ... and the undo button on that box brings the candidate back
    undo = box(d, keys[3]).find_element(By.CSS_SELECTOR, 'form[action$="/undo"] button')
    click(d, undo)
    check("undo of red", "action")
    assert box(d, keys[3]).get_attribute("data-outcome") is None
    snap("undone")

    choose(d, cand.id, org.first(keys[3], "green"))
    check("green on %s" % keys[3], "action")
    # Started work?: the start date set back past three months
    choose(d, cand.id, org.first(keys[4], "green"), date=rp.iso(start))
    check("green on %s" % keys[4], "action")
    started = [e for e in rp.events(db, cand.id) if e["milestone"] == keys[4] and not e["undone"]][-1]
    assert started["date"] == rp.iso(start), "the date field was not posted: %r" % started["date"]
    snap("started")
    # Still working after 3 months?: now due
    choose(d, cand.id, org.first(keys[5], "green"))
    check("green on %s" % keys[5], "complete")
    assert not d.find_elements(By.CSS_SELECTOR, 'form[action$="/outcome"]'), "outcome form on a complete candidate"
    snap("complete")

    # the referrer earned every milestone's points once; the page says so
    awarded = sum(org.points[k] for k in keys)
    t1 = db.one("SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE referrer_id = %s", cand.referrer_id)
    assert t1 == t0 + awarded, "referrer's ledger grew by %d, want %d" % (t1 - t0, awarded)
    link = d.find_element(By.CSS_SELECTOR, 'a[href$="/referrers/%d"]' % cand.referrer_id)
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    wait_page(d, "referrer")
    assert d.find_element(By.CSS_SELECTOR, "[data-points]").get_attribute("data-points") == str(t1)
    snap("referrer")
    logs = [e for e in d.get_log("browser") if e.get("level") == "SEVERE"
            and "favicon.ico" not in e.get("message", "")]
    assert not logs, "browser console errors: %r" % logs
