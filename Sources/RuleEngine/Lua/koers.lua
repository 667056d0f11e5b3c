-- koers: the helper library for rule scripts. `local koers = require("koers")`.
-- Documented in rules/README.md; types for the Lua language server in rules/koers.meta.lua.
-- Everything here is plain Lua on the tables Koers passes in (`state`, `target`); it changes nothing.

local koers = {}

--- A helper given something it cannot use raises this; the wrapper at the end of this file turns
--- it into an error at the line of the rule that called the helper, not a line in this file.
local function fail(message)
  error({ koers_error = message }, 0)
end

-- Language ------------------------------------------------------------------------------------
-- Koers sets the global `lang` ("nl" or "en") to the language the report is made in; every
-- sentence a helper writes is in that language, and rules write theirs with `koers.text`.

local function language()
  return lang == "en" and "en" or "nl"
end

--- The text for the report's language: `koers.text{nl = "gaf voorlichting", en = "gave guidance"}`.
--- Both languages are required, so that a rule that reads well in Dutch cannot leave a hole in
--- the English report. A text may also be a unit's forms: `koers.text{nl = {one = "route",
--- other = "routes"}, en = {one = "route", other = "routes"}}`.
function koers.text(texts)
  if type(texts) ~= "table" then fail("give the text in both languages: koers.text{nl = \"…\", en = \"…\"}") end
  for _, code in ipairs({ "nl", "en" }) do
    if texts[code] == nil then
      fail("the " .. (code == "nl" and "Dutch (nl)" or "English (en)") .. " text is missing; give both: koers.text{nl = \"…\", en = \"…\"}")
    end
  end
  return texts[language()]
end

--- The same for this library's own sentences, which always give both.
local function T(texts)
  return texts[language()]
end

-- Collections --------------------------------------------------------------------------------

--- The items of `list` for which `keep(item)` is true, in their order.
function koers.filter(list, keep)
  local out = {}
  for _, item in ipairs(list) do
    if keep(item) then out[#out + 1] = item end
  end
  return out
end

--- How many items of `list` satisfy `keep` (all items when `keep` is nil).
function koers.count(list, keep)
  if keep == nil then return #list end
  local n = 0
  for _, item in ipairs(list) do
    if keep(item) then n = n + 1 end
  end
  return n
end

--- `f(item)` for every item.
function koers.map(list, f)
  local out = {}
  for i, item in ipairs(list) do out[i] = f(item) end
  return out
end

--- The first item for which `match(item)` is true, or nil.
function koers.find(list, match)
  for _, item in ipairs(list) do
    if match(item) then return item end
  end
  return nil
end

--- Whether `list` holds `value`.
function koers.contains(list, value)
  for _, item in ipairs(list) do
    if item == value then return true end
  end
  return false
end

--- The items grouped by `key(item)`: a list of `{key = k, items = {...}}`, sorted by key, so the
--- order is the same on every run (unlike `pairs`).
function koers.group(list, key)
  local groups, keys = {}, {}
  for _, item in ipairs(list) do
    local k = key(item)
    if groups[k] == nil then
      groups[k] = {}
      keys[#keys + 1] = k
    end
    local items = groups[k]
    items[#items + 1] = item
  end
  table.sort(keys)
  return koers.map(keys, function(k) return { key = k, items = groups[k] } end)
end

--- The distinct values of `key(item)` (or of the items themselves), sorted.
function koers.distinct(list, key)
  local seen, out = {}, {}
  for _, item in ipairs(list) do
    local k = key and key(item) or item
    if not seen[k] then
      seen[k] = true
      out[#out + 1] = k
    end
  end
  table.sort(out)
  return out
end

--- A table from `key(item)` (default `item.id`) to the item, for looking records up by id.
function koers.index(list, key)
  local out = {}
  for _, item in ipairs(list) do
    out[key and key(item) or item.id] = item
  end
  return out
end

--- The items under each key, in one pass: a table from key to the list of items that have it.
--- `keys(item)` gives one key or a list of keys (an event's `participants`), so
--- `koers.index_all(meetings, function(e) return e.participants end)["mundus"]` lists the meetings
--- Mundus attended. Use it instead of filtering the whole list once per school.
function koers.index_all(list, keys)
  local out = {}
  for _, item in ipairs(list) do
    local found = keys(item)
    if type(found) ~= "table" then found = { found } end
    for _, key in ipairs(found) do
      local items = out[key]
      if items == nil then
        items = {}
        out[key] = items
      end
      items[#items + 1] = item
    end
  end
  return out
end

--- The organisations of `list` (`state.schools`, `state.institutions`) that are party to the
--- covenant: their board signed, or covenant.yaml names them (`party` is true). The others are
--- listed in the report and never judged or asked anything.
function koers.parties(list)
  return koers.filter(list, function(organisation) return organisation.party ~= false end)
end

local stage_names = {
  nl = {
    ["verkenning"] = "verkenning", ["in-ontwikkeling"] = "in ontwikkeling", ["overeenkomst-getekend"] = "overeenkomst getekend",
    ["duo-registratie"] = "geregistreerd bij DUO", ["eerste-cohort-gestart"] = "eerste cohort gestart", ["gestopt"] = "gestopt",
  },
  en = {
    ["verkenning"] = "exploration", ["in-ontwikkeling"] = "in development", ["overeenkomst-getekend"] = "agreement signed",
    ["duo-registratie"] = "registered with DUO", ["eerste-cohort-gestart"] = "first cohort started", ["gestopt"] = "stopped",
  },
}

--- A route stage in words in the report's language, for text people read:
--- `koers.stage_name("eerste-cohort-gestart")` is "eerste cohort gestart" (English: "first cohort
--- started"). An unknown stage is returned as it is.
function koers.stage_name(stage)
  return stage_names[language()][stage] or stage
end

--- The latest `date` among the items (or `key(item)`), or nil for an empty list.
function koers.latest_date(list, key)
  local latest = nil
  for _, item in ipairs(list) do
    local date = key and key(item) or item.date
    if date ~= nil and (latest == nil or date > latest) then latest = date end
  end
  return latest
end

-- Dates and school years -----------------------------------------------------------------------

local function parse_date(date)
  local y, m, d = string.match(date or "", "^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  if not y then fail("'" .. tostring(date) .. "' is not a date like 2025-03-14") end
  return tonumber(y), tonumber(m), tonumber(d)
end

--- Days since 1970-01-01 (the same day numbers the host uses).
function koers.day_number(date)
  local y, m, d = parse_date(date)
  if m <= 2 then y = y - 1 end
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

--- The date `days` days after `date` (before it when negative).
function koers.add_days(date, days)
  local z = koers.day_number(date) + days + 719468
  local era = (z >= 0 and z or z - 146096) // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400 + (m <= 2 and 1 or 0)
  return string.format("%04d-%02d-%02d", y, m, d)
end

--- Days from `from` to `to` (negative when `to` is earlier).
function koers.days_between(from, to)
  return koers.day_number(to) - koers.day_number(from)
end

--- The school year a date falls in: `koers.school_year("2025-08-01") == "2025-26"`.
function koers.school_year(date)
  local y, m = parse_date(date)
  local start = m >= 8 and y or y - 1
  return string.format("%d-%02d", start, (start + 1) % 100)
end

--- First and last day of a school year: `"2024-08-01", "2025-07-31"` for `"2024-25"`.
function koers.school_year_bounds(school_year)
  local start = tonumber(string.match(school_year or "", "^(%d%d%d%d)%-%d%d$"))
  if not start then fail("'" .. tostring(school_year) .. "' is not a school year like 2024-25") end
  return string.format("%d-08-01", start), string.format("%d-07-31", start + 1)
end

--- The school year before `school_year`: `"2024-25"` for `"2025-26"`.
function koers.previous_school_year(school_year)
  local first = koers.school_year_bounds(school_year)
  return koers.school_year(koers.add_days(first, -1))
end

--- The school years from the one holding `from` to the one holding `to`, in order.
function koers.school_years_between(from, to)
  local first = tonumber(string.sub(koers.school_year(from), 1, 4))
  local last = tonumber(string.sub(koers.school_year(to), 1, 4))
  local out = {}
  for start = first, last do
    out[#out + 1] = string.format("%d-%02d", start, (start + 1) % 100)
  end
  return out
end

--- The school years a yearly target judges as whole years: those wholly between the target's
--- baseline date and deadline. For Amsterdam: 2024-25, 2025-26 and 2026-27; 2023-24, which the
--- covenant covers from 1 January 2024 only, is a run-in year.
function koers.judged_school_years(target)
  return koers.filter(koers.school_years_between(target.baseline.date, target.target.deadline), function(year)
    local first, last = koers.school_year_bounds(year)
    return first >= target.baseline.date and last <= target.target.deadline
  end)
end

--- The covenant's school years that have not ended on `as_of` (the running one included).
function koers.remaining_school_years(state)
  return koers.filter(state.covenant.school_years, function(year)
    local _, last = koers.school_year_bounds(year)
    return last >= state.as_of and year >= koers.school_year(state.covenant.baseline)
  end)
end

-- Showing numbers -----------------------------------------------------------------------------
-- Status decisions use exact numbers; only what a reader sees is rounded, half up, in the same
-- way as the report (`Vocabulary.number` and `percent` in Swift).

--- A number as reports show it: whole numbers as they are, others with one decimal (or
--- `decimals`), rounded half up, trailing zeros left out, written as the report's language does:
--- `koers.number(10.506) == "10,5"` and `koers.number(1500) == "1.500"` in Dutch, `"10.5"` and
--- `"1,500"` in English; `koers.number(10.044, 2) == "10,04"`.
function koers.number(value, decimals)
  if type(value) ~= "number" or value ~= value or value == math.huge or value == -math.huge then
    fail("'" .. tostring(value) .. "' is not a number that can be shown")
  end
  local scale = 10 ^ (decimals or 1)
  local units = math.floor(math.abs(value) * scale + 0.5)
  local sign = (value < 0 and units > 0) and "−" or ""
  local whole_part, fraction = units // scale, units % scale
  -- Thousands with a point and a decimal comma in Dutch (1.500,5), the other way round in English.
  local thousands, decimal_mark = T{ nl = ".", en = "," }, T{ nl = ",", en = "." }
  local whole = string.format("%d", whole_part):reverse():gsub("(%d%d%d)", "%1" .. thousands):reverse():gsub("^%" .. thousands, "")
  if fraction == 0 then return sign .. whole end
  local digits = string.format("%0" .. (decimals or 1) .. "d", math.floor(fraction)):gsub("0+$", "")
  return sign .. whole .. decimal_mark .. digits
end

local function rounded(value, decimals)
  local scale = 10 ^ decimals
  return math.floor(value * scale + 0.5) / scale
end

--- A percentage as reports show it: whole, rounded half up (`66.67` is `"67%"`), except that a
--- share that is not all or nothing never shows as 100% or 0% (`99.7` is `"99,7%"`).
function koers.percent(value)
  if type(value) ~= "number" then fail("'" .. tostring(value) .. "' is not a number") end
  local whole = math.floor(value + 0.5)
  if whole >= 100 and value < 100 then return koers.number(math.min(99.9, math.floor(value * 10) / 10)) .. "%" end
  if whole <= 0 and value > 0 then return koers.number(math.max(0.1, math.ceil(value * 10) / 10)) .. "%" end
  return koers.number(whole) .. "%"
end

--- A unit as it follows `value`: forms `{one = "school", other = "scholen"}` give the one for
--- exactly 1 and the other for every other number; a plain unit is the same for all.
local function unit_word(unit, value)
  if type(unit) == "table" then return value == 1 and (unit.one or unit.other) or unit.other end
  return unit
end

--- A value with its unit: `"10 scholen"`, `"67%"`. The unit may give its forms, so that one
--- reads "1 school": `koers.quantity(1, {one = "school", other = "scholen"})`.
function koers.quantity(value, unit)
  if unit == "%" then return koers.percent(value) end
  if unit == nil or unit == "" then return koers.number(value) end
  return koers.number(value) .. " " .. unit_word(unit, value)
end

--- The number `koers.percent` shows (66.67 → 67, 99.96 → 99.9).
local function percent_shown(value)
  local whole = math.floor(value + 0.5)
  if whole >= 100 and value < 100 then return math.min(99.9, math.floor(value * 10) / 10) end
  if whole <= 0 and value > 0 then return math.max(0.1, math.ceil(value * 10) / 10) end
  return whole
end

--- A value and what was expected, shown so that they compare as the exact numbers do: below
--- the line looks below it, on or above it looks so (10 schools against 10,04 expected shows as
--- "10" and "10,04", not "10" and "10"). Usually the value as `koers.quantity` and the expectation
--- with one decimal; more decimals (up to six) only where fewer would mislead. Returns the two texts
--- (with `unit`) and the decimals used (nil for the usual ones). With `slack` (one unit for a
--- count), being more than `slack` below also shows as it is: 2 against 3,0005 is "3,0005", not
--- "3", when more than one below is behind. The report does the same.
function koers.pair(value, expected, unit, slack)
  local function with_unit(text, number)
    if unit == "%" then return text .. "%" end
    if unit == nil or unit == "" then return text end
    return text .. " " .. unit_word(unit, number)
  end
  local function agree(shown_value, shown_expected)
    if slack ~= nil and (expected - value > slack) ~= (shown_expected - shown_value > slack) then return false end
    if value < expected then return shown_value < shown_expected end
    return shown_value >= shown_expected
  end
  local usual_value = unit == "%" and percent_shown(value) or rounded(value, 1)
  if agree(usual_value, rounded(expected, 1)) then
    return koers.quantity(value, unit), with_unit(koers.number(expected), rounded(expected, 1)), nil
  end
  for decimals = 1, 6 do
    if agree(rounded(value, decimals), rounded(expected, decimals)) or decimals == 6 then
      return with_unit(koers.number(value, decimals), rounded(value, decimals)),
        with_unit(koers.number(expected, decimals), rounded(expected, decimals)), decimals
    end
  end
end

--- How far `value` is below `expected`, as the difference of the two shown numbers (to
--- `decimals`, one when nil), so that the sentence adds up.
local function shortfall(value, expected, decimals)
  local scale = 10 ^ (decimals or 1)
  local gap = (math.floor(expected * scale + 0.5) - math.floor(value * scale + 0.5)) / scale
  return koers.number(math.max(1 / scale, gap), decimals)
end

local months = {
  nl = { "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december" },
  en = { "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December" },
}

--- A date as text in the report's language: `koers.long_date("2027-07-31") == "31 juli 2027"`
--- (English: "31 July 2027").
function koers.long_date(date)
  local y, m, d = parse_date(date)
  return d .. " " .. months[language()][m] .. " " .. y
end

-- Trajectory ------------------------------------------------------------------------------------

local function baseline_value(target)
  return target.baseline.value or 0
end

--- Where the straight line from (`from_date`, `from_value`) to (`to_date`, `to_value`) is on
--- `as_of`: exact, not rounded; before the first day it is `from_value`, after the last `to_value`.
function koers.on_line(from_date, from_value, to_date, to_value, as_of)
  local total = koers.days_between(from_date, to_date)
  if total <= 0 then return to_value end
  local elapsed = math.max(0, math.min(total, koers.days_between(from_date, as_of)))
  return from_value + (to_value - from_value) * elapsed / total
end

--- Where the straight line from baseline (value, date) to target (value, deadline) is on `as_of`.
--- Exact (10.5 schools), so that a status compares what the line really says.
function koers.expected(target, as_of)
  return koers.on_line(target.baseline.date, baseline_value(target), target.target.deadline, target.target.value, as_of)
end

--- The value at the deadline if the pace since the baseline continues (exact); nil on the
--- baseline day (no pace yet). `from` (`{date, value}`) replaces the covenant's baseline, for a
--- line that starts at a first measurement.
function koers.projection(target, value, as_of, from)
  from = from or { date = target.baseline.date, value = baseline_value(target) }
  local elapsed = koers.days_between(from.date, as_of)
  if elapsed <= 0 then return nil end
  local total = koers.days_between(from.date, target.target.deadline)
  if elapsed >= total then return value end
  return from.value + (value - from.value) * total / elapsed
end

--- Still needed to reach the target, in total and per remaining school year (rounded up to whole
--- units: a school is needed whole).
function koers.needed(target, value, state)
  local needed = math.max(0, target.target.value - value)
  local years = #koers.remaining_school_years(state)
  local per_year = years > 0 and math.ceil(needed / years) or needed
  return needed, per_year
end

--- The part of a school year that has passed on `as_of`, counted in days from `since` (a date
--- inside the year, such as the baseline) when that is later than the year's first day.
--- Returns the elapsed days and the year's length; the end of `as_of` counts, so on the first day
--- one day has passed and on the last day the whole year.
local function year_elapsed(as_of, since)
  local first, last = koers.school_year_bounds(koers.school_year(as_of))
  local length = koers.days_between(first, last) + 1
  local start = (since ~= nil and since > first) and since or first
  return math.max(0, koers.days_between(start, as_of) + 1), length
end

--- What a yearly number `per_year` comes to so far in the running school year (four meetings a
--- year: one after a quarter of the year). Exact. With `since` (a date inside the year, such as
--- the baseline), the year is counted from that day.
function koers.pro_rata(per_year, as_of, since)
  local elapsed, length = year_elapsed(as_of, since)
  return per_year * elapsed / length
end

--- The share of `units` for which `meets(unit)` is true: `{numerator, denominator, percent}`.
--- The percentage is exact (nil without units); `koers.percent` shows it.
function koers.coverage(units, meets)
  local numerator = koers.count(units, meets)
  local denominator = #units
  return {
    numerator = numerator,
    denominator = denominator,
    percent = denominator > 0 and numerator * 100 / denominator or nil,
  }
end

--- Each school's newest report (from `state.school_reports`) that has a value for `field`, as a
--- table from school id to report. Newest means the latest school year, then the latest
--- reporting day; an empty field means "not reported", so an older report that answered counts.
function koers.latest_reports(reports, field)
  local latest = {}
  for _, report in ipairs(reports) do
    if report[field] ~= nil then
      local current = latest[report.school]
      if current == nil or report.school_year > current.school_year
        or (report.school_year == current.school_year and report.reported_on > current.reported_on) then
        latest[report.school] = report
      end
    end
  end
  return latest
end

--- Whether data dated `date` is within the target's freshness limit (always true without one).
function koers.is_fresh(target, date)
  if target.freshness == nil then return true end
  return date ~= nil and date >= target.freshness.oldest_fresh_date
end

--- The waiver that exempts `school` (or, without a school, the whole target), or nil.
function koers.waiver(target, school)
  return koers.find(target.waivers, function(w) return w.school == school end)
end

-- Judging -------------------------------------------------------------------------------------
-- Four status methods, one per kind of target; rules/README.md describes each with an example.
-- Each returns the numbers it compared (value, expected, target, projection), the line it
-- compared against (`expected_path`), the school years it judged (`years`) and one sentence that
-- says why (`reason`), so that the report's cards, chart, method sentence and --explain show
-- exactly what decided the status.

--- The unit a judge function counts in: the rule's own (`args.unit`), else the target's, with
--- its form for one when covenant.yaml gives it.
local function unit_of(args)
  if args.unit ~= nil then return args.unit end
  local unit = args.target.unit
  if unit == nil then return "" end
  return { one = args.target.unit_one or unit, other = unit }
end

--- "10 van de 12 scholen", "0 van de 1 nieuwe route"; in English "10 of 12 schools".
local function of_goal(value, goal, unit)
  return koers.number(value) .. T{ nl = " van de ", en = " of " } .. koers.quantity(goal, unit)
end

--- A whole result from its parts; the `…` fields of the judge functions are passed on.
local function result(args, fields)
  fields.counted = fields.counted or args.counted
  fields.contributions = fields.contributions or args.contributions
  fields.data_as_of = fields.data_as_of or args.data_as_of
  local findings = {}
  for _, finding in ipairs(fields.findings or {}) do findings[#findings + 1] = finding end
  for _, finding in ipairs(args.findings or {}) do findings[#findings + 1] = finding end
  fields.findings = findings
  local notes = {}
  for _, note in ipairs(fields.notes or {}) do notes[#notes + 1] = note end
  for _, note in ipairs(args.notes or {}) do notes[#notes + 1] = note end
  fields.notes = notes
  return fields
end

--- The status of a count against its line, on exact numbers: `achieved` once the target is
--- reached; `behind` from the deadline day on; `on_track` at or above the line; `at_risk` when
--- the projection still reaches the target or the value is at most one unit below the line;
--- `behind` otherwise.
function koers.status(target, value, expected, projection, as_of)
  if value >= target.target.value then return "achieved" end
  if as_of >= target.target.deadline then return "behind" end
  if value >= expected then return "on_track" end
  if (projection ~= nil and projection >= target.target.value) or expected - value <= 1 then return "at_risk" end
  return "behind"
end

--- A count that should grow along the line from baseline to target by the deadline (routes,
--- schools with a route). `args`: `state`, `target`, `value`, and optionally `unit`,
--- `earliest_next` (the first day a unit not yet counted can count, when the rule's reading
--- fixes one, such as the start of the next school year for a first cohort) with `earliest_why`
--- (why, in a few words), `method` (`"milestones"` for ordered steps), `counted`,
--- `contributions`, `findings`, `notes`, `data_as_of`.
function koers.judge_count(args)
  local state, target, value = args.state, args.target, args.value
  local goal, deadline, as_of = target.target.value, target.target.deadline, state.as_of
  local unit = unit_of(args)
  local expected = koers.expected(target, as_of)
  local projection = koers.projection(target, value, as_of)
  local needed, per_year = koers.needed(target, value, state)
  local now = of_goal(value, goal, unit)
  -- Shown so that they compare as the exact numbers do (10 against 10,04, not 10 against 10).
  local _, shown_expected, decimals = koers.pair(value, expected, nil, 1)
  local line = T{ nl = "verwacht ", en = "expected " } .. shown_expected
  local pace = projection and (T{ nl = "; in dit tempo ", en = "; at this pace " } .. (koers.pair(projection, goal))
    .. T{ nl = " op ", en = " on " } .. koers.long_date(deadline)) or ""
  local below = function() return now .. ", " .. shortfall(value, expected, decimals) .. T{ nl = " onder de lijn (", en = " below the line (" } .. line .. ")" .. pace .. "." end
  local status, reason
  if value >= goal then
    status, reason = "achieved", T{ nl = "Doel gehaald: ", en = "Target reached: " } .. now .. "."
  elseif as_of >= deadline then
    status, reason = "behind", T{ nl = "Deadline ", en = "Deadline " } .. koers.long_date(deadline) .. T{ nl = " bereikt met ", en = " reached with " } .. now .. "."
  elseif args.earliest_next ~= nil and args.earliest_next > deadline then
    status, reason = "behind", T{ nl = "Niet meer haalbaar vóór ", en = "No longer reachable before " } .. koers.long_date(deadline) .. ": " .. now
      .. T{ nl = ", en ", en = ", and " } .. (args.earliest_why or T{ nl = "wat nog ontbreekt", en = "what is still missing" })
      .. T{ nl = " telt op zijn vroegst op ", en = " counts on " } .. koers.long_date(args.earliest_next) .. T{ nl = ".", en = " at the earliest." }
  elseif value >= expected then
    status, reason = "on_track", now .. "; " .. line .. "."
  elseif expected - value <= 1 then
    status, reason = "at_risk", below()
  else
    status, reason = "behind", below()
  end
  return result(args, {
    status = status, reason = reason, method = args.method or "count",
    value = value, expected = expected, target = goal,
    needed = needed, needed_per_school_year = needed > 0 and per_year or nil,
    projection = projection, projection_basis = projection and "pace" or nil,
    expected_path = { { { date = target.baseline.date, value = baseline_value(target) }, { date = deadline, value = goal } } },
  })
end

--- The school years of a yearly target, each with its first and last day inside the covenant
--- period, its length and whether it is judged as a whole year.
local function covenant_years(target)
  local judged = {}
  for _, year in ipairs(koers.judged_school_years(target)) do judged[year] = true end
  local years = {}
  for _, year in ipairs(koers.school_years_between(target.baseline.date, target.target.deadline)) do
    local first, last = koers.school_year_bounds(year)
    years[#years + 1] = {
      name = year, first = first, last = last,
      start = target.baseline.date > first and target.baseline.date or first,
      stop = target.target.deadline < last and target.target.deadline or last,
      length = koers.days_between(first, last) + 1, judged = judged[year] == true,
    }
  end
  return years
end

--- A number to be reached in every school year, such as four meetings. `args`: `state`,
--- `target`, `records` (items with a `date`, such as `state.events` of one kind), and optionally
--- `planned` (items with a `date` after `as_of` that are planned, such as `state.planned_events`
--- of the same kind), `per_year` (default `target.target.value`), `value(records)` (what the
--- records of one year add up to; default how many there are), `label(record)`, `unit`,
--- `counted`, `contributions`, `findings`, `notes`, `data_as_of`.
---
--- Every whole school year of the covenant (`koers.judged_school_years`) is a commitment of its
--- own: once it has ended it is met or missed, and one missed year makes the target `behind`,
--- naming the year. The running year is judged against its exact pro-rata share in whole
--- meetings: `on_track` less than one below it (none overdue yet), `at_risk` less than two
--- below, `behind` further below; a plan that brings the year to its number lifts that one step. `achieved` once every year is met, the last included.
--- A run-in year (2023-24 from 1 January 2024) is judged pro rata while it runs and not
--- afterwards. `value` is the running year's, `expected` its share so far, `projection` what it
--- comes to with its plan (held and planned).
function koers.judge_yearly(args)
  local state, target = args.state, args.target
  local as_of, deadline = state.as_of, target.target.deadline
  local required = args.per_year or target.target.value
  local value_of = args.value or function(records) return #records end
  local label = args.label or function(record) return (record.title or record.id or "") .. " (" .. koers.long_date(record.date) .. ")" end
  local unit = unit_of(args)
  local function records_in(list, first, last)
    return koers.filter(list or {}, function(r) return r.date >= first and r.date <= last end)
  end

  local rows, missed, running, path = {}, {}, nil, {}
  for _, year in ipairs(covenant_years(target)) do
    -- The line this year is judged against: its share of `required`, day by day.
    local whole = year.judged and required or required * (koers.days_between(year.start, year.stop) + 1) / year.length
    path[#path + 1] = {
      { date = year.start, value = required / year.length },
      { date = year.stop, value = required * (koers.days_between(year.start, year.stop) + 1) / year.length },
    }
    if year.start <= as_of then
      -- A whole year ends with its last day; a run-in year is judged pro rata up to and
      -- including its last day, like a running year, and not afterwards.
      local closed = year.judged and as_of >= year.stop or as_of > year.stop
      local held = records_in(args.records, year.start, closed and year.stop or as_of)
      local row = { school_year = year.name, value = value_of(held), required = whole, held = held }
      if closed then
        row.result = not year.judged and "run_in" or (row.value >= required and "met" or "missed")
        if row.result == "missed" then missed[#missed + 1] = row end
      else
        row.result = year.judged and "running" or "run_in"
        row.expected = koers.pro_rata(required, as_of, year.start)
        local plans = records_in(args.planned, koers.add_days(as_of, 1), year.stop)
        row.planned = #plans > 0 and value_of(plans) or 0
        -- What the year comes to with its plan: the value of held and planned together (for
        -- a value that is not a sum, such as directions, not the two values added).
        local together = {}
        for _, r in ipairs(held) do together[#together + 1] = r end
        for _, r in ipairs(plans) do together[#together + 1] = r end
        row.with_plan = value_of(together)
        running = row
      end
      rows[#rows + 1] = row
    end
  end

  local function describe(row)
    return row.school_year .. T{ nl = " had ", en = " had " } .. of_goal(row.value, row.required, unit)
  end
  local agreement = T{ nl = " (afspraak: ", en = " (agreed: " } .. koers.number(required) .. T{ nl = " per schooljaar)", en = " per school year)" }
  -- The year the day falls in (the last one after the deadline): its numbers are the result's.
  local current = running or rows[#rows]
  local status, reason
  if #missed > 0 then
    status = "behind"
    reason = table.concat(koers.map(missed, describe), "; ") .. agreement
    if running then reason = reason .. "; " .. running.school_year .. T{ nl = " tot nu toe ", en = " so far " } .. koers.number(running.value) end
    reason = reason .. "."
  elseif current == nil then
    status, reason = "on_track", T{ nl = "Het eerste schooljaar van de afspraak is nog niet begonnen.", en = "The first school year of the agreement has not begun yet." }
  elseif running == nil then
    -- The day is the last day of a year (or after the deadline): that year has ended, not missed.
    local met = koers.filter(rows, function(r) return r.result == "met" end)
    if as_of >= deadline and #met > 0 then
      status, reason = "achieved", T{ nl = "Elk schooljaar gehaald: ", en = "Every school year met: " } .. table.concat(koers.map(met, function(r)
        return r.school_year .. " " .. koers.number(r.value) end), ", ") .. agreement .. "."
    elseif current.result == "run_in" then
      status, reason = "on_track", current.school_year .. T{ nl = " (aanloop vanaf ", en = " (run-in from " } .. koers.long_date(target.baseline.date)
        .. T{ nl = ") is afgesloten met ", en = ") closed with " } .. of_goal(current.value, current.required, unit)
        .. T{ nl = " naar rato; dat jaar wordt niet als heel schooljaar beoordeeld.", en = " pro rata; that year is not judged as a whole school year." }
    else
      status, reason = "on_track", current.school_year .. T{ nl = " is gehaald met ", en = " was met with " } .. koers.quantity(current.value, unit)
        .. agreement .. "."
    end
  else
    local is_last = running.school_year == koers.school_year(deadline) and running.result == "running"
    local share = running.expected
    local goal_of_year = running.result == "run_in" and running.required or required
    local plan = running.with_plan
    local now = running.school_year .. (running.result == "run_in" and T{ nl = " (aanloop)", en = " (run-in)" } or "") .. ": "
      .. of_goal(running.value, goal_of_year, unit) .. T{ nl = ", naar rato ", en = ", pro rata " } .. koers.number(share) .. T{ nl = " verwacht", en = " expected" }
      .. (running.planned > 0 and (", " .. koers.number(running.planned) .. T{ nl = " gepland", en = " planned" }) or T{ nl = ", niets gepland", en = ", nothing planned" })
    if is_last and running.value >= required then
      status, reason = "achieved", T{ nl = "Elk schooljaar gehaald, ", en = "Every school year met, " } .. running.school_year
        .. T{ nl = " al met ", en = " already with " } .. of_goal(running.value, required, unit) .. "."
    elseif share - running.value < 1 then
      -- Less than one whole unit behind its share: none is overdue yet.
      local behind_share = running.value < math.floor(share * 10 + 0.5) / 10
      status, reason = "on_track", now .. (behind_share and T{ nl = "; minder dan één achter op schema, dus nog niets achterstallig.",
        en = "; less than one behind schedule, so nothing is overdue yet." } or ".")
    elseif share - running.value < 2 then
      status = plan >= goal_of_year and "on_track" or "at_risk"
      reason = now .. (plan >= goal_of_year and T{ nl = "; het plan haalt het jaar.", en = "; the plan reaches the year's number." }
        or T{ nl = "; één achter op schema.", en = "; one behind schedule." })
    else
      status = plan >= goal_of_year and "at_risk" or "behind"
      reason = now .. (plan >= goal_of_year and T{ nl = "; meer dan één achter, maar het plan haalt het jaar nog.", en = "; more than one behind, but the plan still reaches the year's number." }
        or T{ nl = "; meer dan één achter op schema.", en = "; more than one behind schedule." })
    end
  end

  local value, expected, projection, needed, counted = 0, 0, nil, required, {}
  if current then
    value = current.value
    expected = current.expected or current.required
    projection = running and running.with_plan or nil
    -- A run-in year needs its share in whole units (2,3 meetings: 3).
    local goal_of_year = current.result == "run_in" and math.ceil(current.required - 1e-9) or required
    needed = math.max(0, goal_of_year - value)
    counted = koers.map(current.held, function(r) return { label = label(r), source = r.source } end)
  end
  for _, row in ipairs(rows) do row.held, row.with_plan = nil, nil end
  return result(args, {
    status = status, reason = reason, method = "yearly",
    value = value, expected = expected, target = required, needed = needed,
    projection = projection, projection_basis = projection and "plan" or nil,
    expected_path = path, years = rows, counted = args.counted or counted,
  })
end

--- The school year whose returns a level target is judged on: the newest of the covenant's
--- school years up to `as_of` for which at least half of `eligible` schools have a return.
local function judged_return_year(state, target, reported_in)
  local candidates = koers.filter(state.covenant.school_years, function(year)
    local first = koers.school_year_bounds(year)
    return first <= state.as_of and first <= target.target.deadline
  end)
  for i = #candidates, 1, -1 do
    if reported_in(candidates[i]) then return candidates[i] end
  end
  return nil
end

--- A share measured by schools' yearly returns (`state.school_reports`). `args`: `state`,
--- `target`, `schools`, `field` (the return's field, such as `"lob_voorlichting"`), and either
--- `meets(report)` (a school counts as one unit that meets or not) or `measure(report)` (returns
--- numerator and denominator for the school, such as students offered and able); `method`,
--- `of` (what the units are: `"scholen"`, `"leerlingen"`), `verb` and `verb_one` (what the units
--- that count did, for the reason; default "voldoen"/"voldoet"), `describe(report)`, `notes`.
---
--- `method = "level"`: a state to keep every school year ("alle vo-scholen bieden ... aan"). The
--- school year judged is the newest one with returns from at least half of the schools; its
--- share must be at the level (the target's value) from the start. A school without a return for
--- that year is `geen opgave` (`unreported`): counted apart, not as failing, and named in the
--- reason.
---
--- `method = "line"` (default): a share that grows to the target by the deadline. Each school
--- counts by its newest return within the freshness limit (older or none: `geen opgave`). The line
--- starts at the covenant's baseline, or when the covenant gives none at the first measurement:
--- the share in the first school year with returns, dated by the last of them. Returns come once a
--- year, so the share is compared with the line on the day of the newest return it rests on
--- (`expected_on`), not on `as_of`: without new data a status does not slip day by day.
---
--- Both judge in whole units: at most one unit (school, student) below the expectation is a
--- risk, more is behind. No returns at all is `no_data`.
function koers.judge_school_reports(args)
  local state, target = args.state, args.target
  local method = args.method or "line"
  local of = args.of or T{ nl = { one = "school", other = "scholen" }, en = { one = "school", other = "schools" } }
  local measure = args.measure or function(report) return args.meets(report) and 1 or 0, 1 end
  local describe = args.describe or function(report) return T{ nl = "opgave ", en = "return " } .. report.school_year end
  local eligible = koers.filter(args.schools, function(school) return not koers.waiver(target, school.id) end)
  local waived = koers.filter(args.schools, function(school) return koers.waiver(target, school.id) ~= nil end)

  -- Each school's return per school year that answers `field` (the latest reported, if two).
  local returns = {}
  for _, report in ipairs(state.school_reports) do
    if report[args.field] ~= nil then
      local of_school = returns[report.school] or {}
      returns[report.school] = of_school
      local current = of_school[report.school_year]
      if current == nil or report.reported_on > current.reported_on then of_school[report.school_year] = report end
    end
  end
  local function sum(reports)
    local numerator, denominator = 0, 0
    for _, report in ipairs(reports) do
      local n, d = measure(report)
      numerator, denominator = numerator + n, denominator + d
    end
    return numerator, denominator
  end
  local function returns_for(year)
    local out = {}
    for _, school in ipairs(eligible) do
      local report = (returns[school.id] or {})[year]
      if report ~= nil then out[#out + 1] = report end
    end
    return out
  end

  -- Per school year: the share as returned, and who has no return.
  local rows = {}
  for _, year in ipairs(koers.filter(state.covenant.school_years, function(y)
    return koers.school_year_bounds(y) <= state.as_of
  end)) do
    local reports = returns_for(year)
    if #reports > 0 then
      local numerator, denominator = sum(reports)
      local _, last = koers.school_year_bounds(year)
      rows[#rows + 1] = { school_year = year, value = numerator, required = denominator,
        reported = #reports, unreported = #eligible - #reports,
        result = method ~= "level" and "measured"
          or (state.as_of >= last and (numerator >= denominator * target.target.value / 100 and "met" or "missed") or "running") }
    end
  end

  -- Which return counts for each school.
  local judged_year
  if method == "level" then
    judged_year = judged_return_year(state, target, function(year) return #returns_for(year) * 2 >= #eligible end)
  end
  local counting, newest = {}, nil
  for _, school in ipairs(eligible) do
    local report
    if method == "level" then
      report = judged_year and (returns[school.id] or {})[judged_year]
    else
      for _, candidate in pairs(returns[school.id] or {}) do
        if report == nil or candidate.school_year > report.school_year then report = candidate end
      end
      if report ~= nil and not koers.is_fresh(target, report.reported_on) then report = nil end
    end
    counting[school.id] = report
    if report ~= nil and (newest == nil or report.reported_on > newest) then newest = report.reported_on end
  end

  local contributions, counted, unreported, reports = {}, {}, {}, {}
  for _, school in ipairs(args.schools) do
    local report = counting[school.id]
    if koers.waiver(target, school.id) then
      contributions[#contributions + 1] = { school = school.id, kind = "waived", detail = T{ nl = "vrijgesteld", en = "exempted" } }
    elseif report == nil then
      unreported[#unreported + 1] = school
      -- The school's newest return of any year, to say what it last reported (one pass over its own).
      local older
      for _, candidate in pairs(returns[school.id] or {}) do
        if older == nil or candidate.school_year > older.school_year then older = candidate end
      end
      local detail = T{ nl = "geen opgave", en = "no return" }
      if judged_year then detail = detail .. T{ nl = " over ", en = " for " } .. judged_year
      elseif older then detail = detail .. T{ nl = " binnen de actualiteitstermijn", en = " within the freshness limit" } end
      if older then detail = detail .. T{ nl = " (laatste: ", en = " (latest: " } .. older.school_year .. ")" end
      contributions[#contributions + 1] = { school = school.id, kind = "unreported", detail = detail }
    else
      reports[#reports + 1] = report
      local n, d = measure(report)
      local meets = n >= d * target.target.value / 100
      if n > 0 then counted[#counted + 1] = { label = school.name .. " (" .. report.school_year .. ")", source = report.source } end
      contributions[#contributions + 1] = { school = school.id, kind = meets and "contributes" or "missing", detail = describe(report) }
    end
  end

  local numerator, denominator = sum(reports)
  local schools_unit = T{ nl = { one = "school", other = "scholen" }, en = { one = "school", other = "schools" } }
  local missing_text = #unreported == 0 and "" or ("; " .. koers.quantity(#unreported, schools_unit)
    .. T{ nl = " zonder opgave", en = " without a return" } .. (judged_year and (T{ nl = " over ", en = " for " } .. judged_year) or ""))
  if denominator == 0 then
    local reason
    if #eligible == 0 then
      reason = T{ nl = "Er is geen school om te meten: geen school heeft dit niveau, of alle zijn vrijgesteld.",
        en = "There is no school to measure: no school offers this level, or all are exempted." }
    elseif #reports > 0 then
      reason = T{ nl = "De actuele opgaven tellen samen 0 ", en = "The current returns add up to 0 " } .. unit_word(of, 0)
        .. T{ nl = ": er is niets om te meten.", en = ": there is nothing to measure." }
    elseif method == "level" then
      reason = #eligible == 1
        and T{ nl = "De enige school heeft voor geen schooljaar een opgave gedaan.", en = "The only school has made no return for any school year." }
        or T{ nl = "Voor geen schooljaar heeft minstens de helft van de ", en = "For no school year have at least half of the " } .. #eligible
          .. T{ nl = " scholen een opgave gedaan.", en = " schools made a return." }
    else
      reason = #eligible == 1 and T{ nl = "Geen actuele opgave van de enige school.", en = "No current return from the only school." }
        or T{ nl = "Geen actuele opgaven van de ", en = "No current returns from the " } .. #eligible .. T{ nl = " scholen.", en = " schools." }
    end
    return result(args, { status = "no_data", reason = reason, method = method, target = target.target.value,
      years = rows, unreported = #unreported, contributions = contributions, counted = counted })
  end

  local goal, deadline = target.target.value, target.target.deadline
  local value = numerator * 100 / denominator
  local from, expected, projection, measured_on
  if method == "level" then
    expected = goal
  else
    if target.baseline.value ~= nil then
      from = { date = target.baseline.date, value = target.baseline.value }
    else
      -- The first measurement: the earliest school year's returns (in the covenant or before),
      -- dated by the last of them, over the schools judged now, so that the line and the value
      -- are about the same schools (a waiver that begins or ends changes both).
      local earliest
      for _, school in ipairs(eligible) do
        for year in pairs(returns[school.id] or {}) do
          if earliest == nil or year < earliest then earliest = year end
        end
      end
      local first_reports = {}
      for _, school in ipairs(eligible) do
        local report = (returns[school.id] or {})[earliest]
        if report ~= nil then first_reports[#first_reports + 1] = report end
      end
      local n, d = sum(first_reports)
      from = { date = koers.latest_date(first_reports, function(r) return r.reported_on end), value = d > 0 and n * 100 / d or 0 }
    end
    -- Returns come once a year: the share is compared with where the line stood on the day of the
    -- newest return it rests on, so a status does not slip day by day without new data (old
    -- data is the freshness limit's concern).
    measured_on = newest < state.as_of and newest or state.as_of
    expected = koers.on_line(from.date, from.value, deadline, goal, measured_on)
    projection = koers.projection(target, value, measured_on, from)
  end
  local capped = projection ~= nil and projection > 100
  if capped then projection = 100 end

  -- Whole units: how many units below the expectation the share is.
  local short = (expected - value) * denominator / 100
  -- The share and what it is compared with, shown so that they compare as the exact numbers do.
  local shown_value, shown_expected = koers.pair(value, expected, "%")
  local now = koers.number(numerator) .. T{ nl = " van de ", en = " of " } .. koers.quantity(denominator, of) .. " (" .. shown_value .. ")"
  local context = method == "level" and (T{ nl = "opgaven over ", en = "returns for " } .. judged_year) or T{ nl = "nieuwste opgaven", en = "newest returns" }
  local verb = " " .. (numerator == 1 and (args.verb_one or T{ nl = "voldoet", en = "meets it" }) or (args.verb or T{ nl = "voldoen", en = "meet it" }))
  local status, reason
  if value >= goal then
    if #unreported == 0 and (method ~= "level" or state.as_of >= deadline) then
      status = "achieved"
    elseif state.as_of >= deadline then
      status = "no_data"
    else
      status = "on_track"
    end
    reason = (status == "no_data" and T{ nl = "Niet vast te stellen: ", en = "Cannot be established: " } or "") .. context .. ": " .. now .. verb
      .. (method == "level" and (T{ nl = ", het niveau is ", en = ", the level is " } .. koers.percent(goal)) or "") .. missing_text .. "."
  elseif state.as_of >= deadline then
    status, reason = "behind", T{ nl = "Deadline ", en = "Deadline " } .. koers.long_date(deadline) .. T{ nl = " bereikt; ", en = " reached; " }
      .. context .. ": " .. now .. verb .. missing_text .. "."
  else
    local against
    if method == "level" then
      against = T{ nl = ", het niveau is ", en = ", the level is " } .. koers.percent(goal)
    elseif measured_on == from.date and target.baseline.value == nil then
      against = T{ nl = "; dit is de eerste meting, waar de lijn naar ", en = "; this is the first measurement, where the line to " } .. koers.percent(goal)
        .. T{ nl = " begint", en = " begins" }
    else
      against = T{ nl = ", verwacht ", en = ", expected " } .. shown_expected .. T{ nl = " op ", en = " on " } .. koers.long_date(measured_on)
        .. T{ nl = " (de lijn van ", en = " (the line from " } .. koers.percent(from.value) .. T{ nl = " op ", en = " on " } .. koers.long_date(from.date)
        .. T{ nl = " naar ", en = " to " } .. koers.percent(goal) .. ")"
    end
    if short <= 0 then status = "on_track"
    elseif short <= 1 then status = "at_risk"
    else status = "behind" end
    reason = context .. ": " .. now .. verb .. against .. missing_text .. "."
  end
  local needed, per_year = koers.needed(target, value, state)
  reason = reason:gsub("^%l", string.upper)
  return result(args, {
    status = status, reason = reason, method = method,
    value = value, expected = expected, target = goal, needed = needed,
    needed_per_school_year = (method == "line" and needed > 0) and per_year or nil,
    projection = projection, projection_basis = projection and (capped and "pace_capped" or "pace") or nil,
    expected_path = method == "level"
      and { { { date = target.baseline.date, value = goal }, { date = deadline, value = goal } } }
      or { { { date = from.date, value = from.value }, { date = deadline, value = goal } } },
    years = rows, unreported = #unreported, judged_school_year = judged_year, expected_on = measured_on,
    counted = counted, contributions = contributions, data_as_of = newest,
    notes = { koers.number(numerator) .. T{ nl = " van de ", en = " of " } .. koers.quantity(denominator, of) .. " (" .. context .. ")" },
  })
end

local severity_of_status = { achieved = 1, on_track = 2, at_risk = 3, behind = 4 }

-- Measured indicators --------------------------------------------------------------------------
-- An indicator is a number measured per party and period (`state/measurements.csv`), declared in
-- covenant.yaml; `state.indicators[id]` holds the declaration and the region's series.

local function indicator_of(state, id, who)
  if type(id) ~= "string" then fail("give the indicator's id, such as \"uitval-jaar-1\"") end
  local declared = state.indicators[id]
  if declared == nil then
    local known = {}
    for name in pairs(state.indicators) do known[#known + 1] = name end
    table.sort(known)
    fail("unknown indicator '" .. id .. "'" .. (who or "") .. "; the indicators are declared under 'indicators' in covenant.yaml"
      .. (#known > 0 and (": " .. table.concat(known, ", ")) or " (there are none)"))
  end
  return declared
end

--- An indicator's values, oldest period first. With `party` (the id of a school, institution or
--- board): that party's measurements (`{period, period_start, period_end, value, published,
--- source, …}`, as in `state.measurements`). Without, or with `"regio"`: the region's series,
--- each point the region's own measurement or the parties' values combined as covenant.yaml
--- declares (`from` says which: `"region"`, `"sum"`, `"mean"`, `"weighted"`; `parties` how many).
--- Only what was published by `state.as_of`.
function koers.series(state, indicator, party)
  local declared = indicator_of(state, indicator)
  local out = {}
  if party == nil or party == "regio" then
    for _, point in ipairs(declared.region_series) do out[#out + 1] = point end
    return out
  end
  for _, m in ipairs(state.measurements) do
    if m.indicator == indicator and m.party == party then out[#out + 1] = m end
  end
  table.sort(out, function(a, b)
    if a.period_end ~= b.period_end then return a.period_end < b.period_end end
    return a.period_start < b.period_start
  end)
  return out
end

--- A number with a measured indicator's unit: "7,5%", "430 studenten".
local function with_measured_unit(text, number, unit)
  if unit == "%" then return text .. "%" end
  if unit == nil or unit == "" then return text end
  return text .. " " .. unit_word(unit, number)
end

--- A measured value and what it is compared with, shown so that they compare as the exact
--- numbers do in both directions (7,5% against 8% shows as "7,5%", never "8%"), and the decimals
--- used. The report does the same for the indicator methods.
local function measured_pair(value, expected, unit)
  for decimals = 1, 6 do
    local a, b = rounded(value, decimals), rounded(expected, decimals)
    if ((a < b) == (value < expected) and (a > b) == (value > expected)) or decimals == 6 then
      return with_measured_unit(koers.number(value, decimals), a, unit), with_measured_unit(koers.number(expected, decimals), b, unit), decimals
    end
  end
end

--- A measured value alone, with its decimal: "7,5%" (where `koers.quantity` shows a share whole).
local function measured(value, unit)
  return with_measured_unit(koers.number(value), rounded(value, 1), unit)
end

--- How far apart two shown numbers are, in the unit: "0,2 procentpunt", "3,3 studenten".
local function measured_distance(a, b, decimals, unit)
  local distance = math.abs(rounded(a, decimals) - rounded(b, decimals))
  local text = koers.number(distance, decimals)
  if unit == "%" then
    return text .. T{ nl = " procentpunt", en = rounded(distance, decimals) == 1 and " percentage point" or " percentage points" }
  end
  return with_measured_unit(text, rounded(distance, decimals), unit)
end

--- The first and last day of the periods of `kind` between two dates, oldest first (school
--- years, years, quarters); nil for measurements on single dates, which have no regular periods.
local function periods_between(kind, from, to)
  local out = {}
  if kind == "school-year" then
    for _, year in ipairs(koers.school_years_between(from, to)) do
      local first, last = koers.school_year_bounds(year)
      out[#out + 1] = { name = year, first = first, last = last }
    end
  elseif kind == "year" then
    for year = tonumber(string.sub(from, 1, 4)), tonumber(string.sub(to, 1, 4)) do
      out[#out + 1] = { name = tostring(year), first = year .. "-01-01", last = year .. "-12-31" }
    end
  elseif kind == "quarter" then
    local last_days = { "03-31", "06-30", "09-30", "12-31" }
    for year = tonumber(string.sub(from, 1, 4)), tonumber(string.sub(to, 1, 4)) do
      for quarter = 1, 4 do
        local first = string.format("%d-%02d-01", year, quarter * 3 - 2)
        local last = year .. "-" .. last_days[quarter]
        if last >= from and first <= to then out[#out + 1] = { name = year .. "-Q" .. quarter, first = first, last = last } end
      end
    end
  else
    return nil
  end
  return out
end

--- Each party's own line (a school or institution the indicator is measured for): its newest
--- value against `level`.
local function indicator_contributions(state, target, indicator, level, unit, meets)
  local newest = {}
  for _, m in ipairs(state.measurements) do
    if m.indicator == indicator.id and (m.party_kind == "schools" or m.party_kind == "institutions") then
      local current = newest[m.party]
      if current == nil or m.period_end > current.period_end then newest[m.party] = m end
    end
  end
  local out = {}
  local function judge(id, key)
    local m = newest[id]
    local detail = m and (measured_pair(m.value, level, unit) .. T{ nl = " over ", en = " for " } .. m.period)
    if koers.waiver(target, id) then
      out[#out + 1] = { [key] = id, kind = "waived", detail = detail }
    elseif m == nil then
      out[#out + 1] = { [key] = id, kind = "unreported", detail = T{ nl = "geen meting", en = "no measurement" } }
    else
      out[#out + 1] = { [key] = id, kind = meets(m.value, level) and "contributes" or "missing", detail = detail }
    end
  end
  if koers.contains(indicator.parties, "schools") then
    for _, school in ipairs(koers.parties(state.schools)) do judge(school.id, "school") end
  end
  if koers.contains(indicator.parties, "institutions") then
    for _, institution in ipairs(koers.parties(state.institutions)) do judge(institution.id, "institution") end
  end
  return out
end

--- A target on a measured indicator (`kind: indicator-level`, `indicator-improvement` or
--- `indicator-every-period` in covenant.yaml), judged on the region's series. `args`: `state`,
--- `target`, and optionally `parties = false` (no line per school or institution),
--- `contributions`, `findings`, `notes`, `counted`.
---
--- A level (or an improvement, whose level is the baseline moved by the amount): `achieved` once
--- the newest value is at the level or better (lower or higher, as the indicator's direction
--- says); from the deadline on `behind` when not; otherwise compared with the straight line from
--- the baseline to the level on the last day of the newest value's period: `on_track` on or
--- beyond it, `at_risk` up to one unit short of it or when the pace since the baseline reaches
--- the level, `behind` further short. Every period: each period that ended is met or missed,
--- one missed period is `behind`, a period without a measurement while a later one has one is
--- `at_risk`, and `achieved` once the deadline has passed with every period met. No value yet is
--- `no_data`. Nothing is divided by a baseline, so a baseline of 0 is a baseline like any other.
function koers.judge_indicator(args)
  local state, target = args.state, args.target
  if type(target) ~= "table" or target.indicator == nil then
    fail("the target follows no indicator; give it 'kind: indicator-level' (or indicator-every-period, indicator-improvement) and 'indicator:' in covenant.yaml")
  end
  local indicator = indicator_of(state, target.indicator, " (target '" .. tostring(target.id) .. "')")
  local lower = indicator.direction == "lower"
  local function meets(value, level) if lower then return value <= level end return value >= level end
  local unit = unit_of(args)
  if type(unit) == "table" and unit.other == "%" then unit = "%" end
  local level, deadline, as_of = target.target.value, target.target.deadline, state.as_of
  local series = koers.series(state, indicator.id)
  local newest = series[#series]
  local better = lower and T{ nl = " of lager", en = " or lower" } or T{ nl = " of hoger", en = " or higher" }
  local goal_text = measured(level, unit) .. better
  local contributions = args.contributions
  if contributions == nil and args.parties ~= false then
    contributions = indicator_contributions(state, target, indicator, level, unit, meets)
  end
  local counted = args.counted or koers.map(series, function(point)
    return { label = point.period .. ": " .. measured(point.value, unit), source = point.source }
  end)
  local common = { target = level, counted = counted, contributions = contributions, data_as_of = newest and newest.published }
  local function finish_with(fields)
    for key, value in pairs(common) do if fields[key] == nil then fields[key] = value end end
    return result(args, fields)
  end
  if newest == nil then
    return finish_with {
      status = "no_data", method = target.kind == "indicator-every-period" and "periods" or "indicator",
      reason = T{ nl = "Nog geen meting van ", en = "No measurement yet of " } .. indicator.title .. ".",
    }
  end

  if target.kind == "indicator-every-period" then
    -- Periods after the baseline: after the baseline period when one is named (the line starts on
    -- its last day), else from the baseline date on.
    local start = target.baseline.date
    local function after_baseline(last)
      if target.baseline.period ~= nil then return last > start end
      return last >= start
    end
    local by_period, rows, missed, gaps = {}, {}, {}, {}
    for _, point in ipairs(series) do by_period[point.period] = point end
    local judged = koers.filter(series, function(p) return p.period_start <= deadline and after_baseline(p.period_end) end)
    for _, point in ipairs(judged) do
      local ok = meets(point.value, level)
      rows[#rows + 1] = { school_year = point.period, value = point.value, required = level, result = ok and "met" or "missed" }
      if not ok then missed[#missed + 1] = point end
    end
    -- A period is missing when a later one was measured; from the deadline on, every period that
    -- ended by then is due.
    local closed = as_of >= deadline
    for _, period in ipairs(periods_between(indicator.periods, start, closed and deadline or newest.period_end) or {}) do
      if by_period[period.name] == nil and after_baseline(period.last) and period.last <= deadline
        and (closed or period.last < newest.period_end) then
        gaps[#gaps + 1] = period.name
      end
    end
    local function listed(points)
      return table.concat(koers.map(points, function(p) return p.period .. ": " .. (measured_pair(p.value, level, unit)) end), "; ")
    end
    local agreement = T{ nl = " (afspraak: elke periode ", en = " (agreed: every period " } .. goal_text .. ")."
    local status, reason
    if #missed > 0 then
      status = "behind"
      reason = T{ nl = "Niveau niet gehaald in ", en = "Level not kept in " } .. listed(missed) .. agreement
    elseif #gaps > 0 then
      status = "at_risk"
      reason = T{ nl = "Geen meting over ", en = "No measurement for " } .. table.concat(gaps, ", ")
        .. (closed and T{ nl = " (afgelopen vóór de deadline)", en = " (ended before the deadline)" }
                    or T{ nl = ", terwijl een latere periode wel gemeten is", en = ", while a later period was measured" })
        .. (#judged > 0 and (T{ nl = "; gemeten: ", en = "; measured: " } .. listed(judged)) or "") .. agreement
    elseif #judged == 0 then
      status = closed and "at_risk" or "on_track"
      reason = T{ nl = "Nog geen periode na de nulmeting gemeten; nieuwste: ", en = "No period after the baseline measured yet; newest: " }
        .. newest.period .. ": " .. measured(newest.value, unit) .. agreement
    elseif closed then
      status = "achieved"
      reason = T{ nl = "Elke periode gehaald: ", en = "Every period met: " } .. listed(judged) .. agreement
    else
      status = "on_track"
      reason = T{ nl = "Elke periode tot nu toe gehaald: ", en = "Every period so far met: " } .. listed(judged) .. agreement
    end
    return finish_with {
      status = status, reason = reason, method = "periods", value = newest.value, expected = level,
      needed = math.max(0, lower and newest.value - level or level - newest.value),
      expected_path = { { { date = start, value = level }, { date = deadline, value = level } } },
      years = rows,
    }
  end

  -- A level to reach by the deadline, along the line from the baseline.
  local base_value, base_date = target.baseline.value, target.baseline.date
  if base_value == nil then base_value, base_date = series[1].value, series[1].period_end end
  local on = newest.period_end
  if on < base_date then on = base_date end
  if on > deadline then on = deadline end
  local expected = koers.on_line(base_date, base_value, deadline, level, on)
  local projection, basis = nil, nil
  local elapsed, total = koers.days_between(base_date, on), koers.days_between(base_date, deadline)
  if elapsed > 0 and total > 0 then
    projection = elapsed >= total and newest.value or base_value + (newest.value - base_value) * total / elapsed
    basis = "pace"
    local floor, ceiling = 0, unit == "%" and 100 or nil
    if projection < floor then projection, basis = floor, "pace_capped" end
    if ceiling and projection > ceiling then projection, basis = ceiling, "pace_capped" end
  end
  local shown_value, shown_expected, decimals = measured_pair(newest.value, expected, unit)
  local now = shown_value .. T{ nl = " over ", en = " for " } .. newest.period
  local line = T{ nl = "verwacht ", en = "expected " } .. shown_expected .. T{ nl = " op ", en = " on " } .. koers.long_date(on)
  local pace = projection and (T{ nl = "; in dit tempo ", en = "; at this pace " } .. (measured_pair(projection, level, unit))
    .. T{ nl = " op ", en = " on " } .. koers.long_date(deadline)) or ""
  local distance = math.abs(newest.value - expected)
  local short = measured_distance(newest.value, expected, decimals, unit)
    .. (lower and T{ nl = " boven de lijn", en = " above the line" } or T{ nl = " onder de lijn", en = " below the line" })
  local status, reason
  if meets(newest.value, level) then
    status, reason = "achieved", T{ nl = "Doel gehaald: ", en = "Target reached: " } .. now .. T{ nl = " (doel: ", en = " (target: " } .. goal_text .. ")."
  elseif as_of >= deadline then
    status, reason = "behind", T{ nl = "Deadline ", en = "Deadline " } .. koers.long_date(deadline) .. T{ nl = " bereikt met ", en = " reached with " } .. now
      .. T{ nl = " (doel: ", en = " (target: " } .. goal_text .. ")."
  elseif meets(newest.value, expected) then
    status, reason = "on_track", now .. "; " .. line .. "."
  elseif distance <= 1 or (projection ~= nil and meets(projection, level)) then
    status, reason = "at_risk", now .. ", " .. short .. " (" .. line .. ")" .. pace .. "."
  else
    status, reason = "behind", now .. ", " .. short .. " (" .. line .. ")" .. pace .. "."
  end
  return finish_with {
    status = status, reason = reason, method = "indicator", value = newest.value, expected = expected,
    needed = math.max(0, lower and newest.value - level or level - newest.value),
    projection = projection, projection_basis = basis, expected_on = on,
    expected_path = { { { date = base_date, value = base_value }, { date = deadline, value = level } } },
  }
end

--- The worse of two statuses (`behind` is worse than `at_risk`, which is worse than `on_track`,
--- which is worse than `achieved`).
function koers.worse(a, b)
  for _, status in ipairs({ a, b }) do
    if severity_of_status[status] == nil then
      fail("'" .. tostring(status) .. "' cannot be compared; use achieved, on_track, at_risk or behind")
    end
  end
  return severity_of_status[a] >= severity_of_status[b] and a or b
end

-- Routes --------------------------------------------------------------------------------------

--- The day `route` first reached `stage` or a later stage (`gestopt` aside), from its stage
--- history; nil when it has not. `koers.reached(state, route, "in-ontwikkeling")` is the day a
--- route began to be developed, even when that stage itself was skipped in the data.
function koers.reached(state, route, stage)
  local rank = {}
  for i, name in ipairs(state.route_stages) do rank[name] = i end
  if rank[stage] == nil then
    fail("'" .. tostring(stage) .. "' is not a route stage; use one of: " .. table.concat(state.route_stages, ", "))
  end
  for _, record in ipairs(route.stages) do
    if record.stage ~= "gestopt" and rank[record.stage] >= rank[stage] then return record.date end
  end
  return nil
end

--- Two notes on where `routes` are: per focus district (`state.covenant.focus_districts`) the
--- schools with one of the routes, and per societally crucial sector the routes.
function koers.route_focus_notes(state, routes)
  local schools = koers.index(state.schools)
  local districts = {}
  for _, district in ipairs(state.covenant.focus_districts) do
    local with_route = {}
    for _, route in ipairs(routes) do
      for _, id in ipairs(route.schools) do
        if schools[id] ~= nil and schools[id].stadsdeel == district then with_route[id] = true end
      end
    end
    local n = 0
    for _ in pairs(with_route) do n = n + 1 end
    districts[#districts + 1] = district .. " " .. n
  end
  local sectors = koers.map(state.covenant.crucial_sectors, function(sector)
    return sector .. " " .. koers.count(routes, function(r) return r.sector == sector end)
  end)
  return {
    T{ nl = "Focusstadsdelen (scholen): ", en = "Focus districts (schools): " } .. table.concat(districts, ", ") .. ".",
    T{ nl = "Maatschappelijk cruciale sectoren (routes): ", en = "Societally crucial sectors (routes): " } .. table.concat(sectors, ", ") .. ".",
  }
end

-- Errors in the rule author's terms -----------------------------------------------------------
-- Every helper is wrapped: a `fail` inside it, however deep, surfaces at the outermost helper call
-- as an error at the rule's line (`rules/decanen.lua:7: koers.days_between: 'x' is not a date like
-- 2025-03-14`).
-- Errors from the rule's own callbacks pass through unchanged, with their own line.
-- The wrapper sits on every helper call, inside the rules' loops, so it passes the results on as
-- they are (same number of values) without packing them into a table.
local depth = 0
local function finish(name, ok, ...)
  depth = depth - 1
  if ok then return ... end
  local problem = ...
  if type(problem) == "table" and problem.koers_error ~= nil and depth == 0 then
    error("koers." .. name .. ": " .. problem.koers_error, 2)
  end
  error(problem, 0)
end
for name, helper in pairs(koers) do
  koers[name] = function(...)
    depth = depth + 1
    return finish(name, pcall(helper, ...))
  end
end

return koers
