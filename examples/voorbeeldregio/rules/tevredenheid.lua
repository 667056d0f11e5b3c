-- tevredenheid: "De tevredenheid over de aansluiting vmbo-mbo stijgt met 5 procentpunten" (verzonnen).
-- Indicator tevredenheid-aansluiting, against its 2023 value (covenant.yaml).
local koers = require("koers")
return koers.judge_indicator { state = state, target = target }
