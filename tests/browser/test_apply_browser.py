"""test_apply_browser.py: a friend applies through a referrer's share link on
a phone (a 360 px wide window), and the recruiter finds the new candidate
at the top of the list sorted by EOI date; the three mails reach the sink
(issue 5).  Screenshots go to $RP_ARTIFACTS/browser/."""

import os

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

import rptest
from rptest import ADMIN_NL
import rpapply as ra


def wait_page(d, name, timeout=15):
    WebDriverWait(d, timeout).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, 'body[data-page="%s"]' % name)),
        "page %s did not appear; now at %s" % (name, d.current_url))


@pytest.fixture
def phone(portal, shots):
    """Headless Chromium as a 360 px wide phone, Dutch."""
    try:
        d = rptest.make_driver(lang="nl-NL", width=360, height=740)
    except rptest.EnvError as e:
        pytest.fail(str(e), pytrace=False)
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": 360, "height": 740, "deviceScaleFactor": 2, "mobile": True})
    yield d
    rptest.quit_driver(d)


def test_friend_applies_on_a_phone_and_the_recruiter_sees_them_first(phone, browser, db, made, shots):
    d = phone
    org = ra.org_of(db, ADMIN_NL)
    admin = db.one("SELECT id FROM users WHERE email = %s", ADMIN_NL)
    rid, rcode, remail = db.rows("SELECT id, code, email FROM referrers WHERE org_id = %s AND email <> '' "
                                 "ORDER BY id LIMIT 1", org)[0]
    vid, code = made.vacancy(org, title="Verzorgende IG (browser test)", watchers=[admin])
    tok = ra.token()
    name = "Sanne " + tok.capitalize()
    mail = made.email(tok)

    # the share link, as the friend gets it
    d.get("%s/apply/%s?r=%s" % (rptest.base_url(), code, rcode))
    wait_page(d, "apply")
    assert d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    width = d.execute_script("return window.innerWidth")
    assert width == 360, "the window is %d px wide, not 360" % width
    overflow = d.execute_script("return document.documentElement.scrollWidth")
    assert overflow <= 360, "the page scrolls sideways at 360 px (%d px wide)" % overflow
    assert not d.find_elements(By.CSS_SELECTOR, ".sidebar"), "the public page shows the portal menu"
    d.save_screenshot(os.path.join(shots, "apply-01-form-360.png"))

    d.find_element(By.ID, "f-name").send_keys(name)
    d.find_element(By.ID, "f-email").send_keys(mail)
    d.find_element(By.ID, "f-phone").send_keys("06 1234 5678")
    d.find_element(By.ID, "f-postcode").send_keys("3811 AB")
    # forgetting the consent box: the same form comes back with a message
    d.find_element(By.CSS_SELECTOR, "form.apply-form button[type=submit]").click()
    WebDriverWait(d, 15).until(lambda d: d.find_elements(By.ID, "err-consent"), "no consent message")
    assert d.find_element(By.ID, "f-name").get_attribute("value") == name
    d.save_screenshot(os.path.join(shots, "apply-02-consent-360.png"))
    box = d.find_element(By.ID, "f-consent")
    d.execute_script("arguments[0].scrollIntoView({block: 'center'})", box)
    box.click()
    assert box.is_selected()
    d.find_element(By.CSS_SELECTOR, "form.apply-form button[type=submit]").click()
    wait_page(d, "apply-thanks")
    assert d.execute_script("return document.documentElement.scrollWidth") <= 360
    d.save_screenshot(os.path.join(shots, "apply-03-thanks-360.png"))

    rows = db.rows("SELECT id, referrer_id, vacancy_id FROM candidates WHERE email = %s", mail)
    assert len(rows) == 1 and rows[0][1:] == (rid, vid), rows
    cid = rows[0][0]

    # the recruiter: the candidate list sorted by EOI date, newest first
    r = browser
    rptest.driver_sign_in(r, ADMIN_NL)
    wait_page(r, "candidates")
    Select(r.find_element(By.CSS_SELECTOR, 'select[name="sort"]')).select_by_value("eoi")
    r.find_element(By.CSS_SELECTOR, 'input[name="q"]').send_keys(Keys.ENTER)
    WebDriverWait(r, 15).until(lambda r: "sort=eoi" in r.current_url, "the sort did not apply")
    wait_page(r, "candidates")
    first = r.find_elements(By.CSS_SELECTOR, "[data-candidate-id]")[0]
    assert first.get_attribute("data-candidate-id") == str(cid), "the new candidate is not at the top"
    assert name in first.text
    r.save_screenshot(os.path.join(shots, "apply-04-recruiter-list.png"))

    # the three mails: the vacancy's people, the referrer, the friend
    if ra.mailer_binary() is None:
        assert db.one("SELECT COUNT(*) FROM outbox WHERE candidate_id = %s", cid) == 3
        return
    got = ra.wait_mails(lambda m, t: tok.capitalize() in t, 3)
    to = " ".join(str(m["To"]) for _, m, _ in got)
    assert len(got) == 3, "mails about %s in %s: %s" % (name, ra.mail_dir(), to)
    for addr in (ADMIN_NL, remail, mail):
        assert addr in to, "no mail to %s (%s)" % (addr, to)
