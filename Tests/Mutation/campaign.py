#!/usr/bin/env python3
"""Mutation campaign: hundreds of kinds of defect applied to copies of the default workspace, and
of the second example (examples/voorbeeldregio) for the tables a covenant brings itself:
state/measurements.csv and the tables its covenant.yaml declares.

Every table in state/ and covenant.yaml is broken in many ways (truncation, encodings,
separators, quotes, sizes, numbers at and past their range, dates, ids, references, links,
folders and pipes where files go, YAML features). For each kind, `koers validate` and
`koers report` must:
  - not trap (no signal, no exit 132/134/139) and not hang (at most 10 s);
  - stay under 1 GB of memory;
  - for a defect that must be refused: exit 65 (or 66 for a file that cannot be read) with a
    message that names the file (and the line where there is one);
  - leave an earlier report in --out untouched when it refuses, and otherwise replace it whole.
It prints the figures (kinds tried, clear errors, crashes, hangs, silent acceptances, blow-ups)
and closes with "N passed, N failed". Usage: campaign.py --koers PATH [--only TEXT] [--keep].
"""
import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

REPOSITORY = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# Required columns per table (Sources/WorkspaceLoader/StateTables.swift), and which tables may be left out.
REQUIRED = {
    "boards": ["id", "name", "sector"],
    "schools": ["id", "name", "board", "levels"],
    "institutions": ["id", "name"],
    "colleges": ["id", "institution", "name"],
    "routes": ["id", "name", "schools", "institution", "kind", "from_level", "to_level", "sector"],
    "route-stages": ["route", "stage", "date"],
    "route-requirements": ["route", "requirement", "date", "evidence"],
    "route-cohorts": ["route", "school_year", "students"],
    "events": ["id", "date", "kind", "title", "participants"],
    "school-years": ["school", "school_year", "reported_on"],
    "data-sharing": ["date", "from", "to", "kind"],
    "havo-milestones": ["step", "date"],
    "waivers": ["target", "from", "reason", "decided_by"],
}
OPTIONAL_TABLES = {"colleges", "route-requirements", "route-cohorts", "events", "school-years", "data-sharing", "havo-milestones", "waivers"}
# The second example's own tables (its covenant.yaml declares the last two), with what their columns hold.
EXAMPLE = os.path.join(REPOSITORY, "examples", "voorbeeldregio")
EXAMPLE_REQUIRED = {
    "measurements": ["indicator", "party", "period", "value"],
    "samenwerkingsovereenkomsten": ["route", "signed", "parties"],
    "examenregelingen": ["route", "school_year", "adopted", "combined", "vmbo_diploma_leerjaar"],
}
EXAMPLE_KIND = {
    "measurements": {"indicator": "ref", "party": "ref", "period": "schoolyear", "value": "percent", "published": "date", "unit": "text"},
    "samenwerkingsovereenkomsten": {"route": "ref", "signed": "date", "parties": "reflist", "contents": "termlist", "bekostiging": "flag",
                                    "document": "text"},
    "examenregelingen": {"route": "ref", "school_year": "schoolyear", "adopted": "date", "combined": "flag",
                         "vmbo_diploma_leerjaar": "integer", "locations": "termlist"},
}
# Required columns whose cells may be empty (docs/workspace.md): a school's board when not known.
MAY_BE_EMPTY = {("schools", "board")}

# What a column holds, for the values that must be refused in it.
KIND = {
    "id": "id", "route": "ref", "school": "ref", "institution": "ref", "board": "ref", "target": "ref", "to": "ref",
    "date": "date", "reported_on": "date", "until": "date",
    "students": "count", "stages": "count", "werkbezoeken": "count", "praktijkopdrachten": "count",
    "pro_vso_able": "count", "pro_vso_offered": "count", "to_level": "level",
    "lob_voorlichting": "flag", "praktijkgericht": "flag", "planned": "flag",
    "kind": "term", "stage": "term", "sector": "term", "form": "term", "step": "term", "stadsdeel": "term",
    "requirement": "term", "from_level": "term", "school_year": "schoolyear",
    "participants": "reflist", "schools": "reflist", "levels": "termlist",
    "from": "ref_or_date",
}


class Mutation:
    def __init__(self, name, must_refuse, apply, file, example=False):
        self.name, self.must_refuse, self.apply, self.file = name, must_refuse, apply, file
        # Applied to a copy of the second example rather than of the default workspace.
        self.example = example


