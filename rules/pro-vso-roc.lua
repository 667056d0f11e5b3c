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
local notes = { koers.quantity(#routes, { one = "PrO-ROC-route", other = "PrO-ROC-routes" })
  .. koers.text{ nl = " in het register.", en = " in the register." } }
for _, note in ipairs(koers.route_focus_notes(state, routes)) do notes[#notes + 1] = note end
return koers.judge_school_reports {
  state = state, target = target, field = "pro_vso_able", method = "line",
  of = koers.text{ nl = { one = "leerling", other = "leerlingen" }, en = { one = "pupil", other = "pupils" } },
  verb = koers.text{ nl = "kregen een ROC-traject aangeboden", en = "were offered a ROC programme" },
  verb_one = koers.text{ nl = "kreeg een ROC-traject aangeboden", en = "was offered a ROC programme" },
  schools = koers.filter(koers.parties(state.schools), function(s)
    return koers.contains(s.levels, "PrO") or koers.contains(s.levels, "vso")
  end),
  -- koers validate: never more offered than able.
  measure = function(report) return report.pro_vso_offered or 0, report.pro_vso_able end,
  describe = function(report)
    local offered, able = report.pro_vso_offered or 0, report.pro_vso_able
    return koers.text{
      nl = offered .. " van de " .. koers.quantity(able, { one = "leerling", other = "leerlingen" })
        .. (offered == 1 and " kreeg" or " kregen") .. " een ROC-traject aangeboden (opgave " .. report.school_year .. ")",
      en = offered .. " of " .. koers.quantity(able, { one = "pupil", other = "pupils" })
        .. (offered == 1 and " was" or " were") .. " offered a ROC programme (return " .. report.school_year .. ")",
    }
  end,
  notes = notes,
}
