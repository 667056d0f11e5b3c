-- pro-vso-roc: "We zetten ons in om alle pro/vso leerlingen die daar cognitief toe in staat zijn de
-- mogelijkheid te bieden een ROC-traject te volgen."
--
-- Reading (a choice): the share of PrO/vso students able to follow a ROC trajectory who were
-- offered one, from each PrO/vso school's newest return (pro_vso_able, pro_vso_offered), summed
-- city-wide; per school the same share. Target 100% (method "line"). The covenant gives no
-- baseline, so the first measurement is the baseline: the share in the first school year with
-- returns; the expected share follows the line from there to 100% on 31 July 2027. A school
-- without a return within the freshness limit is "geen opgave": its students are in neither
-- number, and the reason says how many schools that is.
local koers = require("koers")
local routes = koers.filter(state.routes, function(r) return r.kind == "PrO-ROC" and r.stage ~= "gestopt" end)
local notes = { #routes .. (#routes == 1 and " PrO-ROC-route" or " PrO-ROC-routes") .. " in het register." }
for _, note in ipairs(koers.route_focus_notes(state, routes)) do notes[#notes + 1] = note end
return koers.judge_school_reports {
  state = state, target = target, field = "pro_vso_able", method = "line", of = "leerlingen",
  verb = "kregen een ROC-traject aangeboden", verb_one = "kreeg een ROC-traject aangeboden",
  schools = koers.filter(koers.parties(state.schools), function(s)
    return koers.contains(s.levels, "PrO") or koers.contains(s.levels, "vso")
  end),
  -- koers validate: never more offered than able.
  measure = function(report) return report.pro_vso_offered or 0, report.pro_vso_able end,
  describe = function(report)
    return (report.pro_vso_offered or 0) .. " van de " .. report.pro_vso_able
      .. " leerlingen kregen een ROC-traject aangeboden (opgave " .. report.school_year .. ")"
  end,
  notes = notes,
}