def read(path):
    with open(path, "rb") as handle:
        return handle.read()


def write(path, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(data)


def rows_of(workspace, table):
    return read(os.path.join(workspace, "state", table + ".csv")).decode("utf-8").split("\n")


def set_cell(workspace, table, column, value, row=1):
    path = os.path.join(workspace, "state", table + ".csv")
    lines = read(path).decode("utf-8").split("\n")
    header = lines[0].split(";")
    index = header.index(column)
    cells = lines[row].split(";")
    cells[index] = value
    lines[row] = ";".join(cells)
    write(path, "\n".join(lines))


def table_mutations(table, required_columns=None, example=False):
    """Defects of a whole table (of the second example's when `example`)."""
    path = lambda w: os.path.join(w, "state", table + ".csv")
    required = table not in OPTIONAL_TABLES and not example
    required_columns = REQUIRED[table] if required_columns is None else required_columns
    file = "state/%s.csv" % table
    out = []

    def add(name, must_refuse, apply):
        out.append(Mutation("%s%s: %s" % ("voorbeeldregio " if example else "", table, name), must_refuse, apply, file, example))

    add("empty file", required, lambda w: write(path(w), b""))
    # Cut after the first cell of the first data row, as a file that stopped being written would be.
    add("truncated in the middle of a row", True,
        lambda w: write(path(w), b"\n".join(read(path(w)).split(b"\n")[:1] + [read(path(w)).split(b"\n")[1].split(b";")[0] + b";"])))
    add("header only, data rows removed", False, lambda w: write(path(w), read(path(w)).split(b"\n")[0] + b"\n"))
    add("latin-1 bytes", True, lambda w: write(path(w), read(path(w)).replace(b"\n", b"\xe9\xe8\n", 2)))
    add("UTF-16 text", True, lambda w: write(path(w), read(path(w)).decode("utf-8").encode("utf-16")))
    add("NUL byte", True, lambda w: write(path(w), read(path(w))[:20] + b"\x00" + read(path(w))[20:]))
    add("binary garbage", True, lambda w: write(path(w), bytes(range(256)) * 4))
    add("an Excel workbook under the .csv name", True, lambda w: write(path(w), b"PK\x03\x04" + bytes(200)))
    add("UTF-8 byte order mark", False, lambda w: write(path(w), b"\xef\xbb\xbf" + read(path(w))))
    add("CRLF line ends", False, lambda w: write(path(w), read(path(w)).replace(b"\n", b"\r\n")))
    add("comma separators with a semicolon header", True,
        lambda w: write(path(w), b"\n".join([l if i == 0 else l.replace(b";", b",") for i, l in enumerate(read(path(w)).split(b"\n"))])))
    add("tab separators", True, lambda w: write(path(w), read(path(w)).replace(b";", b"\t")))
    add("unknown column", True, lambda w: write(path(w), read(path(w)).replace(b"\n", b";extra\n", 1)))
    add("duplicate column", True,
        lambda w: write(path(w), read(path(w)).split(b"\n")[0] + b";" + read(path(w)).split(b"\n")[0].split(b";")[0] + b"\n" + b"\n".join(read(path(w)).split(b"\n")[1:])))
    add("unbalanced quote", True, lambda w: set_cell(w, table, rows_of(w, table)[0].split(";")[0], "\"open"))
    add("text after a closing quote", True, lambda w: set_cell(w, table, rows_of(w, table)[0].split(";")[0], "\"a\"b"))
    add("short row", True, lambda w: write(path(w), read(path(w)) + b"x\n"))
    add("long row", True, lambda w: write(path(w), read(path(w)) + b";" * 30 + b"x\n"))
    add("duplicated rows (200 copies of the first)", True,
        lambda w: write(path(w), read(path(w)).rstrip(b"\n") + (b"\n" + read(path(w)).split(b"\n")[1]) * 200 + b"\n"))
    add("a 3,000-character cell", True, lambda w: set_cell(w, table, rows_of(w, table)[0].split(";")[0], "x" * 3000))
    add("a 5 MB cell", True, lambda w: set_cell(w, table, rows_of(w, table)[0].split(";")[0], "y" * 5_000_000))
    add("a link to a missing file", True, lambda w: (os.remove(path(w)), os.symlink("nowhere.csv", path(w))))
    add("a loop of links", True, lambda w: (os.remove(path(w)), os.symlink(table + ".csv", path(w))))
    add("a folder instead of the file", True, lambda w: (os.remove(path(w)), os.mkdir(path(w))))
    add("a FIFO instead of the file", True, lambda w: (os.remove(path(w)), os.mkfifo(path(w))))
    add("a link to /dev/zero", True, lambda w: (os.remove(path(w)), os.symlink("/dev/zero", path(w))))
    add("the file deleted", required, lambda w: os.remove(path(w)))
    for column in required_columns:
        add("required column '%s' removed" % column, True, lambda w, c=column: remove_column(w, table, c))
    return out


def remove_column(workspace, table, column):
    lines = rows_of(workspace, table)
    index = lines[0].split(";").index(column)
    write(os.path.join(workspace, "state", table + ".csv"),
          "\n".join(";".join(c for i, c in enumerate(l.split(";")) if i != index) if l else l for l in lines))


def cell_mutations(table, header, example=False):
    """Defects of one cell of the first data row, per column, by what the column holds (in the
    second example's tables when `example`)."""
    out = []
    file = "state/%s.csv" % table
    kinds = EXAMPLE_KIND[table] if example else KIND
    required_columns = EXAMPLE_REQUIRED[table] if example else REQUIRED[table]
    for column in header:
        kind = kinds.get(column, "text")
        required = column in required_columns and (table, column) not in MAY_BE_EMPTY
        values = [("emptied", "", required)]
        if kind in ("id", "ref"):
            values += [("with a space", "a b", True), ("a 100-character id", "x" * 100, True), ("unknown", "bestaat-niet", kind == "ref"),
                       ("a 30-digit id", "9" * 30, kind == "ref")]
        if kind in ("date", "ref_or_date"):
            values += [("2025-13-01", "2025-13-01", True), ("31-02-2025", "31-02-2025", True), ("1-1-99999999999999999999", "1-1-99999999999999999999", True),
                       ("year 1850", "1850-01-01", True), ("year 2400", "2400-01-01", True), ("'gisteren'", "gisteren", True)]
        if kind in ("count", "level"):
            values += [("-1", "-1", True), ("1.5", "1.5", True), ("'veel'", "veel", True), ("9223372036854775807", "9223372036854775807", True),
                       ("99999999999999999999", "99999999999999999999", True), ("1e9", "1e9", True), ("1000001", "1000001", True)]
        if kind == "flag":
            values += [("'misschien'", "misschien", True)]
        if kind == "percent":
            values += [("'veel'", "veel", True), ("9%", "9%", True), ("101", "101", True), ("-1", "-1", True), ("1e9", "1e9", True),
                       ("'nan'", "nan", True), ("1,2,3", "1,2,3", True), ("a 25-digit number", "9" * 25, True)]
        if kind == "integer":
            values += [("1.5", "1.5", True), ("'veel'", "veel", True), ("99999999999999999999", "99999999999999999999", True)]
        if kind in ("term", "termlist", "schoolyear"):
            values += [("unknown term", "onbekend-iets", True), ("a 3,000-character term", "z" * 3000, True)]
        if kind == "schoolyear":
            values += [("2024-26", "2024-26", True), ("1899-00", "1899-00", True)]
        if kind in ("reflist",):
            values += [("an unknown id in the list", "bestaat-niet", True)]
        if kind == "text":
            values += [("HTML", "<script>alert(1)</script>", False), ("a formula", "=HYPERLINK(\"http://x\")", False),
                       ("non-Latin text", "学校 مدرسة", False), ("a line break in quotes", "\"regel\nregel\"", False)]
        for label, value, must in values:
            out.append(Mutation("%s%s.%s: %s" % ("voorbeeldregio " if example else "", table, column, label), must,
                                lambda w, c=column, v=value: set_cell(w, table, c, v), file, example))
    return out


def covenant_mutations():
    path = lambda w: os.path.join(w, "covenant.yaml")
    out = []

    def add(name, must, apply):
        out.append(Mutation("covenant.yaml: " + name, must, apply, "covenant.yaml"))

    def replace(old, new, count=1):
        # A mutation whose text is no longer in the file would test the unchanged file and pass
        # silently: it stops the campaign instead, naming the text to update.
        def mutate(w):
            text = read(path(w)).decode("utf-8")
            if old not in text:
                raise SystemExit(f"campaign: {old!r} is not in {path(w)}; update this mutation to the file's text")
            write(path(w), text.replace(old, new, count))
        return mutate

    add("empty", True, lambda w: write(path(w), b""))
    add("truncated", True, lambda w: write(path(w), read(path(w))[: len(read(path(w))) // 3]))
    add("a tab for indentation", True, replace("\n  - id: routes-vmbo-b", "\n\t- id: routes-vmbo-b"))
    add("a key twice", True, replace("region: Amsterdam", "region: Amsterdam\nregion: Diemen"))
    add("!!binary tag", True, replace("  nl: Doorlopend", "  nl: !!binary RG9vcmxvcGVu #"))
    add("!!python/object tag", True, replace("  nl: Doorlopend", "  nl: !!python/object:os.system Doorlopend"))
    add("a local tag", True, replace("region: Amsterdam", "region: !stad Amsterdam"))
    add("a %TAG directive", True, lambda w: write(path(w), "%TAG !e! tag:example.com,2000:\n---\n" + read(path(w)).decode("utf-8").replace("region: Amsterdam", "region: !e!stad Amsterdam")))
    add("an anchor and alias", False, replace("action_lines:", "x-anchor: &a 1\nx-alias: *a\naction_lines:"))
    add("deadline 1-1-99999999999999999999", True, replace("deadline: 2027-07-31 ", "deadline: 1-1-99999999999999999999 "))
    add("deadline before the baseline", True, replace("deadline: 2027-07-31 ", "deadline: 2023-07-31 "))
    add("target value 1e30", True, replace("target: {value: 12,", "target: {value: 1e30,"))
    add("target value -3", True, replace("target: {value: 12,", "target: {value: -3,"))
    add("target value 'twaalf'", True, replace("target: {value: 12,", "target: {value: twaalf,"))
    add("target value .inf", True, replace("target: {value: 12,", "target: {value: .inf,"))
    add("target value .nan", True, replace("target: {value: 12,", "target: {value: .nan,"))
    add("coverage over 100", True, replace("target: {value: 100, deadline: 2027-07-31}\n    freshness: 12 months\n    notes:\n      nl: \"Het convenant", "target: {value: 150, deadline: 2027-07-31}\n    freshness: 12 months\n    notes:\n      nl: \"Het convenant"))
    add("freshness 99999999999 years", True, replace("freshness: 12 months", "freshness: 99999999999 years"))
    add("freshness 'vaak'", True, replace("freshness: 12 months", "freshness: vaak"))
    add("freshness 0 days", True, replace("freshness: 12 months", "freshness: 0 days"))
    add("unknown target kind", True, replace("kind: cumulative-count", "kind: cumulative-kount"))
    add("unknown key", True, replace("region: Amsterdam", "region: Amsterdam\nregoin: x"))
    add("a 5 MB name", True, replace("  nl: Doorlopend leren vo-mbo", "  nl: " + "n" * 5_000_000))
    add("a list where a value goes", True, replace("region: Amsterdam", "region: [a, b]"))
    add("a target without an id", True, replace("  - id: routes-vmbo-b\n", "  - \n"))
    add("two targets with one id", True, replace("  - id: routes-vmbo-k\n", "  - id: routes-vmbo-b\n"))
    add("a rule path outside the workspace", True, replace("      en: {one: school, other: schools}\n",
                                                           "      en: {one: school, other: schools}\n    rule: ../../etc/passwd.lua\n"))
    add("a name in Dutch only", True, replace("  en: Continuous learning vo-mbo\n", ""))
    add("a title in a third language", True, replace("      nl: Kennisdeling\n", "      nl: Kennisdeling\n      fr: Partage\n"))
    add("a unit in English only", True, replace("      nl: {one: bijeenkomst, other: bijeenkomsten}\n", "", 2))
    add("an unknown action line", True, replace("action_line: lob\n", "action_line: lbo\n"))
    add("binary garbage", True, lambda w: write(path(w), bytes(range(256)) * 8))
    add("UTF-16 text", True, lambda w: write(path(w), read(path(w)).decode("utf-8").encode("utf-16")))
    add("a link to a missing file", True, lambda w: (os.remove(path(w)), os.symlink("nowhere.yaml", path(w))))
    add("a FIFO instead of the file", True, lambda w: (os.remove(path(w)), os.mkfifo(path(w))))
    add("the file deleted", True, lambda w: os.remove(path(w)))
    add("deeply nested lists", True, replace("region: Amsterdam", "region: " + "[" * 5000 + "]" * 5000))
    return out


def example_covenant_mutations():
    """Defects of what the second example's covenant.yaml declares: indicators, tables, indicator targets."""
    path = lambda w: os.path.join(w, "covenant.yaml")
    out = []

    def add(name, old, new):
        def mutate(w):
            text = read(path(w)).decode("utf-8")
            if old not in text:
                raise SystemExit(f"campaign: {old!r} is not in {path(w)}; update this mutation to the file's text")
            write(path(w), text.replace(old, new, 1))
        out.append(Mutation("voorbeeldregio covenant.yaml: " + name, True, mutate, "covenant.yaml", True))

    add("an unknown direction", "    direction: lower\n", "    direction: omlaag\n")
    add("a sum of percentages", "    region: weighted\n", "    region: sum\n")
    add("a weight that is no indicator", "    weight: instroom-jaar-1\n", "    weight: instroom\n")
    add("an unknown period kind", "    periods: school-year\n", "    periods: maand\n")
    add("an unknown party kind", "    parties: [region, institutions]\n", "    parties: [region, wijken]\n")
    add("an unknown column type", "type: yes-no", "type: jazeker")
    add("dated by a column that is not there", "    dated_by: signed\n", "    dated_by: getekend\n")
    add("a key column that is not there", "    key: [route, signed]", "    key: [route, getekend]")
    add("a table named as one of Koers' own", "  - name: samenwerkingsovereenkomsten\n", "  - name: routes\n")
    add("a table file outside state/", "  - name: examenregelingen\n", "  - name: examenregelingen\n    file: ../examenregelingen.csv\n")
    add("a target on an unknown indicator", "    indicator: uitval-jaar-1\n", "    indicator: uitval-jaar-2\n")
    add("a baseline period without a value", "    indicator: uitval-jaar-1\n    baseline: {period: 2023-24}",
        "    indicator: uitval-jaar-1\n    baseline: {period: 2019-20}")
    add("a baseline period of the wrong kind", "baseline: {period: 2023-24}", "baseline: {period: 2023}")
    add("an improvement of 0", "improvement: 5", "improvement: 0")
    add("an improvement with a value", "improvement: 5", "value: 5")
    add("a level over 100%", "target: {value: 7.5", "target: {value: 107.5")
    return out


def all_mutations():
    out = []
    for table in REQUIRED:
        header = rows_of(REPOSITORY, table)[0].split(";")
        out += table_mutations(table) + cell_mutations(table, header)
    for table in EXAMPLE_REQUIRED:
        header = rows_of(EXAMPLE, table)[0].split(";")
        out += table_mutations(table, EXAMPLE_REQUIRED[table], example=True) + cell_mutations(table, header, example=True)
    return out + covenant_mutations() + example_covenant_mutations()


def tree_hash(folder):
    digest = hashlib.sha256()
    for root, folders, files in sorted(os.walk(folder)):
        folders.sort()
        for name in sorted(files):
            full = os.path.join(root, name)
            digest.update(os.path.relpath(full, folder).encode() + b"\0" + read(full))
    return digest.hexdigest()


def koers_run(koers, arguments, timeout=10.0):
    """Runs koers: (exit code, or None when it ran over `timeout` and was killed; its output;
    its peak memory in MB, measured by the kernel through wait4; seconds)."""
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
            out = os.open(OUTPUT, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(out, 1)
            os.dup2(out, 2)
            os.execv(koers, [koers] + arguments)
        finally:
            os._exit(127)
    deadline = start + timeout
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done == pid:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.wait4(pid, 0)
            return None, b"", 0, timeout
        time.sleep(0.005)
    code = os.waitstatus_to_exitcode(status)
    return code, read(OUTPUT), usage.ru_maxrss / 1024, time.monotonic() - start


OUTPUT = os.path.join(tempfile.gettempdir(), "koers-campaign-%d.out" % os.getpid())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--koers", required=True)
    parser.add_argument("--only", default="")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    koers = os.path.abspath(args.koers)
    mutations = [m for m in all_mutations() if args.only in m.name]
    base = tempfile.mkdtemp(prefix="koers-campaign-")

    def prepare(source, name, items):
        """A pristine copy of a workspace and one earlier report of it, copied beside every
        mutation's run to see that a refusal leaves it untouched; None when it gives no report."""
        pristine = os.path.join(base, name)
        os.mkdir(pristine)
        for item in items:
            (shutil.copytree if os.path.isdir(os.path.join(source, item)) else shutil.copy)(os.path.join(source, item), os.path.join(pristine, item))
        earlier = os.path.join(base, name + "-earlier")
        code, output, _, _ = koers_run(koers, ["report", "--workspace", pristine, "--as-of", "2026-11-23", "--out", earlier, "--format", "json,csv"])
        if code != 0:
            print("FAIL %s gives no report: %s" % (os.path.relpath(source, REPOSITORY), output.decode("utf-8", "replace")[-500:]))
            return None
        return pristine, earlier, tree_hash(earlier)

    default = prepare(REPOSITORY, "pristine", ["covenant.yaml", "state", "rules", "plugins"])
    second = prepare(EXAMPLE, "example", ["covenant.yaml", "state", "rules"])
    if default is None or second is None:
        print("0 passed, 1 failed")
        return 1
    figures = {"tried": 0, "clear errors": 0, "accepted (allowed)": 0, "crashes": 0, "hangs": 0, "silent acceptances": 0,
               "blow-ups": 0, "unclear errors": 0, "report damaged": 0}
    failures = []
    for index, mutation in enumerate(mutations):
        figures["tried"] += 1
        workspace = os.path.join(base, "w%d" % index)
        pristine, earlier, untouched = second if mutation.example else default
        shutil.copytree(pristine, workspace, symlinks=True)
        out = os.path.join(base, "out%d" % index)
        shutil.copytree(earlier, out)
        try:
            mutation.apply(workspace)
        except Exception as error:  # a mutation that cannot be applied is a defect of the campaign
            failures.append("%s: the mutation could not be applied: %s" % (mutation.name, error))
            continue
        problems = []
        code, output, memory, seconds = koers_run(koers, ["validate", "--workspace", workspace, "--as-of", "2026-11-23"])
        text = output.decode("utf-8", "replace")
        if code is None:
            figures["hangs"] += 1
            problems.append("validate hangs (over 10 s)")
        elif code < 0 or code in (132, 134, 139):
            figures["crashes"] += 1
            problems.append("validate crashes (exit %d): %s" % (code, text[-300:]))
        elif memory > 1024:
            figures["blow-ups"] += 1
            problems.append("validate uses %.0f MB" % memory)
        elif code == 0:
            if mutation.must_refuse:
                figures["silent acceptances"] += 1
                problems.append("validate accepts it (exit 0)")
            else:
                figures["accepted (allowed)"] += 1
        elif code in (65, 66):
            if mutation.file in text:
                figures["clear errors"] += 1
            else:
                figures["unclear errors"] += 1
                problems.append("the message does not name %s: %s" % (mutation.file, text[:300]))
        else:
            problems.append("validate exits %d: %s" % (code, text[-300:]))
        # The report: refused data leaves the old report untouched; accepted data replaces it whole.
        code, output, memory, seconds = koers_run(koers, ["report", "--workspace", workspace, "--as-of", "2026-11-23", "--out", out,
                                                          "--format", "json,csv,markdown"])
        if code is None:
            figures["hangs"] += 1
            problems.append("report hangs (over 10 s)")
        elif code < 0 or code in (132, 134, 139):
            figures["crashes"] += 1
            problems.append("report crashes (exit %d)" % code)
        elif memory > 1024:
            figures["blow-ups"] += 1
            problems.append("report uses %.0f MB" % memory)
        elif code in (65, 66) and tree_hash(out) != untouched:
            figures["report damaged"] += 1
            problems.append("the refused report changed the old one")
        if problems:
            failures.append("%s: %s" % (mutation.name, "; ".join(problems)))
        if not args.keep:
            shutil.rmtree(workspace, ignore_errors=True)
            shutil.rmtree(out, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    if os.path.exists(OUTPUT):
        os.remove(OUTPUT)
    for failure in failures:
        print("FAIL " + failure)
    print("mutation campaign: " + ", ".join("%s %d" % (k, v) for k, v in figures.items()))
    passed = figures["tried"] - len(failures)
    print("%d passed, %d failed" % (passed, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
