-- havo-routes: "Voor havoleerlingen onderzoeken we de mogelijkheden voor een uitdagende alternatieve
-- route via het mbo, die qua opleidingsduur overeenkomt met de route van vmbo-t naar havo."
--
-- Reading (a choice): the covenant gives neither a baseline nor a term, so the exploration is
-- followed as three steps within the covenant period — verkenning gestart, bevindingen
-- gerapporteerd, besluit — counted like a number that grows along the line from 0 to 3.
local koers = require("koers")

local steps = { "verkenning-gestart", "bevindingen-gerapporteerd", "besluit" }
local reached = koers.index(state.havo_milestones, function(m) return m.step end)

local findings, value = {}, 0
for i, step in ipairs(steps) do
  if reached[step] then
    value = value + 1
    if i > 1 and not reached[steps[i - 1]] then
      findings[#findings + 1] = { severity = "warning",
        message = "Stap '" .. step .. "' is gezet zonder de stap ervoor ('" .. steps[i - 1] .. "'); klopt havo-milestones.csv?" }
    end
  end
end

local next_step = koers.find(steps, function(step) return not reached[step] end)
return koers.judge_count {
  state = state, target = target, value = value, method = "milestones", unit = "stappen",
  counted = koers.map(koers.filter(steps, function(step) return reached[step] ~= nil end), function(step)
    return { label = step .. " (" .. reached[step].date .. ")", source = reached[step].source }
  end),
  findings = findings,
  notes = { next_step and ("Volgende stap: " .. next_step .. ".") or "Alle stappen zijn gezet." },
}
