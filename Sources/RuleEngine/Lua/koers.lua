-- koers: the helper library for rule scripts. `local koers = require("koers")`.
-- Documented in rules/README.md; types for the Lua language server in rules/koers.meta.lua.
-- Everything here is plain Lua on the tables Koers passes in (`state`, `target`); it changes nothing.

local koers = {}

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

-- Dates and school years -----------------------------------------------------------------------

local function parse_date(date)
  local y, m, d = string.match(date or "", "^(%d%d%d%d)%-(%d%d)%-(%d%d)$")
  if not y then error("'" .. tostring(date) .. "' is not a date like 2025-03-14", 3) end
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
  if not start then error("'" .. tostring(school_year) .. "' is not a school year like 2024-25", 2) end
  return string.format("%d-08-01", start), string.format("%d-07-31", start + 1)
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
--- (four meetings a year: one expected after a quarter of the year). Rounded down.
function koers.pro_rata(per_year, as_of)
  local first, last = koers.school_year_bounds(koers.school_year(as_of))
  local length = koers.days_between(first, last) + 1
  local elapsed = koers.days_between(first, as_of) + 1
  return per_year * elapsed // length
end

--- The share of `units` for which `meets(unit)` is true: `{numerator, denominator, percent}`
--- (percent is nil when there are no units).
function koers.coverage(units, meets)
  local numerator = koers.count(units, meets)
  local denominator = #units
  return {
    numerator = numerator,
    denominator = denominator,
    percent = denominator > 0 and numerator * 100 / denominator or nil,
  }
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

return koers
