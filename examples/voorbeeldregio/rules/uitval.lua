-- uitval: "De uitval in het eerste mbo-jaar daalt naar 7,5%" (verzonnen).
-- Indicator uitval-jaar-1 (lower is better); the region value is weighted by instroom-jaar-1 (covenant.yaml).
local koers = require("koers")
return koers.judge_indicator { state = state, target = target }
