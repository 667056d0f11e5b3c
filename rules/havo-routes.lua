-- havo-routes: "Voor havoleerlingen onderzoeken we de mogelijkheden voor een uitdagende alternatieve
-- route via het mbo, die qua opleidingsduur overeenkomt met de route van vmbo-t naar havo."
--
-- Reading (a choice): the covenant gives neither a baseline nor a term, so the exploration is
-- followed as three steps within the covenant period — verkenning gestart, bevindingen
-- gerapporteerd, besluit — counted like a number that grows along the line from 0 to 3.
local koers = require("koers")

local steps = { "verkenning-gestart", "bevindingen-gerapporteerd", "besluit" }
-- The steps in words, for what people read; the codes stay those of havo-milestones.csv.
local step_names = {
  ["verkenning-gestart"] = koers.text{ nl = "verkenning gestart", en = "exploration started" },
  ["bevindingen-gerapporteerd"] = koers.text{ nl = "bevindingen gerapporteerd", en = "findings reported" },
  ["besluit"] = koers.text{ nl = "besluit genomen", en = "decision taken" },
}
local reached = koers.index(state.havo_milestones, function(m) return m.step end)

local findings, value = {}, 0
for i, step in ipairs(steps) do
  if reached[step] then
    value = value + 1
    if i > 1 and not reached[steps[i - 1]] then
      findings[#findings + 1] = { severity = "warning",
        message = koers.text{
          nl = "De stap '" .. step_names[step] .. "' is gezet zonder de stap ervoor ('" .. step_names[steps[i - 1]] .. "'); klopt havo-milestones.csv?",
          en = "The step '" .. step_names[step] .. "' was taken without the step before it ('" .. step_names[steps[i - 1]] .. "'); is havo-milestones.csv right?",
        } }
    end
  end
end

local next_step = koers.find(steps, function(step) return not reached[step] end)
return koers.judge_count {
  state = state, target = target, value = value, method = "milestones",
  counted = koers.map(koers.filter(steps, function(step) return reached[step] ~= nil end), function(step)
    return { label = step_names[step] .. " (" .. koers.long_date(reached[step].date) .. ")", source = reached[step].source }
  end),
  findings = findings,
  notes = { next_step and (koers.text{ nl = "Volgende stap: ", en = "Next step: " } .. step_names[next_step] .. ".")
    or koers.text{ nl = "Alle stappen zijn gezet.", en = "All steps have been taken." } },
}
