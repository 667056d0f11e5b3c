-- Tests of rules/uitval.lua: dropout in the first mbo year (lower is better), from the weighted
-- region value over 2023-24 to 7,5% on 31 July 2028. The region has no row of its own: its value is
-- the institutions' dropout weighted by their intake (instroom-jaar-1).
--   2023-24 (baseline): (11,5 × 920 + 8,5 × 200) / 1120 = 10,96%, on 31 July 2024.
--   2024-25: (10,8 × 940 + 8,0 × 210) / 1150 = 10,29%; the line on 31 July 2025 is
--            10,96 − 3,46 × 365/1461 = 10,10%.
--   2025-26: (9,9 × 950 + 7,2 × 200) / 1150 = 9,43%; the line on 31 July 2026 is
--            10,96 − 3,46 × 730/1461 = 9,23%.
-- A value is compared with the line on the last day of its period, and published on 1 October after it.
-- covenant.yaml takes the baselines of uitval, stages and tevredenheid from the region's value in
-- their baseline periods, so every measurements table here gives those periods (the last two rows).
local intake = [[
indicator;party;period;value;unit;published;source
instroom-jaar-1;roc-voorbeeld;2023-24;920;studenten;2023-10-01;voorbeeld
instroom-jaar-1;groencollege;2023-24;200;studenten;2023-10-01;voorbeeld
instroom-jaar-1;roc-voorbeeld;2024-25;940;studenten;2024-10-01;voorbeeld
instroom-jaar-1;groencollege;2024-25;210;studenten;2024-10-01;voorbeeld
instroom-jaar-1;roc-voorbeeld;2025-26;950;studenten;2025-10-01;voorbeeld
instroom-jaar-1;groencollege;2025-26;200;studenten;2025-10-01;voorbeeld
uitval-jaar-1;roc-voorbeeld;2023-24;11,5;%;2024-10-01;voorbeeld
uitval-jaar-1;groencollege;2023-24;8,5;%;2024-10-01;voorbeeld
uitval-jaar-1;roc-voorbeeld;2024-25;10,8;%;2025-10-01;voorbeeld
uitval-jaar-1;groencollege;2024-25;8,0;%;2025-10-01;voorbeeld
stage-leerjaar-3;regio;2023-24;57,3;%;;voorbeeld
tevredenheid-aansluiting;regio;2023;77;%;2024-03-15;voorbeeld
]]

return {
  fixture = "rules/tests/fixture",
  as_of = "2026-12-01",
  cases = {
    {
      name = "a weighted 9,4% is 0,2 points above the line: a risk",
      tables = { measurements = intake .. [[
uitval-jaar-1;roc-voorbeeld;2025-26;9,9;%;2026-10-01;voorbeeld
uitval-jaar-1;groencollege;2025-26;7,2;%;2026-10-01;voorbeeld
]] },
      expect = { uitval = { status = "at_risk", value = 9.4, expected = 9.2, target = 7.5,
                            contributes = { "groencollege" }, missing = { "roc-voorbeeld" } } },
    },
    {
      name = "before the 2025-26 figures are published, 2024-25 is the newest",
      as_of = "2026-09-01",
      tables = { measurements = intake .. [[
uitval-jaar-1;roc-voorbeeld;2025-26;9,9;%;2026-10-01;voorbeeld
uitval-jaar-1;groencollege;2025-26;7,2;%;2026-10-01;voorbeeld
]] },
      expect = { uitval = { status = "at_risk", value = 10.3, expected = 10.1, missing = { "roc-voorbeeld", "groencollege" } } },
    },
    {
      -- (7,5 × 950 + 7,0 × 200) / 1150 = 7,41%.
      name = "both institutions at or below 7,5%: the target is reached",
      tables = { measurements = intake .. [[
uitval-jaar-1;roc-voorbeeld;2025-26;7,5;%;2026-10-01;voorbeeld
uitval-jaar-1;groencollege;2025-26;7,0;%;2026-10-01;voorbeeld
]] },
      expect = { uitval = { status = "achieved", value = 7.4, contributes = { "roc-voorbeeld", "groencollege" } } },
    },
    {
      -- (11,0 × 950 + 8,0 × 200) / 1150 = 10,48% against the line's 9,23%: 1,2 points above it,
      -- and the pace (10,96 → 10,48 in two years) comes to 10,0% in 2028, not 7,5%.
      name = "little progress is behind",
      tables = { measurements = intake .. [[
uitval-jaar-1;roc-voorbeeld;2025-26;11,0;%;2026-10-01;voorbeeld
uitval-jaar-1;groencollege;2025-26;8,0;%;2026-10-01;voorbeeld
]] },
      expect = { uitval = { status = "behind", missing = { "roc-voorbeeld", "groencollege" } } },
    },
  },
}
