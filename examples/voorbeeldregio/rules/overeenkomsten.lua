-- overeenkomsten (verzonnen convenant): "Elke doorlopende leerroute heeft een getekende
-- samenwerkingsovereenkomst met de acht verplichte onderdelen." Het voorbeeldconvenant plant vijf
-- routes; op 1 januari 2024 had één een volledige overeenkomst (1 → 5 in juli 2028).
--
-- De wet (OCW, "Conferentie Sterk beroepsonderwijs", 26-9-2022, shared/seeds/004, dia
-- "Samenwerkingsovereenkomst") vraagt dat de overeenkomst regelt:
--   1 "Het profiel en de opleidingsdomein/kwalificatie"
--   2 "De vormgeving van de dagelijkse leiding over de leerroute en de wijze waarop de leiding
--      inlichtingen verstrekt en verantwoording aflegt aan de bevoegde gezagsorganen"
--   3 "De organisatorische en onderwijskundige inrichting"
--   4 "De inhoud van de overstapoptie"
--   5 "De wijze waarop het bedrijfsleven wordt betrokken"
--   6 "De wijze van geschilbeslechting tussen de scholen"
--   7 "De voorwaarden waaronder een andere school partij kan worden bij de overeenkomst; de
--      overeenkomst kan worden opgezegd, ontbonden of gewijzigd"
--   8 "Afspraken over de medezeggenschap"
-- en de overeenkomst wordt "vooraf" gesloten (shared/seeds/003).
--
-- Reading (the covenant leaves it open):
-- - Counted: routes of kind DLR that have a stage and have not stopped, each once, however many
--   schools take it.
-- - A route's newest signed agreement (state.tables.samenwerkingsovereenkomsten, a row counts
--   from its `signed` day) is the one in force: an amendment is signed again as a whole. The
--   route counts when that version lists all eight contents.
-- - "Vooraf": a route whose first cohort started before any agreement was signed is a warning,
--   not a reason to stop counting it (the start lies in the past; the contents are what it has now).
-- - The transfer of funding is an agreement the slides name too ("o.a. over overdracht van
--   bekostiging"), but not one of the eight: an agreement without it is mentioned, not held against it.
-- - Per school and mbo institution of the routes: contributes when all its routes count; missing
--   (with what is missing) when one of them does not.
local koers = require("koers")
local route_parties = require("route_parties")

local CONTENTS = {
  { id = "profiel-kwalificatie", nl = "profiel en kwalificatie", en = "profile and qualification" },
  { id = "dagelijkse-leiding", nl = "dagelijkse leiding", en = "daily management" },
  { id = "inrichting", nl = "organisatorische en onderwijskundige inrichting", en = "organisational and educational set-up" },
  { id = "overstapoptie", nl = "overstapoptie", en = "option to switch" },
  { id = "bedrijfsleven", nl = "betrokkenheid bedrijfsleven", en = "involvement of employers" },
  { id = "geschilbeslechting", nl = "geschilbeslechting", en = "dispute resolution" },
  { id = "toetreding-wijziging", nl = "toetreden, opzeggen en wijzigen", en = "joining, ending and amending" },
  { id = "medezeggenschap", nl = "medezeggenschap", en = "participation councils" },
}

local routes = koers.filter(state.routes, function(r)
  return r.kind == "DLR" and r.stage ~= nil and r.stage ~= "gestopt"
end)

-- Each route's first and newest signed agreement.
local first, newest = {}, {}
for _, agreement in ipairs(state.tables.samenwerkingsovereenkomsten) do
  local route = agreement.route
  if first[route] == nil or agreement.signed < first[route].signed then first[route] = agreement end
  if newest[route] == nil or agreement.signed >= newest[route].signed then newest[route] = agreement end
end

local function lacking(agreement)
  local missing = {}
  for _, content in ipairs(CONTENTS) do
    if not koers.contains(agreement.contents or {}, content.id) then
      missing[#missing + 1] = koers.text{ nl = content.nl, en = content.en }
    end
  end
  return missing
end

local value, counted, findings = 0, {}, {}
local without, incomplete = 0, 0
-- Per school or institution: the routes it takes part in and what each still lacks.
local parties = route_parties.new()

for _, route in ipairs(routes) do
  local agreement = newest[route.id]
  local gap
  if agreement == nil then
    without = without + 1
    gap = koers.text{ nl = "nog geen getekende samenwerkingsovereenkomst", en = "no signed cooperation agreement yet" }
  else
    local missing = lacking(agreement)
    if #missing == 0 then
      value = value + 1
      counted[#counted + 1] = {
        label = route.name .. koers.text{ nl = " (getekend ", en = " (signed " } .. koers.long_date(agreement.signed) .. ")",
        source = agreement.source,
      }
    else
      incomplete = incomplete + 1
      gap = koers.text{ nl = "de overeenkomst van ", en = "the agreement of " } .. koers.long_date(agreement.signed)
        .. koers.text{ nl = " regelt niet: ", en = " does not cover: " } .. table.concat(missing, ", ")
    end
    if agreement.bekostiging == false then
      findings[#findings + 1] = { severity = "info", message = route.name .. koers.text{
        nl = ": de overeenkomst regelt geen overdracht van de bekostiging (geen verplicht onderdeel; de school houdt haar eigen bekostiging).",
        en = ": the agreement does not transfer funding (not a required content; each school keeps its own funding)." } }
    end
  end
  local started = koers.reached(state, route, "eerste-cohort-gestart")
  if started ~= nil and (first[route.id] == nil or first[route.id].signed > started) then
    findings[#findings + 1] = { severity = "warning", message = route.name .. koers.text{
      nl = ": het eerste cohort begon op " .. koers.long_date(started) .. ", vóór er een samenwerkingsovereenkomst getekend was; de wet vraagt die vooraf.",
      en = ": the first cohort started on " .. koers.long_date(started) .. ", before a cooperation agreement was signed; the law asks for one beforehand." } }
  end
  parties.add(route, { gap })
end

local contributions = parties.contributions(state, target)

local notes = { koers.text{
  nl = koers.quantity(#routes, { one = "doorlopende leerroute", other = "doorlopende leerroutes" }) .. ": " .. value
    .. " met een volledige overeenkomst, " .. incomplete .. " met een overeenkomst die onderdelen mist, "
    .. without .. " nog zonder getekende overeenkomst.",
  en = koers.quantity(#routes, { one = "continuous learning route", other = "continuous learning routes" }) .. ": " .. value
    .. " with a complete agreement, " .. incomplete .. " with an agreement that lacks contents, "
    .. without .. " without a signed agreement yet.",
} }

return koers.judge_count {
  state = state, target = target, value = value,
  counted = counted, contributions = contributions, findings = findings, notes = notes,
}
