-- routes-vmbo-k: "Tweeëntwintig Amsterdamse vo-scholen bieden vmbo-kader aan. Per 1 januari 2024 zijn
-- er geen scholen die een leerroute vmbo-k naar mbo aanbieden. We spreken daarom af dat we elk
-- schooljaar minstens één nieuwe leerroute ontwikkelen. Dit betekent dat er in juli 2027 drie
-- nieuwe leerroutes vmbo-k naar niveau 4 zijn."
--
-- Reading (a choice): a route counts, like vmbo-b's, from the day it reached 'in-ontwikkeling'
-- (the covenant says "ontwikkelen"), if that was on or after 1 January 2024 and it has not
-- stopped: a DLR or GLR from vmbo-k to niveau 4. Routes count, not schools. Each whole school
-- year needs at least one new route; a route begun between 1 January 2024 and the first whole
-- school year counts for that first year.
local koers = require("koers")

-- The day each route began to be developed, looked up once.
local developed_since = {}
for _, route in ipairs(state.routes) do developed_since[route.id] = koers.reached(state, route, "in-ontwikkeling") end

local function new_route(route)
  local since = developed_since[route.id]
  return (route.kind == "DLR" or route.kind == "GLR") and route.from_level == "vmbo-k" and route.to_level == 4
    and route.stage ~= "gestopt" and since ~= nil and since >= target.baseline.date
end

local routes = koers.filter(state.routes, new_route)
local years = koers.judged_school_years(target)
local function counting_year(route)
  local year = koers.school_year(developed_since[route.id])
  return year < years[1] and years[1] or year
end

-- The cadence: one new route in every whole school year that has ended.
local findings, notes = {}, {}
local missed = 0
for _, year in ipairs(years) do
  local _, last = koers.school_year_bounds(year)
  local new = koers.count(routes, function(r) return counting_year(r) == year end)
  if last < state.as_of then
    if new == 0 then
      missed = missed + 1
      findings[#findings + 1] = { severity = "problem", message = year .. ": geen nieuwe leerroute vmbo-k — de afspraak is minstens één per schooljaar." }
    else
      notes[#notes + 1] = year .. ": " .. new .. " nieuwe route(s)."
    end
  elseif year == state.school_year then
    notes[#notes + 1] = year .. " (lopend): " .. new .. " nieuwe route(s) tot nu toe."
  end
end

local routes_of = koers.index_all(routes, function(r) return r.schools end)
local contributions = {}
for _, school in ipairs(koers.filter(state.schools, function(s) return koers.contains(s.levels, "vmbo-k") end)) do
  local own = routes_of[school.id] or {}
  if #own > 0 then
    contributions[#contributions + 1] = { school = school.id, kind = "contributes",
      detail = table.concat(koers.map(own, function(r) return r.name .. " (" .. r.stage .. ")" end), "; ") }
  elseif koers.waiver(target, school.id) then
    contributions[#contributions + 1] = { school = school.id, kind = "waived" }
  else
    contributions[#contributions + 1] = { school = school.id, kind = "missing", detail = "nog geen nieuwe leerroute vmbo-k naar niveau 4" }
  end
end

for _, note in ipairs(koers.route_focus_notes(state, routes)) do notes[#notes + 1] = note end
local result = koers.judge_count {
  state = state, target = target, value = #routes,
  counted = koers.map(routes, function(r)
    return { label = r.name .. " (in ontwikkeling sinds " .. developed_since[r.id] .. ")", source = r.source }
  end),
  contributions = contributions, findings = findings, notes = notes,
}
-- A missed school year cannot be made up by the count alone: at best a risk, unless the target is reached.
if result.status ~= "achieved" and state.as_of <= target.target.deadline then
  if missed >= 2 then result.status = "behind"
  elseif missed == 1 then result.status = koers.worse(result.status, "at_risk") end
end
return result
