-- Tests of plugins/focus_districts.lua: reach in the focus districts Noord, Nieuw-West and Zuidoost.
return {
  fixture = "rules/tests/fixture",
  as_of = "2025-03-01",
  cases = {
    {
      name = "focus_districts: schools with a route and at a decanenoverleg, per district",
      tables = {
        routes = [[
id;name;schools;institution;college;kind;from_level;to_level;sector;qualifications;source;note
r1;Route A;a;rocva;;GLR;vmbo-b;2;zorg;;voorbeeld;
]],
        ["route-stages"] = [[
route;stage;date;source;note
r1;in-ontwikkeling;2024-09-01;voorbeeld;
]],
        events = [[
id;date;kind;form;title;participants;source
d1;2024-10-01;decanenoverleg;;Decanenoverleg;a b;voorbeeld
]],
      },
      plugins = { focus_districts = {
        derived = { districts = {
          { district = "Nieuw-West", schools = 1, with_route = 0, at_meeting = 1 },
          { district = "Zuidoost", schools = 1, with_route = 0, at_meeting = 0 },
          { district = "Noord", schools = 1, with_route = 1, at_meeting = 1 },
        } },
        -- Nieuw-West and Zuidoost have no school with a route.
        findings = 2,
        sections = 1,
      } },
    },
  },
}
