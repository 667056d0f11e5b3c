-- praktijkgericht: "De invoering van het praktijkgerichte examenprogramma biedt het vo en het mbo de
-- kans om dit gezamenlijk te ontwikkelen. [...] We zetten in op het aanbieden van praktijkgerichte
-- programma's op alle vmbo-t scholen."
--
-- Reading (a choice): every school offering vmbo-gt should offer a praktijkgericht programma
-- developed with the mbo by the deadline, as it reports in its newest return (method "line"). The
-- covenant gives no baseline, so the first measurement is the baseline: the share in the first
-- school year with returns, dated by the last of them; the expected share follows the line from
-- there to 100% on 31 July 2027. A school without a return within the freshness limit is "geen
-- opgave": counted apart, not as a school without the programme.
local koers = require("koers")

return koers.judge_school_reports {
  state = state, target = target, field = "praktijkgericht", method = "line",
  schools = koers.filter(koers.parties(state.schools), function(s) return koers.contains(s.levels, "vmbo-gt") end),
  meets = function(report) return report.praktijkgericht end,
  describe = function(report)
    return report.praktijkgericht
      and koers.text{ nl = "biedt een praktijkgericht programma (opgave ", en = "offers a practice-oriented programme (return " } .. report.school_year .. ")"
      or koers.text{ nl = "nog geen praktijkgericht programma (opgave ", en = "no practice-oriented programme yet (return " } .. report.school_year .. ")"
  end,
}
