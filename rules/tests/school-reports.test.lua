-- Tests of the rules that read the schools' yearly reports (state/school-years.csv):
-- lob-voorlichting, praktijkgericht, bedrijfsleven and pro-vso-roc.
local reports = [[
school;school_year;reported_on;lob_voorlichting;praktijkgericht;stages;werkbezoeken;praktijkopdrachten;pro_vso_able;pro_vso_offered;source
a;2024-25;2025-06-30;ja;ja;2;0;0;;;voorbeeld
b;2024-25;2025-06-30;ja;nee;0;0;0;;;voorbeeld
c;2024-25;2025-06-30;nee;nee;0;1;0;;;voorbeeld
p;2024-25;2025-06-30;;;0;0;0;10;8;voorbeeld
]]

return {
  fixture = "rules/tests/fixture",
  as_of = "2025-07-31",
  cases = {
    {
      -- Schools with vmbo or havo: A, B and C (not the PrO school). Two of three is 66,7% (shown
      -- 67%), one school short of the level of 100%: a risk.
      name = "lob-voorlichting: one school of three without",
      tables = { ["school-years"] = reports },
      expect = { ["lob-voorlichting"] = { status = "at_risk", value = 66.7, contributes = { "a", "b" }, missing = { "c" } } },
    },
    {
      -- vmbo-gt schools: A and C. The covenant gives no baseline, so the first measurement (50%,
      -- dated by the returns) starts the line to 100%; with no newer return the share is compared
      -- with the line on that day: on track.
      name = "praktijkgericht: one of the two vmbo-gt schools",
      tables = { ["school-years"] = reports },
      expect = { praktijkgericht = { status = "on_track", value = 50, expected = 50, contributes = { "a" }, missing = { "c" } } },
    },
    {
      name = "bedrijfsleven: schools with a stage, werkbezoek or praktijkopdracht",
      tables = { ["school-years"] = reports },
      expect = { bedrijfsleven = { value = 50, contributes = { "a", "c" }, missing = { "b", "p" } } },
    },
    {
      name = "pro-vso-roc: 8 of 10 able students offered a trajectory",
      tables = { ["school-years"] = reports },
      expect = { ["pro-vso-roc"] = { value = 80 } },
    },
    {
      name = "a report older than twelve months gives no data",
      as_of = "2026-09-01",
      tables = { ["school-years"] = reports },
      expect = { ["lob-voorlichting"] = { status = "no_data" } },
    },
  },
}
