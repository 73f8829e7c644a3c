"""The HTML report in a real headless browser (Debian's chromium + chromium-driver, selenium).

Skipped, with the reason, when selenium, chromium or chromedriver is missing; CI installs
them (.ci/system-packages.sh and the test extras). The screenshot is kept under pytest's
temporary directory and its path printed (run with -s to see it).
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from restore.cli import main


TEXT = ("Officials met on Could 19 in Istanbul. It was essentially the most tangible result so far.\n\n"
        "Both sides want to end the battle soon; the battle has lasted for years. <Tags> & “quotes” stay.\n")


def _find(*names: str) -> str | None:
    for name in names:
        if os.path.isabs(name):
            if os.access(name, os.X_OK):
                return name
        else:
            found = shutil.which(name)
            if found:
                return found
    return None


CHROMIUM = _find("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DRIVER = _find("chromedriver", "/usr/lib/chromium/chromedriver", "/usr/bin/chromedriver")

try:
    import selenium  # noqa: F401
    HAVE_SELENIUM = True
except ImportError:
    HAVE_SELENIUM = False

pytestmark = [
    pytest.mark.skipif(not HAVE_SELENIUM, reason="selenium is not installed (pip install '.[test]')"),
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium; "
                                                "CI does it in .ci/system-packages.sh)"),
    pytest.mark.skipif(DRIVER is None, reason="chromedriver is not installed (apt-get install chromium-driver; "
                                              "CI does it in .ci/system-packages.sh)"),
]


@pytest.fixture
def report(tmp_path, lexicon_path):
    lex = lexicon_path
    doc = tmp_path / "article.txt"
    doc.write_text(TEXT, encoding="utf-8")
    args = ["--no-builtin", "-l", str(lex), "--assume-spun", str(doc)]
    runner = CliRunner()
    r = runner.invoke(main, [*args, "-f", "json"])
    spans = json.loads(r.stdout)["documents"][0]["spans"]
    page = tmp_path / "report.html"
    r = runner.invoke(main, [*args, "-f", "html", "-o", str(page)])
    assert r.exit_code == 0, r.output
    return {"doc": doc, "page": page, "spans": spans, "lexicon": lex}


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_AVOID_STATS", "true")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000",
                f"--user-data-dir={tempfile.mkdtemp(prefix='restore-chromium-', dir=tmp_path)}"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def _wait_for_download(folder: Path, name: str, timeout: float = 30.0) -> str:
    target = folder / name
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if target.exists() and not list(folder.glob("*.crdownload")):
            data = target.read_text(encoding="utf-8")
            if data:
                return data
        time.sleep(0.1)
    raise AssertionError(f"no download {name} in {folder}: {sorted(p.name for p in folder.iterdir())}")


def test_report_in_headless_chromium(report, browser, tmp_path):
    from selenium.webdriver.common.by import By

    spans = report["spans"]
    assert len(spans) == 4
    browser.get(report["page"].as_uri())

    # the page loaded nothing from anywhere: everything is inline
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert browser.execute_script("return typeof window.restoreReport") == "object"

    marks = browser.find_elements(By.CSS_SELECTOR, "mark.rs")
    assert len(marks) == len(spans)
    assert [m.find_element(By.CSS_SELECTOR, ".found").text for m in marks] == [s["text"] for s in spans]
    assert browser.find_element(By.ID, "count-0").text == str(len(spans))
    summary = browser.find_element(By.ID, "summary-0").text
    assert "spin score" in summary and "t.battle" in summary and "high" in summary

    # start from nothing accepted, then accept the first finding only
    browser.find_element(By.ID, "reject-all-0").click()
    assert browser.find_element(By.ID, "accepted-0").text == "0"
    marks[0].click()
    panel = browser.find_element(By.ID, "panel").text
    assert "Could" in panel and "May" in panel and "followed by a day number" in panel
    assert "Rejected" in browser.find_element(By.ID, "decision").text
    browser.find_element(By.ID, "accept").click()
    assert "Accepted" in browser.find_element(By.ID, "decision").text
    assert browser.find_element(By.ID, "accepted-0").text == "1"
    assert "accepted" in marks[0].get_attribute("class")

    browser.find_element(By.ID, "download-0").click()
    text = _wait_for_download(browser.downloads, "article.restored.txt")
    assert text == TEXT.replace("Could 19", "May 19")

    # pick an alternative for the first "battle", type a replacement for the second
    marks[2].click()
    choices = browser.find_elements(By.CSS_SELECTOR, "#choices input[type=radio]")
    labels = [c.find_element(By.XPATH, "..").text for c in choices]
    k = next(i for i, label in enumerate(labels) if "conflict" in label)
    choices[k].click()
    marks[3].click()
    custom = browser.find_element(By.ID, "custom-text")
    custom.send_keys("fighting")
    assert "\u2192 \u201cfighting\u201d" in browser.find_element(By.ID, "decision").text
    (browser.downloads / "article.restored.txt").unlink()
    browser.find_element(By.ID, "download-0").click()
    text = _wait_for_download(browser.downloads, "article.restored.txt")
    expected = TEXT.replace("Could 19", "May 19").replace("end the battle", "end the conflict") \
        .replace("the battle has", "the fighting has")
    assert text == expected

    # the reviewed report goes back to the command line
    browser.find_element(By.ID, "download-json-0").click()
    reviewed = _wait_for_download(browser.downloads, "article.reviewed.json")
    rp = tmp_path / "reviewed.json"
    rp.write_text(reviewed, encoding="utf-8")
    r = CliRunner().invoke(main, ["apply", str(rp), str(report["doc"])])
    assert r.exit_code == 0, r.output
    assert r.stdout == expected

    shot = tmp_path / "report.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 1000
    print(f"\nscreenshot of the HTML report: {shot}")
