-- routes-vmbo-t: "Montessori college Terra Nova (voorheen Ijburg college) biedt als enige in de stad
-- deze leerroute aan. Deze route verloopt naar het ROCvA. De opgedane kennis delen zij actief met
-- andere scholen. We spreken af dat er in juli 2027 vier vo-scholen starten met een doorlopende
-- leerroute vmbo-t naar niveau 4."
--
-- Reading (covenant.md marks it a choice): "in juli 2027 ... starten" cannot mean that a first
-- cohort has started by July 2027, because cohorts start in August: from August 2026 on that
-- reading would make the target impossible a year before its deadline. A school therefore counts
-- once its DLR or GLR from vmbo-gt to niveau 4 is registered with DUO (stage 'duo-registratie':
-- its first cohort can start in the next August) or has started, on or after 1 January 2024, and
-- the route has not stopped. A school whose route already ran on 1 January 2024 (Terra Nova) does
-- not count towards the four: it does not start, it shares what it learns. A school with two
-- routes counts once.
local koers = require("koers")

local function vmbo_t_route(route)
  return (route.kind == "DLR" or route.kind == "GLR") and route.from_level == "vmbo-gt" and route.to_level == 4
end
local function started(route)
  return koers.reached(state, route, "eerste-cohort-gestart")
end
local function registered(route)
  return koers.reached(state, route, "duo-registratie")
end

-- Schools whose route was already running on the baseline day.
local already = {}
for _, route in ipairs(koers.filter(state.routes, vmbo_t_route)) do
  local since = started(route)
  if since ~= nil and since < target.baseline.date then
    for _, school in ipairs(route.schools) do already[school] = route end
  end
end

local routes = koers.filter(state.routes, function(r)
  local since = registered(r)
  return vmbo_t_route(r) and r.stage ~= "gestopt" and since ~= nil and since >= target.baseline.date
end)
local route_of_school = {}
for _, route in ipairs(routes) do
  for _, school in ipairs(route.schools) do
    if not already[school] then route_of_school[school] = route end
  end
end
-- Only routes of schools that count: a second route of a school that already ran one does not.
routes = koers.filter(routes, function(r)
  return koers.find(r.schools, function(school) return not already[school] end) ~= nil
end)

-- Routes on their way (not stopped), to say what a school that does not count yet is preparing.
local coming_of = koers.index_all(koers.filter(state.routes, function(r)
  return vmbo_t_route(r) and r.stage ~= "gestopt"
end), function(r) return r.schools end)

local contributions, value, notes = {}, 0, {}
for _, school in ipairs(koers.filter(state.schools, function(s) return koers.contains(s.levels, "vmbo-gt") end)) do
  local route = route_of_school[school.id]
  if already[school.id] then
    local since = koers.long_date(started(already[school.id]))
    notes[#notes + 1] = school.name .. koers.text{
      nl = " biedt de route al sinds " .. since .. " aan en telt niet mee voor de " .. koers.number(target.target.value) .. ".",
      en = " has offered the route since " .. since .. " and does not count towards the " .. koers.number(target.target.value) .. ".",
    }
  elseif route then
    value = value + 1
    contributions[#contributions + 1] = { school = school.id, kind = "contributes",
      detail = route.name .. (started(route)
        and koers.text{ nl = " (eerste cohort gestart op ", en = " (first cohort started on " } .. koers.long_date(started(route)) .. ")"
        or koers.text{ nl = " (bij DUO geregistreerd op ", en = " (registered with DUO on " } .. koers.long_date(registered(route))
          .. koers.text{ nl = "; het eerste cohort start in augustus)", en = "; the first cohort starts in August)" }) }
  elseif not school.party then
    -- Not bound by the covenant: nothing is asked of it.
  elseif koers.waiver(target, school.id) then
    contributions[#contributions + 1] = { school = school.id, kind = "waived" }
  else
    -- The city needs four schools, not every one: each school is a candidate.
    local coming = (coming_of[school.id] or {})[1]
    contributions[#contributions + 1] = { school = school.id, kind = "candidate",
      detail = coming and (coming.name .. ": " .. koers.stage_name(coming.stage) .. koers.text{ nl = ", telt vanaf de DUO-registratie", en = ", counts from its registration with DUO" })
        or koers.text{ nl = "nog geen leerroute vmbo-t naar niveau 4", en = "no learning route from vmbo-t to level 4 yet" } }
  end
end

local preparing = koers.count(state.routes, function(r)
  return vmbo_t_route(r) and r.stage ~= "gestopt" and registered(r) == nil
end)
local running = koers.count(routes, function(r) return started(r) ~= nil end)
notes[#notes + 1] = koers.text{
  nl = running .. " van de " .. koers.quantity(#routes, { one = "getelde route", other = "getelde routes" }) .. (running == 1 and " loopt" or " lopen")
    .. " al (eerste cohort gestart); " .. koers.quantity(preparing, { one = "route is", other = "routes zijn" })
    .. " in voorbereiding (nog niet bij DUO geregistreerd).",
  en = running .. " of " .. koers.quantity(#routes, { one = "counted route", other = "counted routes" }) .. (running == 1 and " already runs" or " already run")
    .. " (first cohort started); " .. koers.quantity(preparing, { one = "route is", other = "routes are" })
    .. " being prepared (not yet registered with DUO).",
}
for _, note in ipairs(koers.route_focus_notes(state, routes)) do notes[#notes + 1] = note end

return koers.judge_count {
  state = state, target = target, value = value,
  counted = koers.map(routes, function(r) return { label = r.name, source = r.source } end),
  contributions = contributions, notes = notes,
}
