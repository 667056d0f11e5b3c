-- Tests of rules/stages.lua: the share of vmbo pupils in year 3 with a work placement, from the
-- region's value over 2023-24 to 75% on 31 July 2028. The region's value is the mean of the
-- schools' (`region: mean`):
--   2023-24 (baseline): (52 + 61 + 48 + 70 + 55 + 58) / 6 = 57,33%, on 31 July 2024;
--   2025-26: (64 + 74 + 60 + 82 + 68 + 66) / 6 = 69%; the line on 31 July 2026 is
--            57,33 + 17,67 × 730/1461 = 66,16%.
-- Each school is judged on its newest figure against 75%; a waiver exempts the school, not its
-- figure, which still counts in the region's mean.
-- covenant.yaml takes the baselines of uitval and tevredenheid from the region's value in their
-- baseline periods, so the measurements give those periods too.
local measurements = [[
indicator;party;period;value;unit;published;source
uitval-jaar-1;roc-voorbeeld;2023-24;11,5;%;2024-10-01;voorbeeld
uitval-jaar-1;groencollege;2023-24;8,5;%;2024-10-01;voorbeeld
instroom-jaar-1;roc-voorbeeld;2023-24;920;studenten;2023-10-01;voorbeeld
instroom-jaar-1;groencollege;2023-24;200;studenten;2023-10-01;voorbeeld
tevredenheid-aansluiting;regio;2023;77;%;2024-03-15;voorbeeld
stage-leerjaar-3;dijkcollege;2023-24;52;%;;voorbeeld
stage-leerjaar-3;havenschool;2023-24;61;%;;voorbeeld
stage-leerjaar-3;rivierlyceum;2023-24;48;%;;voorbeeld
stage-leerjaar-3;polder-vmbo;2023-24;70;%;;voorbeeld
stage-leerjaar-3;groene-kade;2023-24;55;%;;voorbeeld
stage-leerjaar-3;weidecollege;2023-24;58;%;;voorbeeld
stage-leerjaar-3;dijkcollege;2025-26;64;%;;voorbeeld
stage-leerjaar-3;havenschool;2025-26;74;%;;voorbeeld
stage-leerjaar-3;rivierlyceum;2025-26;60;%;;voorbeeld
stage-leerjaar-3;polder-vmbo;2025-26;82;%;;voorbeeld
stage-leerjaar-3;groene-kade;2025-26;68;%;;voorbeeld
stage-leerjaar-3;weidecollege;2025-26;66;%;;voorbeeld
]]
local waiver = [[
target;school;from;until;reason;decided_by
stages;rivierlyceum;2025-08-01;;Stage in leerjaar 4 in plaats van 3.;stuurgroep 2025-06-17
]]

return {
  fixture = "rules/tests/fixture",
  as_of = "2026-12-01",
  cases = {
    {
      name = "a mean of 69% is above the line of 66,2%",
      tables = { measurements = measurements, waivers = waiver },
      expect = { stages = { status = "on_track", value = 69, expected = 66.2, target = 75,
                            contributes = { "polder-vmbo" },
                            missing = { "dijkcollege", "havenschool", "groene-kade", "weidecollege" } } },
    },
    {
      name = "without the waiver the Rivierlyceum is asked too",
      tables = { measurements = measurements },
      expect = { stages = { status = "on_track", value = 69,
                            missing = { "dijkcollege", "havenschool", "rivierlyceum", "groene-kade", "weidecollege" } } },
    },
    {
      -- The 2025-26 figures count from the last day of the school year, 31 July 2026. The day
      -- before, without figures over 2024-25, the newest are those of 2023-24, published on
      -- 31 July 2024: older than the indicator's freshness limit of 18 months.
      name = "figures older than 18 months are no data",
      as_of = "2026-07-30",
      tables = { measurements = measurements, waivers = waiver },
      expect = { stages = { status = "no_data" } },
    },
  },
}
