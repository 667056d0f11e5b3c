-- Tests of rules/data-delen.lua: data shared in both directions (vo → mbo and mbo → vo) every school year.
return {
  fixture = "rules/tests/fixture",
  as_of = "2025-03-01",
  cases = {
    {
      name = "one direction by March is on the line",
      tables = { ["data-sharing"] = [[
date;from;to;kind;source
2024-10-01;a;rocva;nco-rapportage;voorbeeld
]] },
      expect = { ["data-delen"] = { status = "on_track", value = 1, expected = 1.2,
                                    contributes = { "a" }, missing = { "b", "c", "rocva" } } },
    },
    {
      name = "both directions meet the year",
      tables = { ["data-sharing"] = [[
date;from;to;kind;source
2024-10-01;a;rocva;nco-rapportage;voorbeeld
2025-01-20;rocva;b;studiesucces;voorbeeld
]] },
      -- b received insight from the mbo but gave none: it is asked for its own part (NCO data).
      expect = { ["data-delen"] = { status = "on_track", value = 2, contributes = { "a", "rocva" }, missing = { "b", "c" } } },
    },
  },
}
