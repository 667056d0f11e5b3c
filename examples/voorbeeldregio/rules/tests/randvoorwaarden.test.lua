-- Tests of rules/randvoorwaarden.lua: doorlopende leerroutes with a combined PTA/OER that puts the
-- vmbo diploma in route year 3 at the latest, registered with DUO (1 → 5, 1 January 2024 –
-- 31 July 2028). On 1 December 2026 the line is at 1 + 4 × 1065/1673 = 3,55 (shown 3,5).
local routes = [[
id;name;schools;institution;college;kind;from_level;to_level;sector;qualifications;source
havenschool-zorg;Zorgroute Havenschool;havenschool;roc-voorbeeld;;DLR;vmbo-k;3;zorg;;voorbeeld
dijkcollege-techniek;Techniekroute De Dijk College;dijkcollege;roc-voorbeeld;;DLR;vmbo-b;2;techniek;;voorbeeld
groene-kade-groen;Groene route Groene Kade;groene-kade;groencollege;;DLR;vmbo-k;3;groen;;voorbeeld
rivierlyceum-ict;ICT-route Rivierlyceum;rivierlyceum;roc-voorbeeld;;DLR;vmbo-gt;4;ict;;voorbeeld
polder-handel;Handelsroute Polderland;polder-vmbo weidecollege;roc-voorbeeld;;DLR;vmbo-k;3;handel;;voorbeeld
]]
-- Registered with DUO: every route but the Handelsroute (a later stage counts as well); the
-- Techniekroute only with `techniek_registered`.
local stages = [[
route;stage;date;planned;source
havenschool-zorg;duo-registratie;2022-05-02;;voorbeeld
havenschool-zorg;eerste-cohort-gestart;2022-08-22;;voorbeeld
dijkcollege-techniek;overeenkomst-getekend;2024-06-20;;voorbeeld
groene-kade-groen;duo-registratie;2025-04-01;;voorbeeld
groene-kade-groen;eerste-cohort-gestart;2025-08-25;;voorbeeld
rivierlyceum-ict;duo-registratie;2026-04-15;;voorbeeld
rivierlyceum-ict;eerste-cohort-gestart;2026-08-24;;voorbeeld
polder-handel;in-ontwikkeling;2025-09-01;;voorbeeld
]]
local techniek_registered = "dijkcollege-techniek;duo-registratie;2025-02-03;;voorbeeld\n"
local rules = [[
route;school_year;adopted;combined;vmbo_diploma_leerjaar;locations;source
havenschool-zorg;2025-26;2025-06-24;ja;2;vmbo mbo leerbedrijf;voorbeeld
havenschool-zorg;2026-27;2026-06-23;ja;2;vmbo mbo leerbedrijf;voorbeeld
dijkcollege-techniek;2026-27;2026-06-29;ja;3;vmbo mbo leerbedrijf;voorbeeld
rivierlyceum-ict;2026-27;2026-07-06;nee;2;vmbo mbo;voorbeeld
]]
local groen_year_3 = "groene-kade-groen;2026-27;2026-06-30;ja;3;vmbo mbo leerbedrijf;voorbeeld\n"

return {
  fixture = "rules/tests/fixture",
  as_of = "2026-12-01",
  cases = {
    {
      name = "three of five routes meet both conditions: half a route below the line",
      tables = { routes = routes, ["route-stages"] = stages .. techniek_registered, examenregelingen = rules .. groen_year_3 },
      expect = { randvoorwaarden = { status = "at_risk", value = 3, expected = 3.5, reason = "0,5 onder de lijn",
                                     contributes = { "havenschool", "dijkcollege", "groene-kade", "groencollege" },
                                     missing = { "rivierlyceum", "polder-vmbo", "weidecollege", "roc-voorbeeld" } } },
    },
    {
      name = "a vmbo diploma in route year 4 does not meet the law",
      tables = { routes = routes, ["route-stages"] = stages .. techniek_registered,
                 examenregelingen = rules .. "groene-kade-groen;2026-27;2026-06-30;ja;4;vmbo mbo leerbedrijf;voorbeeld\n" },
      expect = { randvoorwaarden = { status = "behind", value = 2, expected = 3.5,
                                     contributes = { "havenschool", "dijkcollege" },
                                     missing = { "groene-kade", "groencollege", "rivierlyceum", "polder-vmbo", "weidecollege", "roc-voorbeeld" } } },
    },
    {
      name = "a route not registered with DUO does not count",
      tables = { routes = routes, ["route-stages"] = stages, examenregelingen = rules .. groen_year_3 },
      expect = { randvoorwaarden = { status = "behind", value = 2, missing = { "dijkcollege", "rivierlyceum", "polder-vmbo", "weidecollege", "roc-voorbeeld" } } },
    },
    {
      -- The PTA/OER adopted last in a school year replaces the earlier one of that year.
      name = "a combined PTA/OER adopted later in the year replaces the separate one",
      tables = { routes = routes, ["route-stages"] = stages .. techniek_registered, examenregelingen = rules .. groen_year_3
        .. "rivierlyceum-ict;2026-27;2026-11-17;ja;2;vmbo mbo;voorbeeld\n" },
      expect = { randvoorwaarden = { status = "on_track", value = 4, expected = 3.5,
                                     contributes = { "havenschool", "dijkcollege", "groene-kade", "rivierlyceum", "groencollege" },
                                     missing = { "polder-vmbo", "weidecollege", "roc-voorbeeld" } } },
    },
  },
}
