-- routes-vmbo-k: "Tweeëntwintig Amsterdamse vo-scholen bieden vmbo-kader aan. Per 1 januari 2024 zijn
-- er geen scholen die een leerroute vmbo-k naar mbo aanbieden. We spreken daarom af dat we elk
-- schooljaar minstens één nieuwe leerroute ontwikkelen. Dit betekent dat er in juli 2027 drie
-- nieuwe leerroutes vmbo-k naar niveau 4 zijn."
--
-- Reading (a choice): a route counts, like vmbo-b's, from the day it reached 'in-ontwikkeling'
-- (the covenant says "ontwikkelen"), if that was on or after 1 January 2024 and it has not
-- stopped: a DLR or GLR from vmbo-k to niveau 4. Routes count, not schools. The covenant makes
-- two promises and the rule judges both:
-- - the yearly commitment: at least one new route in every whole school year (2024-25, 2025-26,
--   2026-27); a route begun between 1 January 2024 and 1 August 2024 counts for 2024-25. A year
--   that ended without one is missed, and that makes the target `behind`, naming the year. A route
--   in 'verkenning' is the running year's plan.
-- - the end number: three new routes by 31 July 2027, along the line from 0, with whether it is
--   still reachable.
-- The status is the worse of the two; the reason says both.
local koers = require("koers")

-- The day each route began to be developed, looked up once.
local developed_since = {}
for _, route in ipairs(state.routes) do developed_since[route.id] = koers.reached(state, route, "in-ontwikkeling") end

local function kader_route(route)
  return (route.kind == "DLR" or route.kind == "GLR") and route.from_level == "vmbo-k" and route.to_level == 4
    and route.stage ~= "gestopt"
end
local function new_route(route)
  local since = developed_since[route.id]
  return kader_route(route) and since ~= nil and since >= target.baseline.date
end

local routes = koers.filter(state.routes, new_route)
local first_year = koers.school_year_bounds(koers.judged_school_years(target)[1])
-- A route counts for the school year it began in; one begun before the first whole year, for that year.
local begun = koers.map(routes, function(r)
  local since = developed_since[r.id]
  return { date = since < first_year and first_year or since, title = r.name, source = r.source }
end)
-- Routes being explored are the plan for the running school year (dated at its last day).
local _, end_of_year = koers.school_year_bounds(state.school_year)
local exploring = koers.map(koers.filter(state.routes, function(r)
  return kader_route(r) and developed_since[r.id] == nil
end), function(r) return { date = end_of_year, title = r.name, source = r.source } end)

local routes_of = koers.index_all(routes, function(r) return r.schools end)
local contributions = {}
for _, school in ipairs(koers.filter(state.schools, function(s) return koers.contains(s.levels, "vmbo-k") end)) do
  local own = routes_of[school.id] or {}
  if #own > 0 then
    contributions[#contributions + 1] = { school = school.id, kind = "contributes",
      detail = table.concat(koers.map(own, function(r) return r.name .. " (" .. koers.stage_name(r.stage) .. ")" end), "; ") }
  elseif not school.party then
    -- Not bound by the covenant: nothing is asked of it.
  elseif koers.waiver(target, school.id) then
    contributions[#contributions + 1] = { school = school.id, kind = "waived" }
  else
    -- The city needs routes, not a route per school: each school is a candidate.
    contributions[#contributions + 1] = { school = school.id, kind = "candidate",
      detail = koers.text{ nl = "nog geen nieuwe leerroute vmbo-k naar niveau 4", en = "no new learning route from vmbo-k to level 4 yet" } }
  end
end

local yearly = koers.judge_yearly {
  state = state, target = target, records = begun, planned = exploring,
  per_year = target.target.per_school_year or 1,
  unit = koers.text{ nl = { one = "nieuwe route", other = "nieuwe routes" }, en = { one = "new route", other = "new routes" } },
}
local result = koers.judge_count {
  state = state, target = target, value = #routes,
  counted = koers.map(routes, function(r)
    return { label = r.name .. koers.text{ nl = " (in ontwikkeling sinds ", en = " (in development since " } .. koers.long_date(developed_since[r.id]) .. ")",
      source = r.source }
  end),
  contributions = contributions, notes = koers.route_focus_notes(state, routes),
}
-- Both promises: the yearly commitment's school years and the end number's line and numbers.
-- The commitment starts with 2024-25 (a route begun earlier counts for it), so the run-in
-- year is no row of its own.
result.years = koers.filter(yearly.years, function(row) return row.result ~= "run_in" end)
if state.as_of < first_year then
  yearly.status = "on_track"
  yearly.reason = koers.text{
    nl = "vanaf " .. koers.school_year(first_year) .. " elk schooljaar minstens één; een route die eerder begint, telt voor "
      .. koers.school_year(first_year) .. " (nu " .. #routes .. ").",
    en = "from " .. koers.school_year(first_year) .. " at least one every school year; a route begun earlier counts for "
      .. koers.school_year(first_year) .. " (now " .. #routes .. ").",
  }
end
local reachable = ""
if result.status ~= "achieved" and state.as_of < target.target.deadline then
  -- A route can begin any day, so before the deadline the end number is still within reach.
  reachable = koers.text{
    nl = " Nog haalbaar: " .. koers.number(result.needed) .. " nodig vóór " .. koers.long_date(target.target.deadline) .. ".",
    en = " Still reachable: " .. koers.number(result.needed) .. " needed before " .. koers.long_date(target.target.deadline) .. ".",
  }
end
local achieved_both = result.status == "achieved" and yearly.status == "achieved"
result.status = achieved_both and "achieved"
  or koers.worse(result.status == "achieved" and "on_track" or result.status, yearly.status == "achieved" and "on_track" or yearly.status)
local function lower_first(text) return (text:gsub("^%u", string.lower)) end
result.reason = koers.text{ nl = "Jaarafspraak: ", en = "Yearly commitment: " } .. lower_first(yearly.reason)
  .. koers.text{ nl = " Eindaantal: ", en = " End number: " } .. lower_first(result.reason) .. reachable
return result
