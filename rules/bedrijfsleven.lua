-- bedrijfsleven: "We betrekken het bedrijfsleven actief door middel van stages, werkbezoeken en
-- bijvoorbeeld praktijkopdrachten. Zo doen leerlingen directe ervaring op in een realistische
-- werkomgeving."
--
-- Reading (covenant.md marks it a choice): the covenant names no number, so every vo school should
-- report at least one such activity (stage, werkbezoek or praktijkopdracht) per school year; this
-- is a state to keep from the start (method "level", 100%). The school year judged is the newest
-- one for which at least half of the schools made their annual return; a school without a return
-- for it is "geen opgave", counted apart. The totals are those of that school year's returns.
local koers = require("koers")

-- "1 stage, 2 werkbezoeken en 0 praktijkopdrachten", each with its form for one.
local function activities(stages, visits, assignments)
  return koers.text{
    nl = koers.quantity(stages, { one = "stage", other = "stages" }) .. ", " .. koers.quantity(visits, { one = "werkbezoek", other = "werkbezoeken" })
      .. ", " .. koers.quantity(assignments, { one = "praktijkopdracht", other = "praktijkopdrachten" }),
    en = koers.quantity(stages, { one = "work placement", other = "work placements" }) .. ", "
      .. koers.quantity(visits, { one = "company visit", other = "company visits" }) .. ", "
      .. koers.quantity(assignments, { one = "practical assignment", other = "practical assignments" }),
  }
end
local result = koers.judge_school_reports {
  state = state, target = target, field = "business_activities", method = "level",
  schools = koers.parties(state.schools),
  meets = function(report) return report.business_activities >= 1 end,
  describe = function(report)
    return activities(report.stages or 0, report.werkbezoeken or 0, report.praktijkopdrachten or 0)
      .. koers.text{ nl = " (opgave ", en = " (return " } .. report.school_year .. ")"
  end,
}
if result.judged_school_year then
  local totals = { stages = 0, werkbezoeken = 0, praktijkopdrachten = 0 }
  for _, report in ipairs(state.school_reports) do
    if report.school_year == result.judged_school_year and report.business_activities ~= nil then
      for kind in pairs(totals) do totals[kind] = totals[kind] + (report[kind] or 0) end
    end
  end
  result.notes[#result.notes + 1] = koers.text{ nl = "In de opgaven over ", en = "In the returns for " } .. result.judged_school_year
    .. koers.text{ nl = " samen: ", en = " together: " } .. activities(totals.stages, totals.werkbezoeken, totals.praktijkopdrachten) .. "."
end
return result
