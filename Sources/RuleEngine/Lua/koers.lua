-- koers: the helper library for rule scripts. `local koers = require("koers")`.
-- Documented in rules/README.md; types for the Lua language server in rules/koers.meta.lua.
-- Everything here is plain Lua on the tables Koers passes in (`state`, `target`); it changes nothing.

local koers = {}

--- A helper given something it cannot use raises this; the wrapper at the end of this file turns
--- it into an error at the line of the rule that called the helper, not a line in this file.
local function fail(message)
  error({ koers_error = message }, 0)
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

-- Trajectory ------------------------------------------------------------------------------------

local function baseline_value(target)
  return target.baseline.value or 0
end

--- Where the straight line from baseline (value, date) to target (value, deadline) is on `as_of`,
--- in whole units (rounded down: half a school is not yet a school).
function koers.expected(target, as_of)
  local total = koers.days_between(target.baseline.date, target.target.deadline)
  local elapsed = math.max(0, math.min(total, koers.days_between(target.baseline.date, as_of)))
  local from, to = baseline_value(target), target.target.value
  return from + (to - from) * elapsed // total
end

--- The value at the deadline if the pace since the baseline continues; nil on the baseline day
--- (no pace yet). Whole units, rounded down.
function koers.projection(target, value, as_of)
  local elapsed = koers.days_between(target.baseline.date, as_of)
  if elapsed <= 0 then return nil end
  local total = koers.days_between(target.baseline.date, target.target.deadline)
  if elapsed >= total then return value end
  local from = baseline_value(target)
  return from + (value - from) * total // elapsed
end

