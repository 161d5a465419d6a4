"""test_pages.py: every page of pages.py is valid HTML (W3C Nu checker, no
errors) and accessible (axe-core, no violations), in both languages."""

import os
import urllib.parse

import pytest
from selenium.webdriver.support.ui import WebDriverWait

import rptest
from pages import PAGES

IDS = [p.id for p in PAGES]


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_page_answers_as_expected(fetched, page):
    got, _ = fetched[page.id]
    assert got.status == page.status, got.describe()
    assert got.name == page.name, "data-page %r, wanted %r" % (got.name, page.name)
    assert got.lang == page.lang, "html lang %r, wanted %r" % (got.lang, page.lang)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_html_is_valid(fetched, vnu_results, page):
    _, f = fetched[page.id]
    errors = vnu_results[os.path.realpath(f)]
    assert not errors, "%s (%s): %d HTML errors:\n%s" % (page.path, f, len(errors), "\n".join(errors[:20]))


AXE_RUN = """
var done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(function (r) {
  done(r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(' ') + ' ' + n.failureSummary; })};
  }));
}, function (e) { done({error: String(e)}); });
"""


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_page_is_accessible(fetched, browsers, axe_source, page):
    got, _ = fetched[page.id]
    d = browsers.get(page.who, page.lang)
    d.get(got.resp.url)
    if page.post:
        from selenium.webdriver.common.by import By
        # the form of the page's own path (its action may carry a query)
        path = urllib.parse.urlsplit(got.resp.url).path
        form = d.find_element(By.CSS_SELECTOR, 'form[action$="%s"], form[action*="%s?"]' % (path, path))
        for k, v in page.post.items():
            el = form.find_element(By.NAME, k)
            el.clear()
            el.send_keys(v)
        form.submit()
        WebDriverWait(d, 15).until(lambda d: d.execute_script("return document.readyState") == "complete"
                                   and d.find_elements(By.CSS_SELECTOR, "[data-flash], [role=alert], .error"))
    name = d.execute_script("return document.body && document.body.getAttribute('data-page')")
    assert name == page.name, "the browser is at %s (data-page %r), not %s" % (d.current_url, name, page.name)
    d.execute_script(axe_source)
    res = d.execute_async_script(AXE_RUN)
    assert not isinstance(res, dict), "axe failed: %r" % res
    if res:
        shot = os.path.join(rptest.artifacts_dir(), "pages", page.id + "-axe.png")
        d.save_screenshot(shot)
    lines = ["%s (%s): %s\n    %s" % (v["id"], v["impact"], v["help"], "\n    ".join(v["nodes"])) for v in res]
    assert not res, "%s: %d axe violations:\n%s" % (page.path, len(res), "\n".join(lines))
