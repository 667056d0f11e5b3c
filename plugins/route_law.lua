-- route_law: the legal requirements of a doorlopende leerroute, per route.
--
-- Source: routes-and-law §1.5 (the checklist a tool can verify per route), from the WEB and the
-- WVO as the covenant's partners apply them. The data records each requirement that is met as a
-- row in state/route-requirements.csv (R1 … R22), with its date and evidence.
--
-- Reading taken here:
--   * what the route record itself shows is checked always: a GLR runs from vmbo-b to niveau 2
--     (R2); a DLR leads to niveau 2, 3 or 4 (R3);
--   * from the stage `overeenkomst-getekend`: the cooperation agreement (R5) and its eight
--     contents (R6–R13);
--   * from the stage `eerste-cohort-gestart`: the agreement signed before the start (R5), the
--     combined PTA/OER (R15), the DUO registration before the start (R18) and, for a DLR, the
--     vmbo diploma by route year 3 (R16);
--   * evidence that contradicts the law (a date after the start, a GLR from vmbo-k) is a
--     `problem`; evidence that is not recorded is one `warning` per route: many routes predate
--     the register;
--   * the law's route provisions are those of the DLR and the GLR; stacked (gestapeld), partial
--     and PrO-ROC routes are not checked.
local koers = require("koers")

local words = {
  nl = {
    title = "Wettelijke eisen per route",
    intro = "Per route die loopt of wordt voorbereid: wat de wet vraagt en wat in het register staat. "
      .. "✓ vastgelegd, ✗ in strijd met de eis, ? niet vastgelegd, – nog niet aan de orde.",
    columns = { "Route", "Soort", "Fase", "GLR b→2 / DLR-niveau", "Overeenkomst vóór start", "Inhoud overeenkomst",
                "PTA/OER", "DUO vóór start", "vmbo-diploma uiterlijk jaar 3" },
    glr = "%s is een GLR van %s naar niveau %s; een GLR loopt van vmbo-b naar niveau 2 (R2)",
    dlr = "%s is een DLR naar niveau %s; een DLR leidt naar niveau 2, 3 of 4 (R3)",
    late = "%s: %s vastgelegd op %s, na de start op %s (%s moet vóór de start)",
    missing = "%s: niet vastgelegd: %s",
    contents = "%d van de 8 onderdelen van de overeenkomst (R6–R13)",
    names = { R5 = "de samenwerkingsovereenkomst (R5)", R15 = "het gecombineerde PTA/OER (R15)",
              R18 = "de registratie bij DUO (R18)", R16 = "het vmbo-examen uiterlijk in routejaar 3 (R16)" },
  },
  en = {
    title = "Legal requirements per route",
    intro = "For every route running or in preparation: what the law asks and what the register records. "
      .. "✓ recorded, ✗ against the requirement, ? not recorded, – not yet due.",
    columns = { "Route", "Kind", "Stage", "GLR b→2 / DLR level", "Agreement before start", "Agreement contents",
                "PTA/OER", "DUO before start", "vmbo diploma by year 3" },
    glr = "%s is a GLR from %s to level %s; a GLR runs from vmbo-b to level 2 (R2)",
    dlr = "%s is a DLR to level %s; a DLR leads to level 2, 3 or 4 (R3)",
    late = "%s: %s recorded on %s, after the start on %s (%s must come before the start)",
    missing = "%s: not recorded: %s",
    contents = "%d of the 8 parts of the agreement (R6–R13)",
    names = { R5 = "the cooperation agreement (R5)", R15 = "the combined PTA/OER (R15)",
              R18 = "the DUO registration (R18)", R16 = "the vmbo exam by route year 3 (R16)" },
  },
}

--- The first record of requirement `code` for `route`, or nil.
local function requirement(route, code)
  return koers.find(route.requirements, function(r) return r.requirement == code end)
end

