-- routes-vmbo-b: "Vierentwintig Amsterdamse vo-scholen bieden vmbo-basis aan. Per 1 januari 2024
-- bieden vier van deze scholen een leerroute vo-mbo aan. We spreken af dat in juli 2027 twaalf
-- vmbo-b scholen samen met het Amsterdamse mbo een leerroute vo-mbo ontwikkelen."
--
-- Reading (covenant.md marks it a choice): a school counts once it has a DLR or GLR from vmbo-b
-- in the stage 'in-ontwikkeling' or later (not stopped); a school with two routes counts once.
-- Gestapelde and gedeeltelijke routes are formally no leerroute and do not count.
local koers = require("koers")

local function counts(route)
  return (route.kind == "DLR" or route.kind == "GLR") and route.from_level == "vmbo-b"
    and route.stage ~= "verkenning" and route.stage ~= "gestopt"
end

local routes = koers.filter(state.routes, counts)
local route_of_school = {}
for _, route in ipairs(routes) do
  for _, school in ipairs(route.schools) do route_of_school[school] = route end
end

-- Any vmbo-b route a school explores, counting or not, to say why it does not count yet.
local explored_by = koers.index_all(koers.filter(state.routes, function(r)
  return (r.kind == "DLR" or r.kind == "GLR") and r.from_level == "vmbo-b"
end), function(r) return r.schools end)

local contributions, value = {}, 0
for _, school in ipairs(koers.filter(state.schools, function(s) return koers.contains(s.levels, "vmbo-b") end)) do
  local route = route_of_school[school.id]
  if route then
    value = value + 1
    contributions[#contributions + 1] = { school = school.id, kind = "contributes",
      detail = route.name .. " (" .. koers.stage_name(route.stage) .. koers.text{ nl = ", sinds ", en = ", since " } .. koers.long_date(route.stage_since) .. ")" }
  elseif not school.party then
    -- Not bound by the covenant: its route counts for the city, nothing is asked of it.
  elseif koers.waiver(target, school.id) then
    contributions[#contributions + 1] = { school = school.id, kind = "waived" }
  else
    -- The city needs a number of schools, not each one: every school without a route is a
    -- candidate, and the gap report shares what is still needed out over them.
    local exploring = (explored_by[school.id] or {})[1]
    contributions[#contributions + 1] = { school = school.id, kind = "candidate",
      detail = exploring and (exploring.name .. ": " .. koers.stage_name(exploring.stage) .. (exploring.stage == "gestopt"
          and koers.text{ nl = ", telt niet mee", en = ", does not count" }
          or koers.text{ nl = ", telt vanaf de fase in ontwikkeling", en = ", counts from the stage in development" }))
        or koers.text{ nl = "nog geen leerroute vmbo-b", en = "no vmbo-b learning route yet" } }
  end
end

local running = koers.count(routes, function(r) return r.stage == "eerste-cohort-gestart" end)
local notes = { koers.text{
  nl = running .. " van de " .. koers.quantity(#routes, { one = "route", other = "routes" }) .. (running == 1 and " loopt" or " lopen") .. " (eerste cohort gestart).",
  en = running .. " of " .. koers.quantity(#routes, { one = "route", other = "routes" }) .. (running == 1 and " runs" or " run") .. " (first cohort started).",
} }
for _, note in ipairs(koers.route_focus_notes(state, routes)) do notes[#notes + 1] = note end

return koers.judge_count {
  state = state, target = target, value = value,
  counted = koers.map(routes, function(r) return { label = r.name, source = r.source } end),
  contributions = contributions, notes = notes,
}
