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

-- Names for what people read: the organisations by name, the kinds in words.
local names = {}
for _, school in ipairs(state.schools) do names[school.id] = school.name end
for _, institution in ipairs(state.institutions) do names[institution.id] = institution.name end
local kind_names = {
  ["nco-rapportage"] = koers.text{ nl = "NCO-rapportage", en = "NCO report" },
  studiesucces = koers.text{ nl = "studiesucces", en = "study success" },
  uitvalredenen = koers.text{ nl = "uitvalredenen", en = "reasons for dropping out" },
}

local notes = {}
for _, year in ipairs(koers.group(state.data_sharing, function(s) return koers.school_year(s.date) end)) do
  local to_mbo = koers.filter(year.items, function(s) return direction(s) == "vo → mbo" end)
  local to_vo = koers.filter(year.items, function(s) return direction(s) == "mbo → vo" end)
  local schools_giving = #koers.distinct(to_mbo, function(s) return s.from end)
  local institutions_giving = #koers.distinct(to_vo, function(s) return s.from end)
  local schools_getting = #koers.distinct(to_vo, function(s) return s.to end)
  notes[#notes + 1] = year.key .. ": " .. koers.text{
    nl = koers.quantity(schools_giving, { one = "vo-school", other = "vo-scholen" }) .. (schools_giving == 1 and " gaf" or " gaven") .. " inzage, "
      .. koers.quantity(institutions_giving, { one = "mbo-instelling", other = "mbo-instellingen" }) .. (institutions_giving == 1 and " gaf" or " gaven")
      .. " inzicht aan " .. koers.quantity(schools_getting, { one = "vo-school", other = "vo-scholen" }) .. ".",
    en = koers.quantity(schools_giving, { one = "vo school", other = "vo schools" }) .. " gave insight, "
      .. koers.quantity(institutions_giving, { one = "mbo institution", other = "mbo institutions" })
      .. " gave insight to " .. koers.quantity(schools_getting, { one = "vo school", other = "vo schools" }) .. ".",
  }
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
    local since = koers.long_date(first_of_previous)
    contributions[#contributions + 1] = { school = school.id, kind = gave > 0 and "contributes" or "missing",
      detail = koers.text{
        nl = "sinds " .. since .. ": inzage gegeven aan het mbo (NCO) " .. times(gave) .. "; inzicht van het mbo gekregen " .. times(got),
        en = "since " .. since .. ": gave the mbo insight (NCO) " .. times(gave) .. "; received insight from the mbo " .. times(got),
      } }
  end
end
for _, institution in ipairs(koers.parties(state.institutions)) do
  local given = given_by[institution.id] or {}
  local schools = #koers.distinct(given, function(s) return s.to end)
  local since = koers.long_date(first_of_previous)
  local received = times(#(received_by[institution.id] or {}))
  contributions[#contributions + 1] = { institution = institution.id, kind = #given > 0 and "contributes" or "missing",
    detail = koers.text{
      nl = "sinds " .. since .. ": inzicht gegeven aan vo-scholen " .. times(#given) .. " ("
        .. koers.quantity(schools, { one = "school", other = "scholen" }) .. "); inzage gekregen (NCO) " .. received,
      en = "since " .. since .. ": gave vo schools insight " .. times(#given) .. " ("
        .. koers.quantity(schools, { one = "school", other = "schools" }) .. "); received insight (NCO) " .. received,
    } }
end

return koers.judge_yearly {
  state = state, target = target, records = state.data_sharing,
  value = directions,
  label = function(s)
    return (names[s.from] or s.from) .. " → " .. (names[s.to] or s.to) .. ": " .. (kind_names[s.kind] or s.kind) .. " (" .. koers.long_date(s.date) .. ")"
  end,
  contributions = contributions, notes = notes, data_as_of = koers.latest_date(state.data_sharing),
}
