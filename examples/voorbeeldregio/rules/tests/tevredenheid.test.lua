-- Tests of rules/tevredenheid.lua: satisfaction with the vmbo-mbo transition rises by 5 points
-- against 2023 (77%), so to 82% on 31 July 2028. Measured per calendar year, for the region only.
-- The line from 31 December 2023 (the baseline period's last day) to 31 July 2028 is 1674 days;
-- on 31 December 2025 (731 days) it is at 77 + 5 × 731/1674 = 79,18%.
-- covenant.yaml takes the baselines of uitval and stages from the region's value in their
-- baseline periods, so the measurements give those periods too.
local measurements = [[
indicator;party;period;value;unit;published;source
uitval-jaar-1;roc-voorbeeld;2023-24;11,5;%;2024-10-01;voorbeeld
uitval-jaar-1;groencollege;2023-24;8,5;%;2024-10-01;voorbeeld
instroom-jaar-1;roc-voorbeeld;2023-24;920;studenten;2023-10-01;voorbeeld
instroom-jaar-1;groencollege;2023-24;200;studenten;2023-10-01;voorbeeld
stage-leerjaar-3;regio;2023-24;57,3;%;;voorbeeld
tevredenheid-aansluiting;regio;2023;77;%;2024-03-15;voorbeeld
tevredenheid-aansluiting;regio;2024;78,6;%;2025-03-14;voorbeeld
]]

return {
  fixture = "rules/tests/fixture",
  as_of = "2026-12-01",
  cases = {
    {
      name = "80,1% over 2025 is above the line of 79,2%",
      tables = { measurements = measurements .. "tevredenheid-aansluiting;regio;2025;80,1;%;2026-03-13;voorbeeld\n" },
      expect = { tevredenheid = { status = "on_track", value = 80.1, expected = 79.2, target = 82 } },
    },
    {
      -- 77,4% is 1,8 points below the line, and the pace (0,4 points in two years) comes to 77,9%.
      name = "hardly any improvement is behind",
      tables = { measurements = measurements .. "tevredenheid-aansluiting;regio;2025;77,4;%;2026-03-13;voorbeeld\n" },
      expect = { tevredenheid = { status = "behind", value = 77.4, expected = 79.2 } },
    },
  },
}
