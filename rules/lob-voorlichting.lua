-- lob-voorlichting: "Alle vo-scholen (vmbo en havo) bieden studiekeuzevoorlichting aan over de
-- mogelijkheden die het mbo biedt. Specifieke aandacht is er daarbij voor kansrijk en duurzaam
-- arbeidsmarktperspectief."
--
-- Reading (a choice): a state to keep from the start and in every school year ("bieden aan"), not
-- a line to climb: the level is 100% from 1 January 2024 (method "level"). The schools are those
-- offering vmbo or havo; the school year judged is the newest one for which at least half of them
-- made their annual return. A school without a return for that year is "geen opgave": counted
-- apart and named, not counted as a school that gave no voorlichting.
local koers = require("koers")

local function vmbo_or_havo(school)
  return koers.find(school.levels, function(level) return level:sub(1, 4) == "vmbo" or level == "havo" end) ~= nil
end

return koers.judge_school_reports {
  state = state, target = target, field = "lob_voorlichting", method = "level",
  schools = koers.filter(koers.parties(state.schools), vmbo_or_havo),
  meets = function(report) return report.lob_voorlichting end,
  describe = function(report)
    return report.lob_voorlichting
      and koers.text{ nl = "gaf studiekeuzevoorlichting over het mbo (opgave ", en = "gave study-choice guidance about mbo (return " } .. report.school_year .. ")"
      or koers.text{ nl = "gaf geen studiekeuzevoorlichting over het mbo (opgave ", en = "gave no study-choice guidance about mbo (return " } .. report.school_year .. ")"
  end,
}
