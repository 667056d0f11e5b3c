-- praktijkgericht: "De invoering van het praktijkgerichte examenprogramma biedt het vo en het mbo de
-- kans om dit gezamenlijk te ontwikkelen. [...] We zetten in op het aanbieden van praktijkgerichte
-- programma's op alle vmbo-t scholen."
--
-- Reading (a choice): every school offering vmbo-gt should offer a praktijkgericht programma
-- developed with the mbo by the deadline, as it reports in its newest report. The covenant gives
-- no baseline, so the expected share follows a line from 0% on the baseline date to 100%.
local koers = require("koers")

return koers.judge_school_reports {
  state = state, target = target, field = "praktijkgericht",
  schools = koers.filter(state.schools, function(s) return koers.contains(s.levels, "vmbo-gt") end),
  meets = function(report) return report.praktijkgericht end,
  describe = function(report)
    return (report.praktijkgericht and "biedt een praktijkgericht programma" or "nog geen praktijkgericht programma")
      .. " (opgave " .. report.school_year .. ")"
  end,
}
