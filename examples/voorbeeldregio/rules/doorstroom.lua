-- doorstroom: "Elk schooljaar stroomt minstens 90% van de vmbo-gediplomeerden door naar het mbo" (verzonnen).
-- Indicator doorstroom-vmbo-mbo, kept in every school year from 2023-24 (covenant.yaml).
local koers = require("koers")
return koers.judge_indicator { state = state, target = target }
