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
local result = koers.judge_school_reports {
  state = state, target = target, field = "business_activities", method = "level",
  schools = koers.parties(state.schools),
  meets = function(report) return report.business_activities >= 1 end,
  describe = function(report)
    return koers.text{
      nl = (report.stages or 0) .. " stages, " .. (report.werkbezoeken or 0) .. " werkbezoeken, "
        .. (report.praktijkopdrachten or 0) .. " praktijkopdrachten (opgave " .. report.school_year .. ")",
      en = (report.stages or 0) .. " work placements, " .. (report.werkbezoeken or 0) .. " company visits, "
        .. (report.praktijkopdrachten or 0) .. " practical assignments (return " .. report.school_year .. ")",
    }
  end,
}
if result.judged_school_year then
  local totals = { stages = 0, werkbezoeken = 0, praktijkopdrachten = 0 }
  for _, report in ipairs(state.school_reports) do
    if report.school_year == result.judged_school_year and report.business_activities ~= nil then
      for kind in pairs(totals) do totals[kind] = totals[kind] + (report[kind] or 0) end
    end
  end
  result.notes[#result.notes + 1] = koers.text{
    nl = "In de opgaven over " .. result.judged_school_year .. " samen: " .. totals.stages .. " stages, "
      .. totals.werkbezoeken .. " werkbezoeken, " .. totals.praktijkopdrachten .. " praktijkopdrachten.",
    en = "In the returns for " .. result.judged_school_year .. " together: " .. totals.stages .. " work placements, "
      .. totals.werkbezoeken .. " company visits, " .. totals.praktijkopdrachten .. " practical assignments.",
  }
end
return result