--- What the law asks of `route` on the state's day: a list of { code, state, date, message },
--- state one of "met", "violated", "missing", "not_due".
local function assess(state, route)
  local out = {}
  -- `date`: the day a requirement was recorded, for one recorded too late.
  local function add(code, verdict, date) out[#out + 1] = { code = code, state = verdict, date = date } end
  if route.kind == "GLR" then
    add("R2", (route.from_level == "vmbo-b" and route.to_level == 2) and "met" or "violated")
  elseif route.kind == "DLR" then
    local ok = route.to_level == 2 or route.to_level == 3 or route.to_level == 4
    add("R3", ok and "met" or "violated")
  end
  local signed = koers.reached(state, route, "overeenkomst-getekend")
  local started = koers.reached(state, route, "eerste-cohort-gestart")
  local function before_start(code)
    local record = requirement(route, code)
    if not started then
      add(code, record and "met" or (signed and code == "R5" and "missing" or "not_due"))
    elseif not record then
      add(code, "missing")
    else
      add(code, record.date <= started and "met" or "violated", record.date)
    end
  end
  before_start("R5")
  local contents = 0
  for n = 6, 13 do if requirement(route, "R" .. n) then contents = contents + 1 end end
  out.contents = signed and contents or nil
  for _, code in ipairs({ "R15", "R18" }) do
    if code == "R18" then before_start(code)
    else add(code, started and (requirement(route, code) and "met" or "missing") or "not_due") end
  end
  if route.kind == "DLR" then
    add("R16", started and (requirement(route, "R16") and "met" or "missing") or "not_due")
  end
  out.started, out.signed = started, signed
  return out
end

--- The routes the law applies to now: DLRs and GLRs, not stopped, past the first talks.
local function relevant(state)
  return koers.filter(state.routes, function(route)
    return (route.kind == "DLR" or route.kind == "GLR") and route.stage ~= "gestopt" and route.stage ~= "verkenning"
  end)
end

local function by_code(assessment)
  local out = {}
  for _, item in ipairs(assessment) do out[item.code] = item end
  return out
end

return {
  name = "route_law",
  version = "1.0.0",
  api = 1,
  description = "De wettelijke eisen per doorlopende leerroute (routes-and-law §1.5)",

  --- Per route id: the requirements still missing or violated, for rules and later plugins.
  derive = function(state)
    local out = {}
    for _, route in ipairs(relevant(state)) do
      local open = {}
      for _, item in ipairs(assess(state, route)) do
        if item.state == "missing" or item.state == "violated" then open[#open + 1] = item.code end
      end
      out[route.id] = { open = open, complete = #open == 0 }
    end
    return out
  end,

  checks = function(state)
    local w = words[lang] or words.nl
    local findings = {}
    for _, route in ipairs(relevant(state)) do
      local assessment = assess(state, route)
      local missing = {}
      for _, item in ipairs(assessment) do
        if item.state == "violated" and (item.code == "R2" or item.code == "R3") then
          local message = item.code == "R2" and w.glr:format(route.name, route.from_level, tostring(route.to_level))
            or w.dlr:format(route.name, tostring(route.to_level))
          findings[#findings + 1] = { severity = "problem", message = message, source = route.source }
        elseif item.state == "violated" then
          findings[#findings + 1] = { severity = "problem", source = route.source,
            message = w.late:format(route.name, item.code, koers.long_date(item.date), koers.long_date(assessment.started), item.code) }
        elseif item.state == "missing" then
          missing[#missing + 1] = w.names[item.code]
        end
      end
      if assessment.contents and assessment.contents < 8 then missing[#missing + 1] = w.contents:format(assessment.contents) end
      if #missing > 0 then
        findings[#findings + 1] = { severity = "warning", source = route.source,
          message = w.missing:format(route.name, table.concat(missing, ", ")) }
      end
    end
    return findings
  end,

  sections = function(state, results)
    local w = words[lang] or words.nl
    local mark = { met = "✓", violated = "✗", missing = "?", not_due = "–" }
    local rows = {}
    for _, route in ipairs(relevant(state)) do
      local assessment = assess(state, route)
      local codes = by_code(assessment)
      local function cell(code) return codes[code] and mark[codes[code].state] or "–" end
      rows[#rows + 1] = {
        route.name, route.kind, koers.stage_name(route.stage), codes.R2 and cell("R2") or cell("R3"), cell("R5"),
        assessment.contents and (assessment.contents .. "/8") or "–", cell("R15"), cell("R18"), cell("R16"),
      }
    end
    return {
      { title = w.title, blocks = {
        { type = "paragraph", text = w.intro },
        { type = "table", columns = w.columns, rows = rows },
      } },
    }
  end,

  helpers = {
    --- The requirement codes still missing or violated for `route` on the state's day.
    open_requirements = function(state, route)
      local open = {}
      for _, item in ipairs(assess(state, route)) do
        if item.state == "missing" or item.state == "violated" then open[#open + 1] = item.code end
      end
      return open
    end,
  },
}
