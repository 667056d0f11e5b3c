-- lob-voorlichting: "Alle vo-scholen (vmbo en havo) bieden studiekeuzevoorlichting aan over de
-- mogelijkheden die het mbo biedt. Specifieke aandacht is er daarbij voor kansrijk en duurzaam
-- arbeidsmarktperspectief."
--
-- Reading (a choice): this holds from the start and every school year, so 100% is expected now,
-- not along a line. The schools are those offering vmbo or havo; each counts by its newest report.
local koers = require("koers")

local function vmbo_or_havo(school)
  return koers.find(school.levels, function(level) return level:sub(1, 4) == "vmbo" or level == "havo" end) ~= nil
end

return koers.judge_school_reports {
  state = state, target = target, field = "lob_voorlichting", expected = target.target.value,
  schools = koers.filter(state.schools, vmbo_or_havo),
  meets = function(report) return report.lob_voorlichting end,
  describe = function(report)
    return (report.lob_voorlichting and "gaf studiekeuzevoorlichting over het mbo" or "gaf geen studiekeuzevoorlichting over het mbo")
      .. " (opgave " .. report.school_year .. ")"
  end,
}
