-- focus_districts: how far the covenant reaches into Amsterdam's focus districts.
--
-- The covenant asks the partners to give "bijzondere aandacht" to the focus districts (Noord,
-- Nieuw-West, Zuidoost). Per focus district this plugin counts the vo schools, those with a
-- learning route that is being developed or runs (not stopped), and those that took part in a
-- decanenoverleg this school year; a focus district without any school with a route is flagged.
local koers = require("koers")

local words = {
  nl = {
    title = "Bereik in de focusgebieden",
    intro = "Per focusgebied: de vo-scholen, hoeveel daarvan een leerroute hebben (in ontwikkeling of lopend) "
      .. "en hoeveel dit schooljaar aan een decanenoverleg deelnamen.",
    columns = { "Focusgebied", "Vo-scholen", "Met een leerroute", "Bij een decanenoverleg", "Aandeel met een leerroute" },
    bars = "Aandeel scholen met een leerroute",
    none = "Focusgebied %s: geen van de %d vo-scholen heeft een leerroute",
    none_one = "Focusgebied %s: de enige vo-school heeft geen leerroute",
  },
  en = {
    title = "Reach in the focus districts",
    intro = "Per focus district: the vo schools, how many have a learning route (in development or running) "
      .. "and how many took part in a decanenoverleg this school year.",
    columns = { "Focus district", "vo schools", "With a route", "At a decanenoverleg", "Share with a route" },
    bars = "Share of schools with a route",
    none = "Focus district %s: none of its %d vo schools has a route",
    none_one = "Focus district %s: its only vo school has no route",
  },
}

--- Per focus district: { district, schools, with_route, at_meeting }.
local function coverage(state)
  local route_schools, meeting_schools = {}, {}
  for _, route in ipairs(state.routes) do
    if route.stage ~= "gestopt" and koers.reached(state, route, "in-ontwikkeling") then
      for _, id in ipairs(route.schools) do route_schools[id] = true end
    end
  end
  for _, event in ipairs(state.events) do
    if event.kind == "decanenoverleg" and event.school_year == state.school_year then
      for _, id in ipairs(event.participants) do meeting_schools[id] = true end
    end
  end
  local out = {}
  for _, district in ipairs(state.covenant.focus_districts) do
    local schools = koers.filter(state.schools, function(s) return s.stadsdeel == district end)
    out[#out + 1] = {
      district = district, schools = #schools,
      with_route = koers.count(schools, function(s) return route_schools[s.id] end),
      at_meeting = koers.count(schools, function(s) return meeting_schools[s.id] end),
    }
  end
  return out
end

return {
  name = "focus_districts",
  version = "1.0.0",
  api = 1,
  description = "Bereik van routes en decanenoverleg in de focusgebieden",

  derive = function(state)
    return { districts = coverage(state) }
  end,

  checks = function(state)
    local w = words[lang] or words.nl
    local findings = {}
    for _, line in ipairs(state.derived.focus_districts.districts) do
      if line.schools > 0 and line.with_route == 0 then
        local message = line.schools == 1 and w.none_one:format(line.district) or w.none:format(line.district, line.schools)
        findings[#findings + 1] = { severity = "warning", message = message }
      end
    end
    return findings
  end,

  sections = function(state, results)
    local w = words[lang] or words.nl
    local rows, bars = {}, {}
    for _, line in ipairs(state.derived.focus_districts.districts) do
      local share = line.schools > 0 and (100 * line.with_route // line.schools) or 0
      rows[#rows + 1] = { line.district, line.schools, line.with_route, line.at_meeting, share .. "%" }
      bars[#bars + 1] = { label = line.district, value = share }
    end
    return {
      { title = w.title, blocks = {
        { type = "paragraph", text = w.intro },
        { type = "table", columns = w.columns, rows = rows },
        { type = "bars", title = w.bars, unit = "%", items = bars },
      } },
    }
  end,
}
