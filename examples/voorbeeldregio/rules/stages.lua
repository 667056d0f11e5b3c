-- stages: "Drie op de vier vmbo-leerlingen in leerjaar 3 lopen stage bij een bedrijf" (verzonnen).
-- Indicator stage-leerjaar-3; the region value is the mean of the schools (covenant.yaml).
local koers = require("koers")
return koers.judge_indicator { state = state, target = target }
