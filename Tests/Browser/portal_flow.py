#!/usr/bin/env python3
"""The portal in a real browser (Playwright for Python driving Debian's Chromium), as a school uses it.

A school's decaan opens the invitation link, sets a password, logs in, lands on the school's own
self-check, types another school's address and is refused, and logs out. The programme team
invites someone in the portal, opens the account and reads the audit log. On every page: at
390 px wide nothing scrolls sideways; every form field has a label, every page a language and a
heading; and axe-core (the engine of the axe browser extension) finds no WCAG 2.1 A or AA
violation, contrast included. Screenshots of each step go to .build-browser/portal/.

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

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "een goed wachtwoord"
failures = []
axe = Axe()
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}


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
    for violation in axe.run(page, options=WCAG).response["violations"]:
        where = "; ".join(node["target"][0] if isinstance(node["target"][0], str) else str(node["target"])
                          for node in violation["nodes"][:3])
        check(False, f"{step}: WCAG {violation['id']} ({violation['impact']}): {violation['help']} — {len(violation['nodes'])}× e.g. {where}")


def wide_checks(page, step, shots):
    """The same page at 1280 px, as the programme team's laptop shows it: it fits, and axe finds nothing."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=os.path.join(shots, f"{step}-1280.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    check(width <= 1280, f"{step}: the page is {width} px wide at a 1280 px window")
    for violation in axe.run(page, options=WCAG).response["violations"]:
        check(False, f"{step} (1280 px): WCAG {violation['id']}: {violation['help']}")
    page.set_viewport_size({"width": 390, "height": 844})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--koers", required=True)
    args = parser.parse_args()
    koers = os.path.abspath(args.koers)
    shots = os.path.join(ROOT, ".build-browser", "portal")
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="koers-browser-")
    database = os.path.join(work, "portal.sqlite")
    # A copy of the default workspace: approving a return writes into its state/.
    workspace = os.path.join(work, "werkmap")
    os.makedirs(workspace)
    shutil.copy(os.path.join(ROOT, "covenant.yaml"), workspace)
    for folder in ("state", "rules", "plugins"):
        shutil.copytree(os.path.join(ROOT, folder), os.path.join(workspace, folder))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    added = subprocess.run([koers, "users", "add", "--workspace", workspace, "--database", database, "--email", "decaan@noorderlicht.nl",
                            "--role", "school", "--party", "noorderlicht", "--public-url", base], capture_output=True, text=True)
    check(added.returncode == 0, f"users add failed: {added.stderr}")
    link = re.search(r"(http://\S+/uitnodiging/\S+)", added.stdout).group(1)
    team = subprocess.run([koers, "users", "add", "--workspace", workspace, "--database", database, "--email", "team@koers.example",
                           "--role", "programme", "--public-url", base], capture_output=True, text=True)
    check(team.returncode == 0, f"users add (programme) failed: {team.stderr}")
    team_link = re.search(r"(http://\S+/uitnodiging/\S+)", team.stdout).group(1)
    server = subprocess.Popen([koers, "serve", "--workspace", workspace, "--database", database, "--as-of", "2026-11-23", "--port", str(port)],
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

            # The programme team: the whole report, the accounts and the audit log.
            page.goto(team_link)
            page.get_by_label("Nieuw wachtwoord").fill(PASSWORD)
            page.get_by_label("Nog een keer").fill(PASSWORD)
            page.get_by_role("button", name="Opslaan").click()
            page.wait_for_url(base + "/inloggen")
            page.get_by_label("E-mailadres").fill("team@koers.example")
            page.get_by_label("Wachtwoord").fill(PASSWORD)
            page.get_by_role("button", name="Inloggen").click()
            page.wait_for_url("**/rapport/index.html")
            page_checks(page, "5-overzicht-programmateam", shots)
            page.get_by_role("link", name="Gebruikers").first.click()
            page.wait_for_url(base + "/beheer/gebruikers")
            page_checks(page, "6-gebruikers", shots)
            page.get_by_label("E-mailadres").fill("geen adres")
            page.get_by_label("Rol").select_option("school")
            page.get_by_role("button", name="Uitnodiging maken").click()
            check("is geen e-mailadres" in page.inner_text("#email-fout"), "no error at the email field")
            check("Kies de partij" in page.inner_text("#partij-fout"), "no error at the party field")
            page_checks(page, "7-gebruikers-fout", shots)
            page.get_by_label("E-mailadres").fill("stagecoordinator@mlo.nl")
            page.get_by_label("Naam").fill("De stagecoördinator")
            page.get_by_label("Partij").select_option(label="Montessori Lyceum Oostpoort")
            page.get_by_role("button", name="Uitnodiging maken").click()
            check("/uitnodiging/" in page.get_by_label("Link").input_value(), "the invitation page shows no link")
            page_checks(page, "8-uitnodiging-gemaakt", shots)
            page.get_by_role("link", name="Terug naar de gebruikers").click()
            page.get_by_role("link", name="stagecoordinator@mlo.nl").click()
            page_checks(page, "9-account", shots)
            page.get_by_role("link", name="Logboek").first.click()
            page.wait_for_url(base + "/beheer/logboek")
            check("uitnodiging gemaakt" in page.content() and "team@koers.example → stagecoordinator@mlo.nl" in page.content(),
                  "the invitation is not in the audit log")
            page_checks(page, "10-logboek", shots)
            page.goto(base + "/rapport/index.html")
            overview_before = page.inner_text("body")

            # The annual return: the school (its own browser) fills it in with one error, fixes it,
            # checks the preview and sends it; the team returns it with a comment; the school
            # corrects and sends it again; the team approves; the self-check and the report change.
            school = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            school.goto(base + "/inloggen")
            school.get_by_label("E-mailadres").fill("decaan@noorderlicht.nl")
            school.get_by_label("Wachtwoord").fill(PASSWORD)
            school.get_by_role("button", name="Inloggen").click()
            school.wait_for_url("**/rapport/schools/school-noorderlicht.html")
            self_check_before = school.inner_text("body")
            school.get_by_role("link", name="Opgaven").click()
            page_checks(school, "11-opgaven", shots)
            school.get_by_role("link", name="Jaaropgave 2026-27").click()
            page_checks(school, "12-jaaropgave", shots)
            school.get_by_label("LOB-voorlichting").select_option("ja")
            # No practice-oriented programme this year: the city's figure of that target changes.
            school.get_by_label("Praktijkgericht").select_option("nee")
            school.get_by_label("Stages in het mbo").fill("veel")
            school.get_by_label("Werkbezoeken").fill("4")
            school.get_by_label("Praktijkopdrachten").fill("2")
            school.get_by_role("button", name="Indienen").click()
            check("veel" in school.inner_text("#stages-fout"), "no error at the stages field")
            page_checks(school, "13-jaaropgave-fout", shots)
            school.get_by_label("Stages in het mbo").fill("9")
            school.get_by_role("button", name="Controleren en voorbeeld").click()
            check(school.locator("#voorbeeld").count() == 1, "no preview after checking")
            preview = school.inner_text("#voorbeeld-lijst") if school.locator("#voorbeeld-lijst").count() else ""
            changed = re.search(r"stad: (.+?) → (.+)", preview)
            check(changed is not None, f"the preview shows no change of the city's figure: {preview!r}")
            page_checks(school, "14-jaaropgave-voorbeeld", shots)
            school.get_by_label("Toelichting voor het programmateam").fill("Negen leerlingen liepen een snuffelstage bij ROC Noord.")
            school.get_by_role("button", name="Indienen").click()
            check("Ingediend." in school.content(), "the return was not sent")
            page_checks(school, "15-jaaropgave-ingediend", shots)

            page.goto(base + "/beheer/opgaven")
            page_checks(page, "16-beheer-opgaven", shots)
            page.get_by_role("link", name=re.compile("Beroepscollege Noorderlicht")).click()
            check("Negen leerlingen" in page.content(), "the school's note is not in the review")
            page_checks(page, "17-beoordelen", shots)
            page.get_by_label("Wat moet de partij verbeteren?").fill("Negen stages, en vorig jaar één? Klopt dat aantal?")
            page.get_by_role("button", name="Terugsturen").click()
            check("Teruggestuurd" in page.content(), "the return was not returned")

            school.goto(base + "/opgaven/jaaropgave/2026-27")
            check("Klopt dat aantal?" in school.content(), "the school does not see the team's comment")
            school.get_by_label("Stages in het mbo").fill("8")
            school.get_by_role("button", name="Indienen").click()
            check("Ingediend." in school.content(), "the corrected return was not sent")

            page.goto(base + "/beheer/opgaven")
            page.get_by_role("link", name=re.compile("Beroepscollege Noorderlicht")).click()
            page.get_by_role("button", name="Goedkeuren").click()
            check("Goedgekeurd" in page.content(), "the return was not approved")
            page_checks(page, "18-goedgekeurd", shots)
            with open(os.path.join(workspace, "state", "school-years.csv"), encoding="utf-8") as table:
                rows = [line for line in table if line.startswith("noorderlicht;2026-27;")]
            check(len(rows) == 1 and ";ja;nee;8;4;2;" in rows[0] and "goedgekeurd door team@koers.example" in rows[0],
                  f"the file's row is not the approved return: {rows}")
            # The portal notices the changed file (it looks at most once a second).
            time.sleep(1.2)
            school.goto(base + "/rapport/schools/school-noorderlicht.html")
            check(school.inner_text("body") != self_check_before, "the school's self-check did not change after the approval")
            # The preview was the status after approval.
            if changed:
                check(changed.group(2).strip() in school.inner_text("body"),
                      f"the self-check after approval does not show the preview's {changed.group(2).strip()!r}")
            page_checks(school, "19-zelfcheck-na-goedkeuring", shots)
            page.goto(base + "/rapport/index.html")
            check(page.inner_text("body") != overview_before, "the stuurgroep report did not change after the approval")
            check("Laatste goedkeuring uit het portaal in deze gegevens: opgave" in page.inner_text("#portaal"),
                  "the report does not say which approval it includes")

            # The other forms, as the school fills them in: a route's planned step, evidence with a
            # file, its attendance of a meeting, a planned meeting; each page fits and passes axe.
            school.goto(base + "/opgaven")
            page_checks(school, "20-opgaven-alles", shots)
            school.get_by_role("link", name="Leerroute vmbo-t naar niveau 4 zorg Noorderlicht").click()
            page_checks(school, "21-routefase", shots)
            school.get_by_label("Fase", exact=True).select_option("in-ontwikkeling")
            school.get_by_label("Datum").fill("2027-01-15")
            school.get_by_label("Bereikt of gepland").select_option("ja")
            school.get_by_role("button", name="Indienen").click()
            check("Ingediend." in school.content(), "the planned route step was not sent")
            school.goto(base + "/opgaven/bewijs/noorderlicht-t-zorg/R15")
            page_checks(school, "22-bewijs", shots)
            school.get_by_label("Datum").fill("2026-10-01")
            school.get_by_label("Bewijs: een link of een beschrijving").fill("Gecombineerd PTA/OER 2026-27")
            pdf = os.path.join(work, "pta-oer.pdf")
            with open(pdf, "wb") as out:
                out.write(b"%PDF-1.7\n% Koers browser test\n%%EOF\n")
            school.get_by_label("Bestand (niet verplicht)").set_input_files(pdf)
            school.get_by_role("button", name="Indienen").click()
            check("Ingediend." in school.content() and "Bewaard: pta-oer.pdf" in school.content(), "the evidence with its file was not sent")
            school.goto(base + "/opgaven")
            meeting = school.locator("a[href^='/opgaven/aanwezigheid/']").first
            check(meeting.count() == 1, "no meeting to report attendance of")
            meeting.click()
            page_checks(school, "23-aanwezigheid", shots)
            school.get_by_role("button", name="Indienen").click()
            check("Ingediend." in school.content(), "the attendance was not sent")
            school.goto(base + "/opgaven/gepland-overleg/nieuw")
            page_checks(school, "24-gepland-overleg", shots)
            school.get_by_label("Soort overleg").select_option("kennisdeling")
            school.get_by_label("Datum").fill("2027-04-20")
            school.get_by_label("Titel").fill("Lesbezoek zorg bij ROC Noord")
            school.get_by_role("button", name="Indienen").click()
            check(school.locator("#form-fout").count() == 1, "a kennisdeling without its form was not refused at the field")
            school.get_by_label("Vorm (bij kennisdeling)").select_option("lesbezoek")
            school.get_by_role("button", name="Indienen").click()
            check("Ingediend." in school.content(), "the planned meeting was not sent")
            school.goto(base + "/agenda")
            page_checks(school, "25-agenda", shots)
            school.get_by_role("button", name="Nieuwe agendalink maken").click()
            feed = school.inner_text("code.link")
            with urllib.request.urlopen(base + feed) as answer:
                check(answer.read().startswith(b"BEGIN:VCALENDAR"), "the calendar link gives no calendar")

            # The team's queue by kind, a review with the evidence file, and the import's dry run; also at 1280 px.
            page.goto(base + "/beheer/opgaven?staat=ingediend&soort=bewijs")
            page_checks(page, "26-wachtrij-bewijs", shots)
            wide_checks(page, "26-wachtrij-bewijs", shots)
            page.get_by_role("link", name=re.compile("Beroepscollege Noorderlicht")).click()
            check("pta-oer.pdf" in page.content(), "the review does not name the evidence file")
            page_checks(page, "27-beoordelen-bewijs", shots)
            wide_checks(page, "27-beoordelen-bewijs", shots)
            page.goto(base + "/beheer/import")
            page_checks(page, "28-import", shots)
            page.get_by_label("Tabel").select_option("state/school-years.csv")
            page.get_by_label("Bestand").set_input_files(os.path.join(workspace, "state", "school-years.csv"))
            page.get_by_role("button", name="Proefdraaien").click()
            check("0 nieuw, 0 gewijzigd, 0 verwijderd" in page.content(), "the dry run of the unchanged table reports changes")
            page_checks(page, "29-import-proef", shots)
            wide_checks(page, "29-import-proef", shots)
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
