-- data-delen: "We brengen de doorstroom en het studiesucces van vo-leerlingen in het mbo in beeld. De
-- vo-scholen geven mbo-instellingen inzage in succesfactoren en aandachtspunten, onder andere via
-- de NCO-rapportages. De mbo-instellingen geven de vo-scholen inzicht in studiesucces en
-- uitvalredenen van studenten uit het vo."
--
-- Reading (a choice): every whole school year data is shared in both directions — vo to mbo
-- (nco-rapportage) and mbo to vo (studiesucces, uitvalredenen) — so the value is the number of
-- directions shared in the school year, two a year. Per school year the notes name how many
-- schools and institutions shared; a vo school contributes when it gave or received insight in
-- the running or the previous school year, an mbo institution when it gave insight to a vo school.
local koers = require("koers")

local function direction(sharing)
  return sharing.kind == "nco-rapportage" and "vo → mbo" or "mbo → vo"
end
local function directions(sharings)
  return #koers.distinct(sharings, direction)
end

local notes = {}
for _, year in ipairs(koers.group(state.data_sharing, function(s) return koers.school_year(s.date) end)) do
  local to_mbo = koers.filter(year.items, function(s) return direction(s) == "vo → mbo" end)
  local to_vo = koers.filter(year.items, function(s) return direction(s) == "mbo → vo" end)
  notes[#notes + 1] = year.key .. ": " .. #koers.distinct(to_mbo, function(s) return s.from end) .. " vo-scholen gaven inzage, "
    .. #koers.distinct(to_vo, function(s) return s.from end) .. " mbo-instellingen gaven inzicht aan "
    .. #koers.distinct(to_vo, function(s) return s.to end) .. " vo-scholen."
end

local first_of_previous = koers.school_year_bounds(koers.previous_school_year(state.school_year))
local recent = koers.filter(state.data_sharing, function(s) return s.date >= first_of_previous end)
local given_by = koers.index_all(recent, function(s) return s.from end)
local received_by = koers.index_all(recent, function(s) return s.to end)
-- Each side is asked only what it can do itself: a vo school to give insight (NCO), an mbo
-- institution to give study success and dropout reasons. What a school receives is the mbo's part
-- and is shown, never asked of the school.
local function times(n) return n .. "×" end
local contributions = {}
for _, school in ipairs(koers.filter(koers.parties(state.schools), function(s)
  return koers.find(s.levels, function(level) return level:sub(1, 4) == "vmbo" end) ~= nil
end)) do
  local gave = #(given_by[school.id] or {})
  local got = #(received_by[school.id] or {})
  if koers.waiver(target, school.id) then
    contributions[#contributions + 1] = { school = school.id, kind = "waived" }
  else
    contributions[#contributions + 1] = { school = school.id, kind = gave > 0 and "contributes" or "missing",
      detail = "sinds " .. first_of_previous .. ": inzage gegeven aan het mbo (NCO) " .. times(gave)
        .. "; inzicht van het mbo gekregen " .. times(got) }
  end
end
for _, institution in ipairs(koers.parties(state.institutions)) do
  local given = given_by[institution.id] or {}
  local schools = #koers.distinct(given, function(s) return s.to end)
  contributions[#contributions + 1] = { institution = institution.id, kind = #given > 0 and "contributes" or "missing",
    detail = "sinds " .. first_of_previous .. ": inzicht gegeven aan vo-scholen " .. times(#given)
      .. " (" .. schools .. (schools == 1 and " school" or " scholen") .. "); inzage gekregen (NCO) "
      .. times(#(received_by[institution.id] or {})) }
end

return koers.judge_yearly {
  state = state, target = target, records = state.data_sharing, unit = "richtingen",
  value = directions,
  label = function(s) return s.from .. " → " .. s.to .. ": " .. s.kind .. " (" .. s.date .. ")" end,
  contributions = contributions, notes = notes, data_as_of = koers.latest_date(state.data_sharing),
}
