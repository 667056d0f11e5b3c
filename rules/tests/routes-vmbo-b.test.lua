-- Tests of rules/routes-vmbo-b.lua: vmbo-b schools with a DLR or GLR from vmbo-b (4 → 12).
-- The line on 2025-01-01: 4 + 8 × 366/1307 days = 6,24 (shown 6,2).
local routes = [[
id;name;schools;institution;college;kind;from_level;to_level;sector;qualifications;source;note
r1;Route A zorg;a;rocva;;GLR;vmbo-b;2;zorg;;voorbeeld;
r2;Route B techniek;b;rocva;;GLR;vmbo-b;2;techniek;;voorbeeld;
]]

return {
  fixture = "rules/tests/fixture",
  as_of = "2025-01-01",
  cases = {
    {
      name = "a route in development counts its school",
      tables = { routes = routes, ["route-stages"] = [[
route;stage;date;source;note
r1;in-ontwikkeling;2024-09-01;voorbeeld;
r2;verkenning;2024-09-01;voorbeeld;
]] },
      expect = { ["routes-vmbo-b"] = { status = "behind", value = 1, expected = 6.2, target = 12,
                                      contributes = { "a" }, candidate = { "b" } } },
    },
    {
      name = "a stopped route does not count",
      tables = { routes = routes, ["route-stages"] = [[
route;stage;date;source;note
r1;in-ontwikkeling;2024-03-01;voorbeeld;
r1;gestopt;2024-11-01;voorbeeld;
r2;eerste-cohort-gestart;2024-08-20;voorbeeld;
]] },
      expect = { ["routes-vmbo-b"] = { value = 1, contributes = { "b" }, candidate = { "a" } } },
    },
    {
      name = "a route recorded after the evaluation day does not count yet",
      as_of = "2024-06-01",
      tables = { routes = routes, ["route-stages"] = [[
route;stage;date;source;note
r1;in-ontwikkeling;2024-09-01;voorbeeld;
]] },
      expect = { ["routes-vmbo-b"] = { value = 0, contributes = {}, candidate = { "a", "b" } } },
    },
  },
}
