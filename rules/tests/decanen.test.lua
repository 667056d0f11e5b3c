-- Tests of rules/decanen.lua: four decanenoverleggen every school year; a school or institution
-- contributes when it attended at least half the meetings since the start of last school year.
local events = [[
id;date;kind;form;title;participants;source
d1;2024-10-01;decanenoverleg;;Decanenoverleg;a b rocva;voorbeeld
d2;2025-01-15;decanenoverleg;;Decanenoverleg;a;voorbeeld
]]

return {
  fixture = "rules/tests/fixture",
  cases = {
    {
      -- 2 × … : on 2025-03-01, 4 × 212/365 = 2.3, so 2 meetings are expected.
      name = "two meetings by March is on the line",
      as_of = "2025-03-01",
      tables = { events = events },
      expect = { decanen = { status = "on_track", value = 2, expected = 2.3,
                             contributes = { "a", "b", "rocva" }, missing = { "c", "p" } } },
    },
    {
      name = "a school with a waiver is neither counted nor missing",
      as_of = "2025-03-01",
      tables = { events = events, waivers = [[
target;school;from;until;reason;decided_by;note
decanen;c;2024-08-01;2025-07-31;Voorbeeld: de school heeft geen decaan dit jaar.;stuurgroep;Verzonnen voorbeeld.
]] },
      expect = { decanen = { value = 2, contributes = { "a", "b", "rocva" }, missing = { "p" } } },
    },
  },
}
