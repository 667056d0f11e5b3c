-- Tests of rules/havo-routes.lua: three steps towards havo-mbo routes (0 → 3).
-- The line on 2025-07-01: 3 × 547/1307 days = 1,26 (shown 1,3); one step is 0,26 below it: a risk.
return {
  fixture = "rules/tests/fixture",
  as_of = "2025-07-01",
  cases = {
    {
      name = "the exploration started: 0,3 below the line, a risk",
      tables = { ["havo-milestones"] = [[
step;date;note
verkenning-gestart;2025-02-04;Voorbeeld.
]] },
      expect = { ["havo-routes"] = { status = "at_risk", value = 1, expected = 1.3, target = 3 } },
    },
    {
      name = "all three steps: achieved",
      tables = { ["havo-milestones"] = [[
step;date;note
verkenning-gestart;2025-02-04;Voorbeeld.
bevindingen-gerapporteerd;2025-05-01;Voorbeeld.
besluit;2025-06-20;Voorbeeld.
]] },
      expect = { ["havo-routes"] = { status = "achieved", value = 3 } },
    },
  },
}
