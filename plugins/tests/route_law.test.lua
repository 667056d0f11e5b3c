-- Tests of plugins/route_law.lua: the legal requirements per route.
local routes = [[
id;name;schools;institution;college;kind;from_level;to_level;sector;qualifications;source;note
g1;GLR A;a;rocva;;GLR;vmbo-b;2;zorg;;voorbeeld;
g2;DLR B;b;rocva;;DLR;vmbo-b;4;zorg;;voorbeeld;
d1;DLR C;c;rocva;;DLR;vmbo-gt;4;ict;;voorbeeld;
]]
local stages = [[
route;stage;date;source;note
g1;overeenkomst-getekend;2024-03-01;voorbeeld;
g1;eerste-cohort-gestart;2024-08-20;voorbeeld;
g2;in-ontwikkeling;2024-03-01;voorbeeld;
d1;overeenkomst-getekend;2024-05-01;voorbeeld;
d1;eerste-cohort-gestart;2024-08-20;voorbeeld;
]]

return {
  fixture = "rules/tests/fixture",
  as_of = "2025-03-01",
  cases = {
    {
      name = "route_law: a started route with every requirement recorded is complete",
      tables = { routes = routes, ["route-stages"] = stages, ["route-requirements"] = [[
route;requirement;date;evidence;note
g1;R5;2024-03-01;Overeenkomst;
g1;R6;2024-03-01;Overeenkomst;
g1;R7;2024-03-01;Overeenkomst;
g1;R8;2024-03-01;Overeenkomst;
g1;R9;2024-03-01;Overeenkomst;
g1;R10;2024-03-01;Overeenkomst;
g1;R11;2024-03-01;Overeenkomst;
g1;R12;2024-03-01;Overeenkomst;
g1;R13;2024-03-01;Overeenkomst;
g1;R15;2024-06-01;PTA/OER;
g1;R18;2024-06-15;RIO;
d1;R5;2024-09-01;Overeenkomst, getekend na de start;
]] },
      plugins = { route_law = {
        derived = {
          g1 = { complete = true, open = {} },
          g2 = { complete = true, open = {} },
          d1 = { complete = false, open = { "R5", "R15", "R18", "R16" } },
        },
        -- g2 is in development: nothing is due yet. d1: the agreement signed after the start
        -- (a problem) and the rest not recorded (one warning).
        findings = 2,
        sections = 1,
      } },
    },
  },
}
