-- Tests of rules/routes-vmbo-k.lua (a new route vmbo-k → niveau 4 every school year) and
-- rules/routes-vmbo-t.lua (vo schools whose vmbo-gt → niveau 4 route started, 0 → 4).
local routes = [[
id;name;schools;institution;college;kind;from_level;to_level;sector;qualifications;source;note
k1;Route A kader;a;rocva;;DLR;vmbo-k;4;zorg;;voorbeeld;
t1;Route C vmbo-t;c;rocva;;DLR;vmbo-gt;4;ict;;voorbeeld;
]]

return {
  fixture = "rules/tests/fixture",
  as_of = "2025-03-01",
  cases = {
    {
      name = "a vmbo-k route in development counts for this school year",
      tables = { routes = routes, ["route-stages"] = [[
route;stage;date;source;note
k1;in-ontwikkeling;2024-10-01;voorbeeld;
]] },
      expect = { ["routes-vmbo-k"] = { status = "on_track", value = 1 } },
    },
    {
      -- The line on 2025-03-01: 4 × 425/1307 days = 1,3; one school is 0,3 below it: a risk.
      name = "a vmbo-t route counts once its first cohort started",
      tables = { routes = routes, ["route-stages"] = [[
route;stage;date;source;note
t1;in-ontwikkeling;2024-02-01;voorbeeld;
t1;eerste-cohort-gestart;2024-08-20;voorbeeld;
]] },
      expect = { ["routes-vmbo-t"] = { status = "at_risk", value = 1, expected = 1.3, contributes = { "c" } } },
    },
    {
      name = "a vmbo-t route in development does not count yet",
      tables = { routes = routes, ["route-stages"] = [[
route;stage;date;source;note
t1;in-ontwikkeling;2024-02-01;voorbeeld;
]] },
      expect = { ["routes-vmbo-t"] = { value = 0 } },
    },
  },
}
