#!/usr/bin/env python3
"""The portal in a real browser (Playwright for Python driving Debian's Chromium), as a school uses it.

A school's decaan opens the invitation link, sets a password, logs in, lands on the school's own
self-check, types another school's address and is refused, and logs out; at 390 px wide no page
scrolls sideways; every form field has a label, every page a language and a heading. Screenshots
of each step go to .build-browser/portal/ to be looked at.

    python3 Tests/Browser/portal_flow.py --koers .build/debug/koers
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from playwright.sync_api import sync_playwright

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "een goed wachtwoord"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chromium_path():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("no Chromium installed (apt-get install chromium)")


def page_checks(page, step, shots):
    """What every page must do at 390 px: fit, have a language and a heading, label its fields."""
    page.screenshot(path=os.path.join(shots, f"{step}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    check(width <= 390, f"{step}: the page is {width} px wide at a 390 px window (scrolls sideways)")
    check(page.evaluate("document.documentElement.lang") in ("nl", "en"), f"{step}: <html> has no lang")
    check(page.locator("h1").count() >= 1, f"{step}: no h1 heading")
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter(e => !(e.id && document.querySelector('label[for="' + e.id + '"]')) && !e.getAttribute('aria-label'))
        .map(e => e.name || e.outerHTML)""")
    check(not unlabelled, f"{step}: fields without a label: {unlabelled}")
    buttons = page.evaluate("() => [...document.querySelectorAll('button')].filter(b => !b.innerText.trim()).length")
    check(buttons == 0, f"{step}: {buttons} buttons without text")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--koers", required=True)
    args = parser.parse_args()
    koers = os.path.abspath(args.koers)
    shots = os.path.join(ROOT, ".build-browser", "portal")
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="koers-browser-")
    database = os.path.join(work, "portal.sqlite")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    added = subprocess.run([koers, "users", "add", "--workspace", ROOT, "--database", database, "--email", "decaan@noorderlicht.nl",
                            "--role", "school", "--party", "noorderlicht", "--public-url", base], capture_output=True, text=True)
    check(added.returncode == 0, f"users add failed: {added.stderr}")
    link = re.search(r"(http://\S+/uitnodiging/\S+)", added.stdout).group(1)
    server = subprocess.Popen([koers, "serve", "--workspace", ROOT, "--database", database, "--as-of", "2026-11-23", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/inloggen", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 390, "height": 844})

            page.goto(link)
            page_checks(page, "1-uitnodiging", shots)
            page.get_by_label("Nieuw wachtwoord").fill(PASSWORD)
            page.get_by_label("Nog een keer").fill(PASSWORD)
            page.keyboard.press("Enter")  # keyboard only
            page.wait_for_url(base + "/inloggen")
            page_checks(page, "2-inloggen", shots)

            page.get_by_label("E-mailadres").fill("decaan@noorderlicht.nl")
            page.get_by_label("Wachtwoord").fill(PASSWORD)
            page.get_by_role("button", name="Inloggen").click()
            page.wait_for_url("**/rapport/schools/school-noorderlicht.html")
            page_checks(page, "3-zelfcheck", shots)
            check("Beroepscollege Noorderlicht" in page.inner_text("h1"), "the self-check is not Noorderlicht's")
            check(page.locator("a[href*='index.html']").count() == 0, "a link to the overview, which a school may not see")

            response = page.goto(base + "/rapport/schools/school-mlo.html")
            check(response.status == 404, f"another school's page answered {response.status}, not 404")
            check("Montessori" not in page.content(), "another school's name on the refusal")
            page_checks(page, "4-andere-school", shots)

            page.goto(base + "/")
            page.get_by_role("button", name="Uitloggen").click()
            page.wait_for_url(base + "/inloggen")
            response = page.goto(base + "/rapport/schools/school-noorderlicht.html")
            check(page.url == base + "/inloggen", f"after logging out the page is still shown ({page.url})")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        sys.exit(f"portal browser test: {len(failures)} failures")
    print(f"portal browser test: passed (screenshots in {shots})")


if __name__ == "__main__":
    main()
