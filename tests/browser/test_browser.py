"""test_browser.py: a recruiter's first steps in a real browser (headless
Chromium): sign in, filter the list, open a contact card, sign out.
Screenshots go to $RP_ARTIFACTS/browser/."""

import os
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

import rptest
from rptest import ADMIN_NL, PLANNER_NL


def wait_page(d, name, timeout=15):
    WebDriverWait(d, timeout).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, 'body[data-page="%s"]' % name)),
        "page %s did not appear; now at %s" % (name, d.current_url))


def rows(d):
    return d.find_elements(By.CSS_SELECTOR, "[data-candidate-id]")


def live_rows(db, email):
    org = db.one("SELECT org_id FROM users WHERE email = %s", email)
    return db.rows("SELECT c.id, c.name, c.status, c.phone, c.email FROM candidates c "
                   "WHERE c.org_id = %s AND c.deleted_at IS NULL AND c.status IN ('action','waiting','complete') "
                   "ORDER BY c.updated_at DESC, c.id DESC", org)


def test_sign_in_filter_open_card_sign_out(browser, db, shots):
    d = browser
    rptest.driver_sign_in(d, ADMIN_NL)
    wait_page(d, "candidates")
    assert rows(d), "no candidate rows after signing in"
    d.save_screenshot(os.path.join(shots, "01-candidates.png"))

    # filter: status "action" through the filter form, as a person would
    want = [r for r in live_rows(db, ADMIN_NL) if r[2] == "action"]
    assert want, "demo data has no candidate needing action"
    Select(d.find_element(By.CSS_SELECTOR, 'select[name="status"]')).select_by_value("action")
    box = d.find_element(By.CSS_SELECTOR, 'input[name="q"]')
    box.clear()
    box.send_keys(Keys.ENTER)
    WebDriverWait(d, 15).until(lambda d: "status=action" in d.current_url, "filter form did not submit")
    wait_page(d, "candidates")
    shown = rows(d)
    assert shown, "the status filter emptied the list"
    assert {r.get_attribute("data-status") for r in shown} == {"action"}
    assert {int(r.get_attribute("data-candidate-id")) for r in shown} <= {r[0] for r in want}
    d.save_screenshot(os.path.join(shots, "02-filtered.png"))

    # open the contact card of the first row with a phone number
    with_phone = {r[0]: r for r in want if r[3]}
    target = next((r for r in shown if int(r.get_attribute("data-candidate-id")) in with_phone), None)
    assert target is not None, "no row with a phone number on the filtered page"
    cid = int(target.get_attribute("data-candidate-id"))
    link = target.find_element(By.CSS_SELECTOR, 'a[href*="card=%d"]' % cid)
    link.click()
    WebDriverWait(d, 15).until(lambda d: "card=%d" % cid in d.current_url)
    tel = WebDriverWait(d, 15).until(EC.visibility_of_element_located((By.CSS_SELECTOR, 'a[href^="tel:"]')))
    assert tel.is_displayed()
    phone_digits = "".join(ch for ch in with_phone[cid][3] if ch.isdigit())
    assert "".join(ch for ch in tel.get_attribute("href") if ch.isdigit()).endswith(phone_digits[-8:])
    mail = d.find_element(By.CSS_SELECTOR, 'a[href^="mailto:"]')
    assert urllib.parse.unquote(mail.get_attribute("href")[7:]) == with_phone[cid][4]
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(d.current_url).query)
    assert q.get("status") == ["action"], "opening the card lost the filter"
    d.save_screenshot(os.path.join(shots, "03-card.png"))

    # sign out through the user menu's form
    btn = d.find_element(By.CSS_SELECTOR, 'form[action$="/logout"] [type="submit"], form[action$="/logout"] button')
    d.execute_script("arguments[0].scrollIntoView()", btn)
    d.execute_script("arguments[0].closest('form').requestSubmit(arguments[0])", btn) if not btn.is_displayed() \
        else btn.click()
    wait_page(d, "login")
    assert d.find_elements(By.CSS_SELECTOR, '[data-flash="ok"]'), "no message after signing out"
    d.save_screenshot(os.path.join(shots, "04-signed-out.png"))
    d.get(rptest.base_url() + "/candidates")
    wait_page(d, "login")


def test_card_works_without_javascript(portal, db, shots):
    d = rptest.make_driver(javascript=False)
    try:
        rptest.driver_sign_in(d, ADMIN_NL)
        wait_page(d, "candidates")
        first = rows(d)[0]
        cid = first.get_attribute("data-candidate-id")
        first.find_element(By.CSS_SELECTOR, 'a[href*="card=%s"]' % cid).click()
        WebDriverWait(d, 15).until(lambda d: "card=" in d.current_url)
        assert d.find_elements(By.CSS_SELECTOR, 'a[href^="tel:"], a[href^="mailto:"]'), "card did not open without JavaScript"
        d.save_screenshot(os.path.join(shots, "05-card-no-js.png"))
    finally:
        rptest.quit_driver(d)


def test_planner_sees_dutch(browser, db):
    d = browser
    rptest.driver_sign_in(d, PLANNER_NL)
    wait_page(d, "candidates")
    assert d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    assert rptest.cat_text("nl", "milestone.contact") in d.find_element(By.TAG_NAME, "body").text


def test_no_console_errors_or_csp_violations(portal, db, shots):
    from selenium import webdriver  # noqa: F401
    d = rptest.make_driver()
    try:
        rptest.driver_sign_in(d, ADMIN_NL)
        wait_page(d, "candidates")
        first = rows(d)[0].get_attribute("data-candidate-id")
        d.get(rptest.base_url() + "/candidates?card=" + first)
        wait_page(d, "candidates")
        d.get(rptest.base_url() + "/archive")
        wait_page(d, "archive")
        logs = [e for e in d.get_log("browser") if e.get("level") == "SEVERE"
                and "favicon.ico" not in e.get("message", "")]
        assert not logs, "browser console errors (CSP violations, missing files): %r" % logs
    finally:
        rptest.quit_driver(d)
