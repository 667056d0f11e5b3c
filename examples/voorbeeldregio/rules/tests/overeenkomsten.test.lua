-- Tests of rules/overeenkomsten.lua: doorlopende leerroutes whose newest signed
-- samenwerkingsovereenkomst covers all eight required contents (1 → 5, 1 January 2024 – 31 July 2028).
-- The line: 1 + 4 × days since 1 January 2024 / 1673. On 1 December 2026 (1065 days) that is
-- 3,55 (shown 3,5); on 1 June 2026 (883 days) 3,11 (shown 3,1).
local routes = [[
id;name;schools;institution;college;kind;from_level;to_level;sector;qualifications;source
havenschool-zorg;Zorgroute Havenschool;havenschool;roc-voorbeeld;;DLR;vmbo-k;3;zorg;;voorbeeld
dijkcollege-techniek;Techniekroute De Dijk College;dijkcollege;roc-voorbeeld;;DLR;vmbo-b;2;techniek;;voorbeeld
groene-kade-groen;Groene route Groene Kade;groene-kade;groencollege;;DLR;vmbo-k;3;groen;;voorbeeld
rivierlyceum-ict;ICT-route Rivierlyceum;rivierlyceum;roc-voorbeeld;;DLR;vmbo-gt;4;ict;;voorbeeld
polder-handel;Handelsroute Polderland;polder-vmbo weidecollege;roc-voorbeeld;;DLR;vmbo-k;3;handel;;voorbeeld
]]
local stages = [[
route;stage;date;planned;source
havenschool-zorg;eerste-cohort-gestart;2022-08-22;;voorbeeld
dijkcollege-techniek;eerste-cohort-gestart;2025-08-25;;voorbeeld
groene-kade-groen;eerste-cohort-gestart;2025-08-25;;voorbeeld
rivierlyceum-ict;in-ontwikkeling;2025-01-15;;voorbeeld
rivierlyceum-ict;eerste-cohort-gestart;2026-08-24;;voorbeeld
polder-handel;in-ontwikkeling;2025-09-01;;voorbeeld
]]
-- The Handelsroute plans to sign in February 2027: a plan, which never counts as reached.
local planned = "polder-handel;overeenkomst-getekend;2027-02-01;ja;voorbeeld\n"
local all8 = "profiel-kwalificatie dagelijkse-leiding inrichting overstapoptie bedrijfsleven geschilbeslechting toetreding-wijziging medezeggenschap"
local agreements = [[
route;signed;parties;contents;bekostiging;source
havenschool-zorg;2022-03-15;vo-rivierstad roc-voorbeeld-bestuur;]] .. all8 .. [[;ja;voorbeeld
dijkcollege-techniek;2024-06-20;vo-rivierstad roc-voorbeeld-bestuur;]] .. all8 .. [[;ja;voorbeeld
groene-kade-groen;2025-02-10;vo-polderland groencollege-bestuur;profiel-kwalificatie dagelijkse-leiding inrichting overstapoptie bedrijfsleven toetreding-wijziging;ja;voorbeeld
groene-kade-groen;2026-06-30;vo-polderland groencollege-bestuur;]] .. all8 .. [[;ja;voorbeeld
]]
local ict = "rivierlyceum-ict;2026-03-12;vo-rivierstad roc-voorbeeld-bestuur;" .. all8 .. ";nee;voorbeeld\n"

return {
  fixture = "rules/tests/fixture",
  as_of = "2026-12-01",
  cases = {
    {
      name = "four of five routes have a complete agreement: above the line of 3,5",
      tables = { routes = routes, ["route-stages"] = stages .. planned, samenwerkingsovereenkomsten = agreements .. ict },
      expect = { overeenkomsten = { status = "on_track", value = 4, expected = 3.5, target = 5,
                                    contributes = { "havenschool", "dijkcollege", "groene-kade", "rivierlyceum", "groencollege" },
                                    missing = { "polder-vmbo", "weidecollege", "roc-voorbeeld" } } },
    },
    {
      -- The complete version of the groene route is signed on 30 June 2026: on 1 June the
      -- version of 2025, without geschilbeslechting and medezeggenschap, is the one in force.
      name = "an agreement signed after the day does not count yet",
      as_of = "2026-06-01",
      tables = { routes = routes, ["route-stages"] = stages .. planned, samenwerkingsovereenkomsten = agreements .. ict },
      expect = { overeenkomsten = { status = "at_risk", value = 3, expected = 3.1, reason = "0,1 onder de lijn",
                                    missing = { "groene-kade", "groencollege", "polder-vmbo", "weidecollege", "roc-voorbeeld" } } },
    },
    {
      name = "an agreement without medezeggenschap does not count",
      tables = { routes = routes, ["route-stages"] = stages .. planned, samenwerkingsovereenkomsten = agreements
        .. "rivierlyceum-ict;2026-03-12;vo-rivierstad roc-voorbeeld-bestuur;profiel-kwalificatie dagelijkse-leiding inrichting overstapoptie bedrijfsleven geschilbeslechting toetreding-wijziging;nee;voorbeeld\n" },
      expect = { overeenkomsten = { status = "at_risk", value = 3, expected = 3.5,
                                    contributes = { "havenschool", "dijkcollege", "groene-kade", "groencollege" },
                                    missing = { "rivierlyceum", "polder-vmbo", "weidecollege", "roc-voorbeeld" } } },
    },
    {
      name = "a stopped route is no longer asked for an agreement",
      tables = { routes = routes, samenwerkingsovereenkomsten = agreements .. ict,
                 ["route-stages"] = stages .. "polder-handel;gestopt;2026-10-01;;voorbeeld\n" },
      expect = { overeenkomsten = { status = "on_track", value = 4,
                                    contributes = { "havenschool", "dijkcollege", "groene-kade", "rivierlyceum", "groencollege", "roc-voorbeeld" },
                                    missing = {} } },
    },
  },
}
