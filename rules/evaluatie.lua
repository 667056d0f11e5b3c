-- evaluatie: "We evalueren de opbrengsten van het convenant door twee keer per jaar de voortgang te
-- monitoren en te bespreken of er voldoende mensen en middelen beschikbaar zijn gesteld om de
-- gezamenlijke ambitie op doorlopend leren te realiseren."
--
-- Reading (a choice): two monitoring moments (events of kind 'monitoring') in every whole school
-- year, each year a commitment of its own (a year that ended with fewer is missed); the running
-- year pro rata, with the moments planned ahead. Other stuurgroep meetings do not count unless
-- recorded as monitoring.
local koers = require("koers")

local moments = koers.filter(state.events, function(e) return e.kind == "monitoring" end)
return koers.judge_yearly {
  state = state, target = target, records = moments,
  planned = koers.filter(state.planned_events, function(e) return e.kind == "monitoring" end),
  -- The events register is as fresh as its newest event of any kind: a year without a
  -- meeting of this kind is then a year not met, not a year without data.
  data_as_of = koers.latest_date(state.events),
}
