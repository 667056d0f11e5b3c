-- decanen: "We spreken af dat vo- en mbo-decanen vier keer per jaar bijeenkomen om kennis te delen
-- en relevante ontwikkelingen te bespreken."
--
-- Reading (a choice): "per jaar" is per school year (1 August – 31 July). Every whole school year
-- of the covenant is a commitment of its own: four decanenoverleggen, and a year that ended with
-- fewer is missed (achter, naming the year). The running year is judged pro rata, and meetings
-- planned ahead (planned = ja in events.csv) say whether its plan reaches four. Attendance
-- is part of each school's self-check: a school contributes when it attended at least half of
-- the meetings of the running and the previous school year; so does an mbo institution.
local koers = require("koers")

local meetings = koers.filter(state.events, function(e) return e.kind == "decanenoverleg" end)

-- Attendance over the running and the previous school year.
local first_of_previous = koers.school_year_bounds(koers.previous_school_year(state.school_year))
local recent = koers.filter(meetings, function(e) return e.date >= first_of_previous end)
local attended_by = koers.index_all(recent, function(e) return e.participants end)
local contributions = {}
local function attendance(id, key)
  local attended = #(attended_by[id] or {})
  local meetings_since = koers.quantity(#recent, koers.text{ nl = { one = "bijeenkomst", other = "bijeenkomsten" },
    en = { one = "meeting", other = "meetings" } })
  local detail = koers.text{
    nl = "aanwezig bij " .. attended .. " van de " .. meetings_since .. " sinds " .. koers.long_date(first_of_previous),
    en = "attended " .. attended .. " of " .. meetings_since .. " since " .. koers.long_date(first_of_previous),
  }
  if key == "school" and koers.waiver(target, id) then
    contributions[#contributions + 1] = { school = id, kind = "waived", detail = detail }
  elseif #recent > 0 then
    contributions[#contributions + 1] = { [key] = id, kind = attended * 2 >= #recent and "contributes" or "missing", detail = detail }
  end
end
for _, school in ipairs(koers.parties(state.schools)) do attendance(school.id, "school") end
for _, institution in ipairs(koers.parties(state.institutions)) do attendance(institution.id, "institution") end

local mbo = koers.map(koers.parties(state.institutions), function(institution)
  return institution.name .. " " .. #(attended_by[institution.id] or {})
end)

return koers.judge_yearly {
  state = state, target = target, records = meetings,
  planned = koers.filter(state.planned_events, function(e) return e.kind == "decanenoverleg" end),
  contributions = contributions,
  notes = { koers.text{
    nl = "Aanwezigheid mbo sinds " .. koers.long_date(first_of_previous) .. " (van " .. #recent .. "): " .. table.concat(mbo, ", ") .. ".",
    en = "Attendance of mbo since " .. koers.long_date(first_of_previous) .. " (of " .. #recent .. "): " .. table.concat(mbo, ", ") .. ".",
  } },
  -- The events register is as fresh as its newest event of any kind: a year without a
  -- meeting of this kind is then a year not met, not a year without data.
  data_as_of = koers.latest_date(state.events),
}
