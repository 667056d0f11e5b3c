#!/usr/bin/env bash
# Test data for the Lua sandbox (issue 20), fetched only when absent:
#   * Debian's stock lua5.4, which the differential test runs beside `koers lua`;
#   * real Lua libraries from Debian's packages (dkjson, inspect, argparse, Penlight), extracted
#     into .build-lua-libraries/rules/ as a workspace's rules/ folder. They are downloaded, not
#     copied into the repository: the test proves that libraries load unmodified.
# When a package cannot be had, .build-lua-libraries/UNAVAILABLE says why and the tests that need
# it are skipped with that message.
set -uo pipefail
cd "$(dirname "$0")/.."
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
if ! command -v lua5.4 >/dev/null 2>&1; then
  $sudo apt-get install -y -qq lua5.4 >/dev/null 2>&1 || echo "koers: could not install lua5.4; the differential test will be skipped" >&2
fi
target=.build-lua-libraries
[ -f "$target/rules/dkjson.lua" ] && [ -f "$target/rules/pl/List.lua" ] && exit 0
rm -rf "$target" && mkdir -p "$target/debs" "$target/rules"
packages="lua-dkjson lua-inspect lua-argparse lua-penlight"
if ! (cd "$target/debs" && apt-get download $packages >/dev/null 2>&1); then
  echo "apt-get download $packages failed (no network or no Debian archive)" > "$target/UNAVAILABLE"
  echo "koers: $(cat "$target/UNAVAILABLE"); the library tests will be skipped" >&2
  exit 0
fi
for deb in "$target"/debs/*.deb; do dpkg-deb -x "$deb" "$target/extracted"; done
# Debian installs one copy for every Lua version and links the others to it: copy the files.
cp -rL "$target"/extracted/usr/share/lua/5.1/. "$target/rules/"
cp -rL "$target"/extracted/usr/share/lua/5.4/. "$target/rules/" 2>/dev/null || true
rm -rf "$target/debs" "$target/extracted"
ls "$target/rules" >&2
