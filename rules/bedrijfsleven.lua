-- bedrijfsleven: "We betrekken het bedrijfsleven actief door middel van stages, werkbezoeken en
-- bijvoorbeeld praktijkopdrachten. Zo doen leerlingen directe ervaring op in een realistische
-- werkomgeving."
--
-- Reading (covenant.md marks it a choice): the covenant names no number, so every vo school should
-- report at least one such activity (stage, werkbezoek or praktijkopdracht) per school year; this
-- holds from the start, so 100% of the schools is expected now. Each school counts by its newest
-- report.
local koers = require("koers")

local latest = koers.latest_reports(state.school_reports, "business_activities")
local totals = { stages = 0, werkbezoeken = 0, praktijkopdrachten = 0 }
for _, report in pairs(latest) do
  for kind in pairs(totals) do totals[kind] = totals[kind] + (report[kind] or 0) end
end

return koers.judge_school_reports {
  state = state, target = target, field = "business_activities", expected = target.target.value,
  schools = state.schools,
  meets = function(report) return report.business_activities >= 1 end,
  describe = function(report)
    return (report.stages or 0) .. " stages, " .. (report.werkbezoeken or 0) .. " werkbezoeken, "
      .. (report.praktijkopdrachten or 0) .. " praktijkopdrachten (opgave " .. report.school_year .. ")"
  end,
  notes = { "In de nieuwste opgaven samen: " .. totals.stages .. " stages, " .. totals.werkbezoeken .. " werkbezoeken, "
    .. totals.praktijkopdrachten .. " praktijkopdrachten." },
}