--- Still needed to reach the target, in total and per remaining school year (rounded up).
function koers.needed(target, value, state)
  local needed = math.max(0, target.target.value - value)
  local years = #koers.remaining_school_years(state)
  local per_year = years > 0 and -((-needed) // years) or needed
  return needed, per_year
end

--- What should be reached so far in the running school year for a yearly number `per_year`
--- (four meetings a year: one expected after a quarter of the year). Rounded down. With `since`
--- (a date inside the year, such as the baseline), the year is counted from that day.
function koers.pro_rata(per_year, as_of, since)
  local first, last = koers.school_year_bounds(koers.school_year(as_of))
  local length = koers.days_between(first, last) + 1
  local start = (since ~= nil and since > first) and since or first
  local elapsed = math.max(0, koers.days_between(start, as_of) + 1)
  return per_year * elapsed // length
end

--- The share of `units` for which `meets(unit)` is true: `{numerator, denominator, percent}`.
--- The percentage is whole and rounded down, so 29 of 30 is 96, never 100; it is nil when there
--- are no units.
function koers.coverage(units, meets)
  local numerator = koers.count(units, meets)
  local denominator = #units
  return {
    numerator = numerator,
    denominator = denominator,
    percent = denominator > 0 and numerator * 100 // denominator or nil,
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

--- The status of a count against its line: achieved once the target is reached; on track at or
--- above the expected value; at risk when the projection still reaches the target or the value is
--- one unit short; behind otherwise, and always once the deadline has passed.
function koers.status(target, value, expected, projection, as_of)
  if value >= target.target.value then return "achieved" end
  if as_of > target.target.deadline then return "behind" end
  if value >= expected then return "on_track" end
  if (projection ~= nil and projection >= target.target.value) or value >= expected - 1 then return "at_risk" end
  return "behind"
end

--- A whole result for a count that should grow along a line from baseline to target.
--- `args`: `state`, `target`, `value`, and optionally `counted`, `contributions`, `findings`,
--- `notes`, `data_as_of`.
function koers.judge_count(args)
  local state, target, value = args.state, args.target, args.value
  local expected = koers.expected(target, state.as_of)
  local projection = koers.projection(target, value, state.as_of)
  local needed, per_year = koers.needed(target, value, state)
  return {
    status = koers.status(target, value, expected, projection, state.as_of),
    value = value,
    expected = expected,
    target = target.target.value,
    needed = needed,
    needed_per_school_year = per_year,
    projection = projection,
    counted = args.counted,
    contributions = args.contributions,
    findings = args.findings,
    notes = args.notes,
    data_as_of = args.data_as_of,
  }
end

--- A whole result for a share that should reach `target.target.value` percent.
--- `args`: `state`, `target`, `numerator`, `denominator`, `of` (what is counted, for the note:
--- "scholen", "leerlingen"), and optionally `expected` (the percentage expected now; default the
--- straight line from the baseline, 0% when the covenant gives none, to the target), `counted`,
--- `contributions`, `findings`, `notes`, `data_as_of`.
--- The status is judged in whole units, like a count: one school short of the expectation is a
--- risk, two or more is behind. With nothing to measure (denominator 0) the status is `no_data`.
function koers.judge_coverage(args)
  local state, target = args.state, args.target
  local numerator, denominator = args.numerator, args.denominator
  local notes = { numerator .. " van de " .. denominator .. " " .. (args.of or "") }
  for _, note in ipairs(args.notes or {}) do notes[#notes + 1] = note end
  local findings = args.findings or {}
  if denominator == 0 then
    findings[#findings + 1] = { severity = "warning", message = "Er is niets om te meten: geen " .. (args.of or "eenheden") .. "." }
    return { status = "no_data", target = target.target.value, counted = args.counted,
             contributions = args.contributions, findings = findings, notes = notes, data_as_of = args.data_as_of }
  end
  local value = numerator * 100 // denominator
  local expected = args.expected or koers.expected(target, state.as_of)
  local projection = nil
  if args.expected == nil then
    projection = koers.projection(target, value, state.as_of)
    if projection ~= nil then projection = math.min(100, projection) end
  end
  -- Judged in whole units: the expected share becomes whole schools (or students), rounded down,
  -- and is shown as the percentage those units make, so value and expected compare as shown.
  local target_units = -((-target.target.value * denominator) // 100)
  local expected_units = expected * denominator // 100
  expected = expected_units * 100 // denominator
  local status
  if numerator >= target_units then status = "achieved"
  elseif state.as_of > target.target.deadline then status = "behind"
  elseif numerator >= expected_units then status = "on_track"
  elseif (projection ~= nil and projection >= target.target.value) or numerator >= expected_units - 1 then status = "at_risk"
  else status = "behind" end
  local needed, per_year = koers.needed(target, value, state)
  return {
    status = status, value = value, expected = expected, target = target.target.value,
    needed = needed, needed_per_school_year = per_year, projection = projection,
    counted = args.counted, contributions = args.contributions, findings = findings, notes = notes,
    data_as_of = args.data_as_of,
  }
end

--- A whole result for a coverage of schools measured by their yearly reports
--- (`state.school_reports`): the share of `schools` whose newest report answering `field` meets
--- the condition. `args`: `state`, `target`, `schools`, `field` (such as `"lob_voorlichting"`),
--- `meets(report)`, and optionally `describe(report)` (the detail a school sees), `expected`
--- (as for `koers.judge_coverage`), `notes`.
---
--- A school with a waiver for the target is left out of the share; a school without a report
--- within the freshness limit counts as not meeting it, with a warning naming it. Each school
--- gets a contribution. Notes give the share per school year as reported.
function koers.judge_school_reports(args)
  local state, target = args.state, args.target
  local latest = koers.latest_reports(state.school_reports, args.field)
  local describe = args.describe or function(report) return "opgave " .. report.school_year end
  local numerator, denominator, newest = 0, 0, nil
  local contributions, counted, unreported = {}, {}, {}
  for _, school in ipairs(args.schools) do
    local report = latest[school.id]
    if report ~= nil and (newest == nil or report.reported_on > newest) then newest = report.reported_on end
    if koers.waiver(target, school.id) then
      contributions[#contributions + 1] = { school = school.id, kind = "waived", detail = "vrijgesteld" }
    elseif report == nil or not koers.is_fresh(target, report.reported_on) then
      denominator = denominator + 1
      unreported[#unreported + 1] = school.id
      contributions[#contributions + 1] = { school = school.id, kind = "missing",
        detail = report and ("laatste opgave (" .. report.school_year .. ") is verouderd") or "geen opgave" }
    else
      denominator = denominator + 1
      local meets = args.meets(report)
      if meets then
        numerator = numerator + 1
        counted[#counted + 1] = { label = school.name .. " (" .. report.school_year .. ")", source = report.source }
      end
      contributions[#contributions + 1] = { school = school.id, kind = meets and "contributes" or "missing", detail = describe(report) }
    end
  end

  local notes = {}
  local eligible = koers.index(args.schools)
  for _, group in ipairs(koers.group(state.school_reports, function(r) return r.school_year end)) do
    local reports = koers.filter(group.items, function(r) return eligible[r.school] ~= nil and r[args.field] ~= nil end)
    if #reports > 0 then
      notes[#notes + 1] = group.key .. ": " .. koers.count(reports, args.meets) .. " van de " .. #reports .. " opgaven voldoen."
    end
  end
  for _, note in ipairs(args.notes or {}) do notes[#notes + 1] = note end

  local findings = {}
  if newest == nil then
    findings[#findings + 1] = { severity = "warning", message = "Nog geen opgaven van scholen over " .. args.field .. "." }
    return { status = "no_data", target = target.target.value, contributions = contributions, findings = findings, notes = notes }
  end
  if #unreported > 0 then
    local who = #unreported == 1 and "1 school zonder actuele opgave telt" or (#unreported .. " scholen zonder actuele opgave tellen")
    findings[#findings + 1] = { severity = "warning", message = who .. " als niet voldaan: " .. table.concat(unreported, ", ") .. "." }
  end
  return koers.judge_coverage {
    state = state, target = target, numerator = numerator, denominator = denominator, of = "scholen",
    expected = args.expected, counted = counted, contributions = contributions, findings = findings,
    notes = notes, data_as_of = newest,
  }
end

local severity_of_status = { achieved = 1, on_track = 2, at_risk = 3, behind = 4 }

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

--- A whole result for a number that should be reached every school year, such as four meetings.
--- `args`: `state`, `target`, `records` (items with a `date`, such as `state.events` filtered to
--- one kind), and optionally `per_year` (default `target.target.value`), `value(records)` (what
--- the records of one year add up to; default how many there are), `label(record)` (for the
--- counted list; default the record's title or id), `unit` (for the notes, default the target's),
--- `contributions`, `findings`, `notes`, `data_as_of`.
---
--- Closed school years (`koers.judged_school_years`) are met or not met; the running year is
--- judged pro rata (`koers.pro_rata`). `value` is the running year's, `expected` its pro-rata
--- share, `needed` what the running year still lacks and `projection` where the running year ends
--- at its present pace. Status: `achieved` once every school year of the covenant is met (the
--- last one included); `behind` after the deadline with a year missed, with two or more closed
--- years missed, or when the running year is two or more below its share; `at_risk` with one
--- closed year missed or the running year one below its share; otherwise `on_track`.
function koers.judge_yearly(args)
  local state, target = args.state, args.target
  local per_year = args.per_year or target.target.value
  local value_of = args.value or function(records) return #records end
  local label = args.label or function(record) return (record.title or record.id or "") .. " (" .. record.date .. ")" end
  local unit = args.unit or target.unit or ""
  local function records_in(first, last)
    return koers.filter(args.records, function(r) return r.date >= first and r.date <= last end)
  end

  local notes, findings, missed = {}, {}, 0
  local judged = koers.judged_school_years(target)
  local last_judged = judged[#judged]
  for _, year in ipairs(judged) do
    local first, last = koers.school_year_bounds(year)
    if last < state.as_of then
      local value = value_of(records_in(first, last))
      if value >= per_year then
        notes[#notes + 1] = year .. ": " .. value .. " " .. unit .. " (nodig " .. per_year .. ") — gehaald."
      else
        missed = missed + 1
        findings[#findings + 1] = { severity = "problem",
          message = year .. ": " .. value .. " " .. unit .. " (nodig " .. per_year .. ") — niet gehaald." }
      end
    end
  end

  local after_deadline = state.as_of > target.target.deadline
  local year = after_deadline and (last_judged or state.school_year) or state.school_year
  local first, last = koers.school_year_bounds(year)
  local records = records_in(first, state.as_of < last and state.as_of or last)
  local value = value_of(records)
  local expected, projection
  if after_deadline then
    expected = per_year
  else
    expected = koers.pro_rata(per_year, state.as_of, target.baseline.date)
    local start = target.baseline.date > first and target.baseline.date or first
    local elapsed = koers.days_between(start, state.as_of) + 1
    local length = koers.days_between(start, last) + 1
    if elapsed > 1 then projection = value * length // elapsed end
    if not koers.contains(judged, year) then
      notes[#notes + 1] = year .. " is een aanlooptijd (vanaf " .. target.baseline.date .. "): naar rato beoordeeld, niet als heel schooljaar."
    end
  end

  local status
  if after_deadline then
    status = missed == 0 and "achieved" or "behind"
  elseif year == last_judged and missed == 0 and value >= per_year then
    status = "achieved"
  else
    if value >= expected then status = "on_track"
    elseif value >= expected - 1 then status = "at_risk"
    else status = "behind" end
    if missed >= 2 then status = "behind"
    elseif missed == 1 then status = koers.worse(status, "at_risk") end
  end

  for _, note in ipairs(args.notes or {}) do notes[#notes + 1] = note end
  for _, finding in ipairs(args.findings or {}) do findings[#findings + 1] = finding end
  return {
    status = status, value = value, expected = expected, target = per_year,
    needed = math.max(0, per_year - value), projection = projection,
    counted = koers.map(records, function(r) return { label = label(r), source = r.source } end),
    contributions = args.contributions, findings = findings, notes = notes, data_as_of = args.data_as_of,
  }
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
    "Focusstadsdelen (scholen): " .. table.concat(districts, ", ") .. ".",
    "Maatschappelijk cruciale sectoren (routes): " .. table.concat(sectors, ", ") .. ".",
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
