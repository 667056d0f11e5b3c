-- kennisdeling: "We organiseren jaarlijks professionaliseringsbijeenkomsten voor docenten in de vorm
-- van docentstages, lesbezoeken, inspiratietours en workshops. Docenten krijgen de ruimte om aan
-- deze bijeenkomsten mee te doen. [...] zorgt ervoor dat vo- en mbo-docenten elkaar leren kennen."
--
-- Reading (a choice): at least one kennisdeling activity, of any form, in every whole school year;
-- each year a commitment of its own; the running year pro rata, with the activities planned ahead.
-- Reported per school year by form, with vo and mbo participation. A
-- school contributes when it took part in the running or the previous school year.
local koers = require("koers")

local activities = koers.filter(state.events, function(e) return e.kind == "kennisdeling" end)
local vo_schools = koers.index(state.schools)
local mbo = {}
for _, institution in ipairs(state.institutions) do mbo[institution.id] = true end
local colleges_of = {}
for _, college in ipairs(state.colleges) do
  mbo[college.id] = true
  local list = colleges_of[college.institution] or {}
  list[#list + 1] = college.id
  colleges_of[college.institution] = list
end

local notes = {}
for _, year in ipairs(koers.group(activities, function(e) return e.school_year end)) do
  local forms = koers.map(koers.group(year.items, function(e) return e.form end), function(g) return g.key .. " " .. #g.items end)
  local participants = {}
  for _, activity in ipairs(year.items) do
    for _, id in ipairs(activity.participants) do participants[#participants + 1] = id end
  end
  local schools = koers.distinct(koers.filter(participants, function(id) return vo_schools[id] ~= nil end))
  local institutions = koers.distinct(koers.filter(participants, function(id) return mbo[id] ~= nil end))
  notes[#notes + 1] = year.key .. ": " .. table.concat(forms, ", ") .. "; deelname: " .. #schools .. " vo-scholen, "
    .. #institutions .. " mbo-instellingen of -colleges."
end

local first_of_previous = koers.school_year_bounds(koers.previous_school_year(state.school_year))
local recent = koers.filter(activities, function(e) return e.date >= first_of_previous end)
local joined_by = koers.index_all(recent, function(e) return e.participants end)
local contributions = {}
-- Schools and institutions take part: mbo teachers are half of kennisdeling.
for _, institution in ipairs(koers.parties(state.institutions)) do
  -- Its own teachers or its colleges' took part: the activities under its id and its colleges'
  -- ids, each once, in date order.
  local seen, joined = {}, {}
  for _, id in ipairs(colleges_of[institution.id] or {}) do
    for _, event in ipairs(joined_by[id] or {}) do seen[event] = true end
  end
  for _, event in ipairs(joined_by[institution.id] or {}) do seen[event] = true end
  for _, event in ipairs(recent) do
    if seen[event] then joined[#joined + 1] = event end
  end
  contributions[#contributions + 1] = { institution = institution.id, kind = #joined > 0 and "contributes" or "missing",
    detail = #joined > 0 and (#joined .. "× deelgenomen sinds " .. first_of_previous .. ": "
      .. table.concat(koers.map(joined, function(e) return e.title .. " (" .. e.date .. ")" end), "; "))
      or ("niet deelgenomen sinds " .. first_of_previous) }
end
for _, school in ipairs(koers.parties(state.schools)) do
  local joined = joined_by[school.id] or {}
  if koers.waiver(target, school.id) then
    contributions[#contributions + 1] = { school = school.id, kind = "waived" }
  elseif #joined > 0 then
    contributions[#contributions + 1] = { school = school.id, kind = "contributes",
      detail = table.concat(koers.map(joined, function(e) return e.title .. " (" .. e.date .. ")" end), "; ") }
  else
    contributions[#contributions + 1] = { school = school.id, kind = "missing", detail = "niet deelgenomen sinds " .. first_of_previous }
  end
end

return koers.judge_yearly {
  state = state, target = target, records = activities, unit = "bijeenkomsten",
  planned = koers.filter(state.planned_events, function(e) return e.kind == "kennisdeling" end),
  label = function(e) return e.title .. " (" .. e.form .. ", " .. e.date .. ")" end,
  -- The events register is as fresh as its newest event of any kind: a year without a
  -- meeting of this kind is then a year not met, not a year without data.
  contributions = contributions, notes = notes, data_as_of = koers.latest_date(state.events),
}
