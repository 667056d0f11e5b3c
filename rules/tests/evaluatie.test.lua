-- Tests of rules/evaluatie.lua: two monitoring moments every school year.
local events = [[
id;date;kind;form;title;participants;source
m1;2024-10-15;monitoring;;Monitoring najaar;a rocva;voorbeeld
m2;2025-05-20;monitoring;;Monitoring voorjaar;a rocva;voorbeeld
d1;2025-02-10;decanenoverleg;;Decanenoverleg;a;voorbeeld
]]

return {
  fixture = "rules/tests/fixture",
  cases = {
    {
      name = "two moments in the school year: the year is met",
      as_of = "2025-07-31",
      tables = { events = events },
      expect = { evaluatie = { status = "on_track", value = 2, expected = 2 } },
    },
    {
      -- On 2025-03-01, 212 of the school year's 365 days have passed: 2 × 212/365 = 1.2, so 1 is expected.
      name = "no moment yet by March: one below the running year's share",
      as_of = "2025-03-01",
      tables = { events = [[
id;date;kind;form;title;participants;source
d1;2025-02-10;decanenoverleg;;Decanenoverleg;a;voorbeeld
]] },
      expect = { evaluatie = { status = "at_risk", value = 0, expected = 1.2 } },
    },
    {
      name = "an events register without any event in nine months has no data",
      as_of = "2025-12-01",
      tables = { events = [[
id;date;kind;form;title;participants;source
m1;2024-10-15;monitoring;;Monitoring najaar;a rocva;voorbeeld
]] },
      expect = { evaluatie = { status = "no_data" } },
    },
  },
}
