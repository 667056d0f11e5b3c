#!/usr/bin/env python3
"""Approvals killed with SIGKILL at random moments leave the workspace valid and the audit log in
agreement with it.

A school sends its annual return again and again; the programme team approves each one while
this script kills `koers serve` (kill -9) after a random delay, then starts it again. After every
restart: `koers validate` passes (the state file is the old one or the new one, never broken, and
no temporary file is left); there is one row per school and year; and each row's `source` names
the newest approval the audit log has for it. The portal finishes an approval that was recorded
but not yet written when it starts; the script counts how often that happened.

    python3 Tests/Crash/approval_crash.py --koers .build/debug/koers [--rounds 40]
"""
import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PASSWORD = "een goed wachtwoord"
SCHOOLS = ["mundus", "bredero", "osb"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A cookie jar and form posts, as a user's browser (no redirects followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base):
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), self.NoRedirect)

    def get(self, path):
        try:
            with self.opener.open(self.base + path, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, path, fields):
        data = urllib.parse.urlencode(fields).encode()
        try:
            with self.opener.open(self.base + path, data=data, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError):
            return 0, ""  # the server was killed while answering

    def csrf(self, page):
        return re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    def log_in(self, email):
        _, page = self.get("/inloggen")
        status, _ = self.post("/inloggen", {"csrf": self.csrf(page), "email": email, "wachtwoord": PASSWORD})
        assert status == 302, f"login of {email}: {status}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--koers", required=True)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    koers = os.path.abspath(args.koers)
    random.seed(20261205)
    work = tempfile.mkdtemp(prefix="koers-crash-")
    workspace = os.path.join(work, "werkmap")
    os.makedirs(workspace)
    shutil.copy(os.path.join(ROOT, "covenant.yaml"), workspace)
    for folder in ("state", "rules", "plugins"):
        shutil.copytree(os.path.join(ROOT, folder), os.path.join(workspace, folder))
    database = os.path.join(work, "portal.sqlite")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    failures = []

    def koers_run(*arguments):
        return subprocess.run([koers, *arguments, "--workspace", workspace], capture_output=True, text=True)

    def accept(email, role, party=None):
        extra = ["--party", party] if party else []
        added = koers_run("users", "add", "--database", database, "--email", email, "--role", role, "--public-url", base, *extra)
        link = re.search(r"/uitnodiging/(\S+)", added.stdout).group(1)
        return link

    links = {"team@koers.example": accept("team@koers.example", "programme")}
    for school in SCHOOLS:
        links[f"decaan@{school}.nl"] = accept(f"decaan@{school}.nl", "school", school)

    server = None
    finished_at_start = 0

    def start():
        nonlocal server, finished_at_start
        log = open(os.path.join(work, "serve.log"), "a")
        server = subprocess.Popen([koers, "serve", "--workspace", workspace, "--database", database, "--as-of", "2026-11-23",
                                   "--port", str(port)], stdout=log, stderr=subprocess.PIPE, text=True)
        while True:
            line = server.stderr.readline()
            if not line:
                raise SystemExit(f"koers serve stopped: {open(os.path.join(work, 'serve.log')).read()}")
            found = re.search(r"(\d+) onderbroken goedkeuring", line)
            if found:
                finished_at_start += int(found.group(1))
            if "portaal op" in line:
                break

    def check_workspace(round_number):
        validated = koers_run("validate")
        if validated.returncode != 0:
            failures.append(f"round {round_number}: the workspace does not validate: {validated.stdout[-400:]} {validated.stderr[-400:]}")
        state = os.path.join(workspace, "state")
        leftovers = [name for name in os.listdir(state) if name.endswith(".tmp")]
        if leftovers:
            failures.append(f"round {round_number}: temporary files left in state/: {leftovers}")
        with open(os.path.join(state, "school-years.csv"), encoding="utf-8") as table:
            rows = [line.rstrip("\n").split(";") for line in table][1:]
        audit = koers_run("audit", "--database", database, "--json")
        approvals = {}
        for line in audit.stdout.splitlines():
            entry = json.loads(line)
            if entry["action"] == "submission-approved":
                approvals[entry["party"]] = entry["subject"]  # the newest wins
        for school in SCHOOLS:
            mine = [row for row in rows if row[0] == school and row[1] == "2026-27"]
            if len(mine) > 1:
                failures.append(f"round {round_number}: {len(mine)} rows for {school} 2026-27")
            if school in approvals:
                source = mine[0][-1] if mine else ""
                if not source.startswith(f"portaal: {approvals[school]},"):
                    failures.append(f"round {round_number}: the audit log's newest approval for {school} is {approvals[school]}, "
                                    f"the file says {source!r}")
            elif mine and mine[0][-1].startswith("portaal"):
                failures.append(f"round {round_number}: {school}'s row comes from the portal, but the audit log has no approval")

    start()
    try:
        users = {}
        for email, token in links.items():
            browser = Browser(base)
            _, page = browser.get(f"/uitnodiging/{token}")
            browser.post(f"/uitnodiging/{token}", {"csrf": browser.csrf(page), "wachtwoord": PASSWORD, "herhaling": PASSWORD})
            browser.log_in(email)
            users[email] = browser
        team = users["team@koers.example"]
        kills = 0
        # How long an approval takes here: the kills fall around its end, where the approval is
        # recorded and its row written, not only in the checks before.
        decaan = users["decaan@mundus.nl"]
        _, page = decaan.get("/opgaven/jaaropgave/2026-27")
        decaan.post("/opgaven/jaaropgave/2026-27", {"csrf": decaan.csrf(page), "actie": "indienen", "lob_voorlichting": "ja",
                                                    "praktijkgericht": "ja", "stages": "1", "werkbezoeken": "1", "praktijkopdrachten": "1"})
        _, queue = team.get("/beheer/opgaven")
        started = time.monotonic()
        first = re.findall(r'href="/beheer/opgaven/(\d+)"', queue)[0]
        team.post(f"/beheer/opgaven/{first}/goedkeuren", {"csrf": team.csrf(queue)})
        approval = time.monotonic() - started
        check_workspace(-1)
        for round_number in range(args.rounds):
            school = SCHOOLS[round_number % len(SCHOOLS)]
            decaan = users[f"decaan@{school}.nl"]
            status, page = decaan.get("/opgaven/jaaropgave/2026-27")
            fields = {"csrf": decaan.csrf(page), "actie": "indienen", "lob_voorlichting": "ja", "praktijkgericht": "ja",
                      "stages": str(round_number), "werkbezoeken": "1", "praktijkopdrachten": "1"}
            status, page = decaan.post("/opgaven/jaaropgave/2026-27", fields)
            # A return whose approval was killed before it was recorded is still waiting: it stays as it is.
            if status != 200 and "is ingediend en wacht" not in page:
                failures.append(f"round {round_number}: sending {school}'s return answered {status}")
            _, queue = team.get("/beheer/opgaven")
            waiting = sorted(int(n) for n in re.findall(r'href="/beheer/opgaven/(\d+)"', queue))
            if not waiting:
                continue
            delay = random.uniform(0.5 * approval, 1.1 * approval)
            approver = threading.Thread(target=team.post, args=(f"/beheer/opgaven/{waiting[0]}/goedkeuren", {"csrf": team.csrf(queue)}))
            approver.start()
            time.sleep(delay)
            server.send_signal(signal.SIGKILL)
            server.wait()
            approver.join()
            kills += 1
            start()
            check_workspace(round_number)
        # And once more without a kill: everything waiting is approved, and agrees.
        _, queue = team.get("/beheer/opgaven")
        for number in re.findall(r'href="/beheer/opgaven/(\d+)"', queue):
            team.post(f"/beheer/opgaven/{number}/goedkeuren", {"csrf": team.csrf(queue)})
        check_workspace(args.rounds)
        approved = sum(1 for line in koers_run("audit", "--database", database, "--json").stdout.splitlines()
                       if json.loads(line)["action"] == "submission-approved")
    finally:
        if server and server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        for failure in failures[:20]:
            print(f"FAIL: {failure}", file=sys.stderr)
        sys.exit(f"approval crash test: {len(failures)} failures")
    print(f"approval crash test: passed — an approval takes {approval * 1000:.0f} ms here; {kills} kills (kill -9) around its end; "
          f"{approved} approvals recorded in all; {finished_at_start} of them recorded "
          f"but not yet written were finished when the portal started again; the workspace validated after every restart")


if __name__ == "__main__":
    main()
