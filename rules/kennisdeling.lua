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

-- The forms in words (the codes are those of events.csv).
local form_names = {
  docentstage = koers.text{ nl = { one = "docentstage", other = "docentstages" }, en = { one = "teacher placement", other = "teacher placements" } },
  lesbezoek = koers.text{ nl = { one = "lesbezoek", other = "lesbezoeken" }, en = { one = "class visit", other = "class visits" } },
  inspiratietour = koers.text{ nl = { one = "inspiratietour", other = "inspiratietours" }, en = { one = "inspiration tour", other = "inspiration tours" } },
  workshop = koers.text{ nl = { one = "workshop", other = "workshops" }, en = { one = "workshop", other = "workshops" } },
}
local function form_name(form) return (form_names[form] or { one = form, other = form }).one end

local notes = {}
for _, year in ipairs(koers.group(activities, function(e) return e.school_year end)) do
  local forms = koers.map(koers.group(year.items, function(e) return e.form end), function(g)
    return koers.quantity(#g.items, form_names[g.key] or g.key)
  end)
  local participants = {}
  for _, activity in ipairs(year.items) do
    for _, id in ipairs(activity.participants) do participants[#participants + 1] = id end
  end
  local schools = koers.distinct(koers.filter(participants, function(id) return vo_schools[id] ~= nil end))
  local institutions = koers.distinct(koers.filter(participants, function(id) return mbo[id] ~= nil end))
  notes[#notes + 1] = year.key .. ": " .. table.concat(forms, ", ") .. koers.text{
    nl = "; deelname: " .. koers.quantity(#schools, { one = "vo-school", other = "vo-scholen" }) .. ", "
      .. koers.quantity(#institutions, { one = "mbo-instelling of -college", other = "mbo-instellingen of -colleges" }) .. ".",
    en = "; taking part: " .. koers.quantity(#schools, { one = "vo school", other = "vo schools" }) .. ", "
      .. koers.quantity(#institutions, { one = "mbo institution or college", other = "mbo institutions or colleges" }) .. ".",
  }
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
  local since = koers.long_date(first_of_previous)
  contributions[#contributions + 1] = { institution = institution.id, kind = #joined > 0 and "contributes" or "missing",
    detail = #joined > 0 and (koers.text{ nl = #joined .. "× deelgenomen sinds " .. since .. ": ", en = "took part " .. #joined .. "× since " .. since .. ": " }
      .. table.concat(koers.map(joined, function(e) return e.title .. " (" .. koers.long_date(e.date) .. ")" end), "; "))
      or koers.text{ nl = "niet deelgenomen sinds " .. since, en = "has not taken part since " .. since } }
end
for _, school in ipairs(koers.parties(state.schools)) do
  local joined = joined_by[school.id] or {}
  if koers.waiver(target, school.id) then
    contributions[#contributions + 1] = { school = school.id, kind = "waived" }
  elseif #joined > 0 then
    contributions[#contributions + 1] = { school = school.id, kind = "contributes",
      detail = table.concat(koers.map(joined, function(e) return e.title .. " (" .. koers.long_date(e.date) .. ")" end), "; ") }
  else
    local since = koers.long_date(first_of_previous)
    contributions[#contributions + 1] = { school = school.id, kind = "missing",
      detail = koers.text{ nl = "niet deelgenomen sinds " .. since, en = "has not taken part since " .. since } }
  end
end

return koers.judge_yearly {
  state = state, target = target, records = activities,
  planned = koers.filter(state.planned_events, function(e) return e.kind == "kennisdeling" end),
  label = function(e) return e.title .. " (" .. form_name(e.form) .. ", " .. koers.long_date(e.date) .. ")" end,
  -- The events register is as fresh as its newest event of any kind: a year without a
  -- meeting of this kind is then a year not met, not a year without data.
  contributions = contributions, notes = notes, data_as_of = koers.latest_date(state.events),
}
