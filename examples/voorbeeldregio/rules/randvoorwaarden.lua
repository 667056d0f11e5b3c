-- randvoorwaarden (verzonnen convenant): "Elke doorlopende leerroute heeft een gecombineerd PTA/OER
-- met het vmbo-diploma uiterlijk in leerjaar 3 en is bij DUO aangemeld." Vijf geplande routes; op
-- 1 januari 2024 voldeed er één (1 → 5 in juli 2028).
--
-- De randvoorwaarden van de wet (OCW, "Conferentie Sterk beroepsonderwijs", 26-9-2022,
-- shared/seeds/004, dia "Randvoorwaarden"):
--   "Gecombineerde PTA/OER — Onderwijs kan worden verzorgd op een vmbo-en/of mbo school —
--    Het vmbo diploma moet (uiterlijk) in het derde leerjaar van de leerroute behaald worden
--    (alleen bij DLR)"
--   "Aanmelden route bij DUO — RIO (bij opleidingenaanbod) — ROD (opleidingskenmerk (DLR GLR) en fase)"
--
-- Reading (the covenant leaves it open):
-- - Counted: routes of kind DLR that have a stage and have not stopped, each once.
-- - PTA/OER: the route's newest adopted PTA/OER (state.tables.examenregelingen, the latest school
--   year; a row counts from its `adopted` day) is one combined document (`combined` ja) and puts
--   the vmbo diploma in route year 1, 2 or 3 (`vmbo_diploma_leerjaar` at most 3).
-- - DUO: the route reached the stage 'duo-registratie' (or a later one) in state/route-stages.csv.
-- - A running route (first cohort started) without a PTA/OER for the running school year is a
--   warning: its newest one still counts, but it should be renewed.
-- - Per school and mbo institution of the routes: contributes when all its routes meet both
--   conditions; missing, with what is missing, when one does not.
local koers = require("koers")
local route_parties = require("route_parties")

local routes = koers.filter(state.routes, function(r)
  return r.kind == "DLR" and r.stage ~= nil and r.stage ~= "gestopt"
end)

-- Each route's newest PTA/OER: the latest school year, then the latest adoption.
local newest = {}
for _, rules in ipairs(state.tables.examenregelingen) do
  local current = newest[rules.route]
  if current == nil or rules.school_year > current.school_year
    or (rules.school_year == current.school_year and rules.adopted >= current.adopted) then
    newest[rules.route] = rules
  end
end

local value, counted, findings = 0, {}, {}
local parties = route_parties.new()

for _, route in ipairs(routes) do
  local gaps = {}
  local rules = newest[route.id]
  if rules == nil then
    gaps[#gaps + 1] = koers.text{ nl = "geen PTA/OER vastgesteld", en = "no PTA/OER adopted" }
  else
    if not rules.combined then
      gaps[#gaps + 1] = koers.text{ nl = "het PTA/OER " .. rules.school_year .. " is niet gecombineerd",
                                    en = "the PTA/OER " .. rules.school_year .. " is not combined" }
    end
    if rules.vmbo_diploma_leerjaar > 3 then
      gaps[#gaps + 1] = koers.text{
        nl = "het vmbo-diploma valt pas in leerjaar " .. rules.vmbo_diploma_leerjaar .. " van de route (uiterlijk leerjaar 3)",
        en = "the vmbo diploma falls in route year " .. rules.vmbo_diploma_leerjaar .. " (route year 3 at the latest)" }
    end
  end
  local registered = koers.reached(state, route, "duo-registratie")
  if registered == nil then
    gaps[#gaps + 1] = koers.text{ nl = "niet bij DUO aangemeld (RIO/ROD)", en = "not registered with DUO (RIO/ROD)" }
  end
  if #gaps == 0 then
    value = value + 1
    counted[#counted + 1] = {
      label = route.name .. koers.text{ nl = " (PTA/OER ", en = " (PTA/OER " } .. rules.school_year
        .. koers.text{ nl = ", bij DUO sinds ", en = ", with DUO since " } .. koers.long_date(registered) .. ")",
      source = rules.source,
    }
  end
  local started = koers.reached(state, route, "eerste-cohort-gestart")
  if started ~= nil and rules ~= nil and rules.school_year < state.school_year then
    findings[#findings + 1] = { severity = "warning", message = route.name .. koers.text{
      nl = ": geen PTA/OER voor " .. state.school_year .. "; het nieuwste is van " .. rules.school_year .. ".",
      en = ": no PTA/OER for " .. state.school_year .. "; the newest is for " .. rules.school_year .. "." } }
  end
  parties.add(route, gaps)
end

local contributions = parties.contributions(state, target)

return koers.judge_count {
  state = state, target = target, value = value,
  counted = counted, contributions = contributions, findings = findings,
}
