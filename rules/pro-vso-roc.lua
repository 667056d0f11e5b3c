-- pro-vso-roc: "We zetten ons in om alle pro/vso leerlingen die daar cognitief toe in staat zijn de
-- mogelijkheid te bieden een ROC-traject te volgen."
--
-- Reading (a choice): the share of PrO/vso students able to follow a ROC trajectory who were
-- offered one, from each PrO/vso school's newest report (pro_vso_able, pro_vso_offered), summed
-- city-wide; per school the same share. Target 100%. The covenant gives no baseline, so the
-- expected share follows a line from 0% on the baseline date to 100% at the deadline. A school
-- without a fresh report is named and its students are missing from both numbers.
local koers = require("koers")

local latest = koers.latest_reports(state.school_reports, "pro_vso_able")
local able, offered, newest = 0, 0, nil
local contributions, counted, unreported = {}, {}, {}
for _, school in ipairs(koers.filter(state.schools, function(s)
  return koers.contains(s.levels, "PrO") or koers.contains(s.levels, "vso")
end)) do
  local report = latest[school.id]
  if report ~= nil and (newest == nil or report.reported_on > newest) then newest = report.reported_on end
  if koers.waiver(target, school.id) then
    contributions[#contributions + 1] = { school = school.id, kind = "waived" }
  elseif report == nil or not koers.is_fresh(target, report.reported_on) then
    unreported[#unreported + 1] = school.id
    contributions[#contributions + 1] = { school = school.id, kind = "missing",
      detail = report and ("laatste opgave (" .. report.school_year .. ") is verouderd") or "geen opgave" }
  else
    local school_offered = report.pro_vso_offered or 0  -- koers validate: never more than able
    able, offered = able + report.pro_vso_able, offered + school_offered
    counted[#counted + 1] = { label = school.name .. " " .. report.school_year .. ": " .. school_offered .. " van "
      .. report.pro_vso_able .. " leerlingen", source = report.source }
    contributions[#contributions + 1] = { school = school.id,
      kind = school_offered >= report.pro_vso_able and "contributes" or "missing",
      detail = school_offered .. " van de " .. report.pro_vso_able .. " leerlingen kregen een ROC-traject aangeboden ("
        .. report.school_year .. ")" }
  end
end

local findings = {}
if #unreported > 0 then
  findings[#findings + 1] = { severity = "warning", message = "Zonder actuele opgave (hun leerlingen ontbreken in de telling): "
    .. table.concat(unreported, ", ") .. "." }
end
if newest == nil then
  findings[#findings + 1] = { severity = "warning", message = "Nog geen opgaven van pro/vso-scholen over pro_vso_able." }
  return { status = "no_data", target = target.target.value, contributions = contributions, findings = findings }
end

local routes = koers.filter(state.routes, function(r) return r.kind == "PrO-ROC" and r.stage ~= "gestopt" end)
local notes = { #routes .. " PrO-ROC-route(s) in het register." }
for _, note in ipairs(koers.route_focus_notes(state, routes)) do notes[#notes + 1] = note end

return koers.judge_coverage {
  state = state, target = target, numerator = offered, denominator = able, of = "leerlingen",
  counted = counted, contributions = contributions, findings = findings, notes = notes, data_as_of = newest,
}
