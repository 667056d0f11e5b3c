-- Tests of rules/doorstroom.lua: at least 90% of the vmbo graduates go on to mbo in every school
-- year after the baseline year 2023-24. The region supplies its own figure (party `regio`); the
-- indicator declares no `region:`, so the schools' figures are never summed into one. Each school
-- is judged on its newest figure against the same 90%.
-- covenant.yaml takes the baselines of uitval, stages and tevredenheid from the region's value in
-- their baseline periods, so every measurements table here gives those periods (`baselines`).
local baselines = [[
indicator;party;period;value;unit;published;source
uitval-jaar-1;roc-voorbeeld;2023-24;11,5;%;2024-10-01;voorbeeld
uitval-jaar-1;groencollege;2023-24;8,5;%;2024-10-01;voorbeeld
instroom-jaar-1;roc-voorbeeld;2023-24;920;studenten;2023-10-01;voorbeeld
instroom-jaar-1;groencollege;2023-24;200;studenten;2023-10-01;voorbeeld
stage-leerjaar-3;regio;2023-24;57,3;%;;voorbeeld
tevredenheid-aansluiting;regio;2023;77;%;2024-03-15;voorbeeld
]]
local region = [[
doorstroom-vmbo-mbo;regio;2023-24;90,6;%;2024-03-01;voorbeeld
doorstroom-vmbo-mbo;regio;2025-26;91,2;%;2026-03-02;voorbeeld
]]
local schools_2025_26 = [[
doorstroom-vmbo-mbo;dijkcollege;2025-26;88,5;%;2026-03-02;voorbeeld
doorstroom-vmbo-mbo;havenschool;2025-26;93;%;2026-03-02;voorbeeld
doorstroom-vmbo-mbo;rivierlyceum;2025-26;94;%;2026-03-02;voorbeeld
doorstroom-vmbo-mbo;polder-vmbo;2025-26;90,5;%;2026-03-02;voorbeeld
doorstroom-vmbo-mbo;groene-kade;2025-26;92;%;2026-03-02;voorbeeld
doorstroom-vmbo-mbo;weidecollege;2025-26;89;%;2026-03-02;voorbeeld
]]

return {
  fixture = "rules/tests/fixture",
  as_of = "2026-12-01",
  cases = {
    {
      name = "one school year below 90% is behind, naming the year",
      tables = { measurements = baselines .. region .. schools_2025_26
        .. "doorstroom-vmbo-mbo;regio;2024-25;89,4;%;2025-03-03;voorbeeld\n" },
      expect = { doorstroom = { status = "behind", value = 91.2, reason = "2024-25",
                                contributes = { "havenschool", "rivierlyceum", "polder-vmbo", "groene-kade" },
                                missing = { "dijkcollege", "weidecollege" } } },
    },
    {
      -- The schools reported 2024-25, the region did not: without a region figure the year is
      -- unmeasured, and a later year that is measured makes the gap a risk.
      name = "a school year without the region's figure is a risk",
      tables = { measurements = baselines .. region .. schools_2025_26 .. [[
doorstroom-vmbo-mbo;dijkcollege;2024-25;87,5;%;2025-03-03;voorbeeld
doorstroom-vmbo-mbo;havenschool;2024-25;91;%;2025-03-03;voorbeeld
]] },
      expect = { doorstroom = { status = "at_risk", value = 91.2, reason = "2024-25" } },
    },
    {
      name = "every school year at 90% or more is on track",
      tables = { measurements = baselines .. region .. schools_2025_26
        .. "doorstroom-vmbo-mbo;regio;2024-25;90,2;%;2025-03-03;voorbeeld\n" },
      expect = { doorstroom = { status = "on_track", value = 91.2, missing = { "dijkcollege", "weidecollege" } } },
    },
  },
}
