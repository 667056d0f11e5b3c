#!/usr/bin/env bash
# Installs what Koers needs from Debian, only when it is missing: Lua 5.4's headers and library
# (liblua5.4-dev) and pkg-config, through which the Swift package finds them; python3 for the
# test suite's mutation campaign; and Chromium, which
# prints the report to PDF (koers report works without it, minus the PDF).
set -euo pipefail
missing=()
dpkg-query -W -f='${Status}' liblua5.4-dev 2>/dev/null | grep -q "ok installed" || missing+=(liblua5.4-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
# The mutation campaign of the test suite is a Python script.
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# The report tests read the calendars (.ics) with a real iCalendar parser.
/usr/bin/python3 -c "import icalendar" >/dev/null 2>&1 || missing+=(python3-icalendar)
# ... and the printed report with pdftotext, as a reader's PDF viewer would show its text.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# ... and the CSV files as a spreadsheet reads them (LibreOffice converts, openpyxl reads the cells).
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
/usr/bin/python3 -c "import openpyxl" >/dev/null 2>&1 || missing+=(python3-openpyxl)
if [ -z "${KOERS_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
  && ! command -v google-chrome >/dev/null 2>&1 && ! command -v google-chrome-stable >/dev/null 2>&1; then
  missing+=(chromium)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..." >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  # SwiftPM caches each build plan with the pkg-config flags it found; a plan made before Lua
  # was installed lacks -I/usr/include/lua5.4 ("'lua.h' file not found") until it is redone.
  build="$(dirname "$0")/../.build"
  rm -f "$build/debug.yaml" "$build/release.yaml" "$build/plugin-tools.yaml"
fi
command -v swift >/dev/null 2>&1 || { echo "Swift 6 is not on PATH (expected at /opt/swift/usr/bin)." >&2; exit 1; }
