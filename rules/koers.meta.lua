---@meta koers
-- Types of what Koers gives a rule script, for the Lua language server (LuaLS): with this file in
-- the workspace, editors complete `state.`, `target.` and `koers.` and check the result's fields.
-- Koers never runs this file. The reference in prose is rules/README.md.

---A date as ISO text, `"2025-03-14"`. Dates compare correctly as text: `a < b`.
---@alias Koers.Date string
---A school year as text, `"2024-25"` (1 August 2024 – 31 July 2025).
---@alias Koers.SchoolYear string
---Where a record comes from: `"state/routes.csv:12"`.
---@alias Koers.Source string
---@alias Koers.Status "achieved"|"on_track"|"at_risk"|"behind"|"no_data"|"error"
---@alias Koers.RouteStage "verkenning"|"in-ontwikkeling"|"overeenkomst-getekend"|"duo-registratie"|"eerste-cohort-gestart"|"gestopt"
---@alias Koers.Level "PrO"|"vso"|"vmbo-b"|"vmbo-k"|"vmbo-gt"|"havo"
---A unit: plural text (`"scholen"`), or its forms so that one reads "1 school".
---@alias Koers.Unit string|{ one: string, other: string }

---The language the report is made in; `koers.text` picks by it.
---@type "nl"|"en"
lang = "nl"

---The state of the covenant at the end of `as_of`: only records dated on or before it.
---@class Koers.State
---@field as_of Koers.Date the evaluation date
---@field school_year Koers.SchoolYear the school year `as_of` falls in
---@field covenant Koers.Covenant
---@field derived table<string, any> what plugins derived, by plugin name (`state.derived.route_law`); plugins/README.md
---@field boards Koers.Board[]
---@field schools Koers.School[]
---@field institutions Koers.Institution[]
---@field colleges Koers.College[]
---@field routes Koers.Route[] routes that had reached a stage by `as_of`
---@field route_stages Koers.RouteStage[] the stages in their order
---@field events Koers.Event[]
---@field planned_events Koers.Event[] meetings planned after `as_of` (planned = ja in events.csv), never held yet
---@field school_reports Koers.SchoolReport[] reports made by `as_of`
---@field data_sharing Koers.DataSharing[]
---@field havo_milestones Koers.HavoMilestone[]
---@field waivers Koers.Waiver[] waivers that apply on `as_of`
---@field measurements Koers.Measurement[] the indicators' values published by `as_of` (state/measurements.csv)
---@field indicators table<string, Koers.Indicator> the indicators covenant.yaml declares, by id
---@field tables table<string, Koers.TableRow[]> the tables covenant.yaml declares (`tables:`), by name: `state.tables.overeenkomsten`

---@class Koers.Covenant
---@field name string
---@field region string?
---@field baseline Koers.Date
---@field deadline Koers.Date
---@field school_years Koers.SchoolYear[] from the baseline's school year to the deadline's
---@field focus_districts string[] "Nieuw-West", "Zuidoost", "Noord"
---@field crucial_sectors string[] "onderwijs", "zorg", "techniek", "ict"

---@class Koers.Board
---@field id string
---@field name string
---@field sector "vo"|"mbo"|"samenwerkingsverband"
---@field source Koers.Source

---@class Koers.School
---@field id string
---@field name string
---@field board string?
---@field stadsdeel string?
---@field focus_district boolean in Nieuw-West, Zuidoost or Noord
---@field levels Koers.Level[] sorted
---@field example boolean an invented example record (`voorbeeld`)
---@field party boolean bound by the covenant (its board signed, or covenant.yaml names it)
---@field source Koers.Source

---@class Koers.Institution
---@field id string
---@field name string
---@field board string?
---@field party boolean bound by the covenant (its board signed, or covenant.yaml names it)
---@field source Koers.Source

---@class Koers.College
---@field id string
---@field institution string
---@field name string
---@field stadsdeel string?
---@field source Koers.Source

---@class Koers.Route
---@field id string
---@field name string
---@field schools string[] school ids
---@field institution string
---@field college string?
---@field kind "DLR"|"GLR"|"PrO-ROC"|"gestapeld"|"gedeeltelijk"
---@field from_level Koers.Level
---@field to_level integer? mbo niveau 1–4
---@field sector string
---@field crucial_sector boolean onderwijs, zorg, techniek or ict
---@field qualifications string[]
---@field stage Koers.RouteStage the stage on `as_of`
---@field stage_since Koers.Date
---@field stages Koers.RouteStageRecord[] the history up to `as_of`, oldest first
---@field requirements Koers.RequirementRecord[] legal requirements met by `as_of`
---@field cohorts Koers.CohortRecord[]
---@field example boolean
---@field source Koers.Source

---@class Koers.RouteStageRecord
---@field stage Koers.RouteStage
---@field date Koers.Date
---@field source Koers.Source

---@class Koers.RequirementRecord
---@field requirement string "R1" … "R22"
---@field date Koers.Date
---@field evidence string
---@field source Koers.Source

---@class Koers.CohortRecord
---@field school_year Koers.SchoolYear
---@field students integer
---@field source Koers.Source

---@class Koers.Event
---@field planned boolean true for a meeting recorded ahead (state.planned_events)
---@field id string
---@field date Koers.Date
---@field school_year Koers.SchoolYear
---@field kind "decanenoverleg"|"kennisdeling"|"monitoring"|"stuurgroep"|"overig"
---@field form ("docentstage"|"lesbezoek"|"inspiratietour"|"workshop")? only for kennisdeling
---@field title string
---@field participants string[] ids of schools, institutions, colleges or boards
---@field source Koers.Source

---What one vo school reported about one school year; nil means "not reported", not zero.
---@class Koers.SchoolReport
---@field school string
---@field school_year Koers.SchoolYear
---@field reported_on Koers.Date
---@field lob_voorlichting boolean?
---@field praktijkgericht boolean?
---@field stages integer?
---@field werkbezoeken integer?
---@field praktijkopdrachten integer?
---@field business_activities integer? stages + werkbezoeken + praktijkopdrachten, when any was reported
---@field pro_vso_able integer?
---@field pro_vso_offered integer?
---@field source Koers.Source

---@class Koers.DataSharing
---@field date Koers.Date
---@field from string
---@field to string
---@field kind "nco-rapportage"|"studiesucces"|"uitvalredenen" nco-rapportage goes vo → mbo, the others mbo → vo
---@field source Koers.Source

---@class Koers.HavoMilestone
---@field step "verkenning-gestart"|"bevindingen-gerapporteerd"|"besluit"
---@field date Koers.Date
---@field source Koers.Source

---@class Koers.Waiver
---@field target string
---@field school string? nil: the whole target
---@field from Koers.Date
---@field until Koers.Date? nil: to the end of the covenant
---@field reason string
---@field decided_by string
---@field source Koers.Source

---A period of a measured indicator: a school year `"2024-25"`, a year `"2025"`, a quarter `"2025-Q1"` or a date.
---@alias Koers.Period string

---One value of an indicator: a row of state/measurements.csv.
---@class Koers.Measurement
---@field indicator string the indicator's id
---@field party string a school's, institution's or board's id, or "regio" for the whole region
---@field party_kind "region"|"schools"|"institutions"|"boards"
---@field period Koers.Period
---@field period_start Koers.Date the period's first day
---@field period_end Koers.Date the period's last day
---@field value number
---@field published Koers.Date when the value became known (default: the period's last day)
---@field note string?
---@field example boolean an invented record (source = voorbeeld)
---@field source Koers.Source

---An indicator covenant.yaml declares (`indicators:`).
---@class Koers.Indicator
---@field id string
---@field title string
---@field unit string? the plural ("leerlingen"), or "%"
---@field unit_one string?
---@field direction "higher"|"lower" which way is better
---@field parties ("region"|"schools"|"institutions"|"boards")[] who it is measured for
---@field periods "school-year"|"year"|"quarter"|"date"
---@field region "sum"|"mean"|"weighted"? how the region's value is made from the parties' when a period has no region row
---@field weight string? with `weighted`: the indicator that weighs
---@field region_series Koers.RegionPoint[] the region's value per period, oldest first (`koers.series(state, id)`)
---@field source Koers.Source

---The region's value of an indicator in one period.
---@class Koers.RegionPoint
---@field period Koers.Period
---@field period_start Koers.Date
---@field period_end Koers.Date
---@field value number
---@field from "region"|"sum"|"mean"|"weighted" measured for the region itself, or made from the parties'
---@field parties integer how many parties' values made it (1 for the region's own)
---@field published Koers.Date the newest publication day of what made it
---@field party string always "regio"
---@field source Koers.Source the rows it was made from

---A row of a declared table: its columns by name (text, integer, number, boolean for yes-no,
---string[] for lists and parties; dates and school years as text), and these two.
---@class Koers.TableRow
---@field example boolean an invented record (source = voorbeeld)
---@field source Koers.Source

---The target being judged, from covenant.yaml.
---@class Koers.Target
---@field id string
---@field action_line string
---@field title string
---@field kind "cumulative-count"|"count-per-school-year"|"coverage"|"milestones"|"indicator-level"|"indicator-every-period"|"indicator-improvement"
---@field unit string? the plural ("scholen")
---@field unit_one string? the unit for exactly one ("school"), when covenant.yaml gives it
---@field notes string?
---@field indicator string? for the indicator kinds: the indicator's id (`state.indicators[target.indicator]`)
---@field baseline { value: number?, date: Koers.Date, period: Koers.Period? } an indicator's baseline period gives the value
---@field target { value: number, deadline: Koers.Date, per_school_year: number?, improvement: number? } an improvement's value is the baseline moved by it
---@field freshness { amount: integer, unit: string, oldest_fresh_date: Koers.Date }?
---@field waivers Koers.Waiver[] this target's waivers that apply on `as_of`
---@field source Koers.Source

---What a rule returns. Only `status` is required; Koers says exactly what is wrong with any field.
---@class Koers.Result
---@field status Koers.Status
---@field value number?
---@field expected number? where the line says the value should be now (exact)
---@field target number?
---@field needed number? still needed
---@field needed_per_school_year number?
---@field projection number? the value at the deadline at the present pace, or a school year's held + planned
---@field data_as_of Koers.Date? the date of the newest data used; older than the freshness limit gives `no_data`
---@field counted Koers.Counted[]?
---@field contributions Koers.Contribution[]?
---@field findings Koers.Finding[]?
---@field notes string[]?
---@field reason string? one sentence: why the status is what it is, in the covenant's words and numbers
---@field method "count"|"milestones"|"yearly"|"level"|"line"|"indicator"|"periods"? the status method used
---@field expected_path { date: Koers.Date, value: number }[][]? the line `expected` lies on, as compared (the chart draws it)
---@field expected_on Koers.Date? the day `expected` is the line's value on, when not `as_of` (the newest measurement's)
---@field projection_basis "pace"|"pace_capped"|"plan"? how `projection` was made
---@field years Koers.YearResult[]? the school years judged one by one
---@field unreported integer? schools without the return judged on
---@field judged_school_year Koers.SchoolYear? for a level: the school year whose returns were judged

---@class Koers.YearResult
---@field school_year Koers.SchoolYear|Koers.Period a school year, or for `periods` an indicator's period
---@field value number
---@field required number what the year needs (a run-in year: its share; returns: the units reported)
---@field result "met"|"missed"|"running"|"run_in"|"measured"
---@field expected number? the running year's share so far
---@field planned number? the running year's plan
---@field unreported integer? schools without a return for the year

---@class Koers.Counted
---@field label string
---@field source Koers.Source?

---@class Koers.Contribution
---@field school string? a vo school's id; or
---@field institution string? an mbo institution's id (one of the two)
---@field kind "contributes"|"missing"|"candidate"|"waived"|"unreported" `missing`: asked of this one;
---`candidate`: one of several that can add what the city still needs (a route), asked of none alone
---@field detail string?

---@class Koers.Finding
---@field severity "info"|"warning"|"problem"? default "info"
---@field message string

---@class Koers.Coverage
---@field numerator integer
---@field denominator integer
---@field percent number? exact; nil without units (`koers.percent` shows it)

---The state as of the evaluation date. Read-only: writing to it is an error; copy what you change.
---@type Koers.State
state = {}

---The target this rule judges.
---@type Koers.Target
target = {}

---@class Koers
local koers = {}

-- Collections

---The items of `list` for which `keep(item)` is true, in their order.
---@generic T
---@param list T[]
---@param keep fun(item: T): boolean
---@return T[]
function koers.filter(list, keep) end

---How many items satisfy `keep` (all items when `keep` is nil).
---@generic T
---@param list T[]
---@param keep? fun(item: T): boolean
---@return integer
function koers.count(list, keep) end

---`f(item)` for every item.
---@generic T, U
---@param list T[]
---@param f fun(item: T): U
---@return U[]
function koers.map(list, f) end

---The first item for which `match(item)` is true, or nil.
---@generic T
---@param list T[]
---@param match fun(item: T): boolean
---@return T?
function koers.find(list, match) end

---Whether `list` holds `value`.
---@param list any[]
---@param value any
---@return boolean
function koers.contains(list, value) end

---The items grouped by `key(item)`, sorted by key.
---@generic T
---@param list T[]
---@param key fun(item: T): string|number
---@return { key: string|number, items: T[] }[]
function koers.group(list, key) end

---The distinct values of `key(item)` (or of the items), sorted.
---@generic T
---@param list T[]
---@param key? fun(item: T): string|number
---@return (string|number)[]
function koers.distinct(list, key) end

---A table from `key(item)` (default `item.id`) to the item.
---@generic T
---@param list T[]
---@param key? fun(item: T): string
---@return table<string, T>
function koers.index(list, key) end

---The items under each key, in one pass: a table from key to the list of items that have it.
---`keys(item)` gives one key or a list of keys (an event's `participants`). Use it instead of
---filtering the whole list once per school: with 1,500 schools that is the difference between
---one pass and 1,500.
---@param list table[]
---@param keys fun(item: table): (string|string[])
---@return table<string, table[]>
function koers.index_all(list, keys) end

---A route stage in words in the report's language, for text people read: "eerste cohort gestart"
---(English "first cohort started") for "eerste-cohort-gestart".
---@param stage Koers.Stage|string
---@return string
function koers.stage_name(stage) end

---The text for the report's language: `koers.text{nl = "gehaald", en = "met"}`. Both are
---required; a text may also be a unit's forms (`{nl = {one = …, other = …}, en = {…}}`).
---@generic T
---@param texts { nl: T, en: T }
---@return T
function koers.text(texts) end

---The organisations of `list` that are party to the covenant (`party` is true): their board
---signed, or covenant.yaml names them. The others are listed in the report and never judged.
---@generic T
---@param list T[]
---@return T[]
function koers.parties(list) end

---The latest `date` among the items (or `key(item)`), or nil for an empty list.
---@param list table[]
---@param key? fun(item: table): Koers.Date?
---@return Koers.Date?
function koers.latest_date(list, key) end

-- Dates and school years

---Days since 1970-01-01.
---@param date Koers.Date
---@return integer
function koers.day_number(date) end

---The date `days` days later (earlier when negative).
---@param date Koers.Date
---@param days integer
---@return Koers.Date
function koers.add_days(date, days) end

---Days from `from` to `to` (negative when `to` is earlier).
---@param from Koers.Date
---@param to Koers.Date
---@return integer
function koers.days_between(from, to) end

---The school year a date falls in: `"2025-26"` for `"2025-08-01"`.
---@param date Koers.Date
---@return Koers.SchoolYear
function koers.school_year(date) end

---First and last day of a school year.
---@param school_year Koers.SchoolYear
---@return Koers.Date first
---@return Koers.Date last
function koers.school_year_bounds(school_year) end

---The school year before: `"2024-25"` for `"2025-26"`.
---@param school_year Koers.SchoolYear
---@return Koers.SchoolYear
function koers.previous_school_year(school_year) end

---The school years from the one holding `from` to the one holding `to`.
---@param from Koers.Date
---@param to Koers.Date
---@return Koers.SchoolYear[]
function koers.school_years_between(from, to) end

---The school years wholly between the target's baseline date and deadline.
---@param target Koers.Target
---@return Koers.SchoolYear[]
function koers.judged_school_years(target) end

---The covenant's school years that have not ended on `state.as_of`.
---@param state Koers.State
---@return Koers.SchoolYear[]
function koers.remaining_school_years(state) end

-- Showing numbers
---A number as reports show it: `"10,5"` (one decimal, or `decimals`, half up, decimal comma).
---@param value number
---@param decimals? integer
---@return string
function koers.number(value, decimals) end
---A percentage as reports show it: `"67%"`; never 100% or 0% unless exactly so.
---@param value number
---@return string
function koers.percent(value) end
---A value with its unit: `"10 scholen"`, `"67%"`, `"1 school"` with the unit's forms.
---@param value number
---@param unit Koers.Unit?
---@return string
function koers.quantity(value, unit) end

---A value and what was expected, as texts that compare as the exact numbers do (`"10"`, `"10,04"`).
---@param value number
---@param expected number
---@param unit string?
---@param slack number? with a count's one unit: more than `slack` below also shows as more
---@return string value
---@return string expected
---@return integer? decimals nil for the usual ones
function koers.pair(value, expected, unit, slack) end
---A date as Dutch text: `"31 juli 2027"`.
---@param date Koers.Date
---@return string
function koers.long_date(date) end
---Where the straight line between two points is on `as_of`, exact.
---@param from_date Koers.Date
---@param from_value number
---@param to_date Koers.Date
---@param to_value number
---@param as_of Koers.Date
---@return number
function koers.on_line(from_date, from_value, to_date, to_value, as_of) end
-- The trajectory

---The straight line from baseline to target on `as_of`, exact (10.5 schools).
---@param target Koers.Target
---@param as_of Koers.Date
---@return number
function koers.expected(target, as_of) end

---The value at the deadline at the pace since the baseline (or `from`), exact; nil on the first day.
---@param target Koers.Target
---@param value number
---@param as_of Koers.Date
---@param from? { date: Koers.Date, value: number } the start of the line, when not the covenant's baseline
---@return number?
function koers.projection(target, value, as_of, from) end

---Still needed, in total and per remaining school year (rounded up).
---@param target Koers.Target
---@param value number
---@param state Koers.State
---@return number needed
---@return number per_school_year
function koers.needed(target, value, state) end

---What `per_year` comes to so far in the running school year (counted from `since` when later).
---@param per_year number
---@param as_of Koers.Date
---@param since? Koers.Date
---@return number
function koers.pro_rata(per_year, as_of, since) end

---The share of `units` for which `meets(unit)` is true.
---@generic T
---@param units T[]
---@param meets fun(unit: T): boolean
---@return Koers.Coverage
function koers.coverage(units, meets) end

---Each school's newest report with a value for `field`, by school id.
---@param reports Koers.SchoolReport[]
---@param field string
---@return table<string, Koers.SchoolReport>
function koers.latest_reports(reports, field) end

---Whether data dated `date` is within the target's freshness limit (always true without one).
---@param target Koers.Target
---@param date Koers.Date?
---@return boolean
function koers.is_fresh(target, date) end

---The waiver that exempts `school` (or, without a school, the whole target), or nil.
---@param target Koers.Target
---@param school? string
---@return Koers.Waiver?
function koers.waiver(target, school) end

-- Judging

---The status of a count against its line.
---@param target Koers.Target
---@param value number
---@param expected number
---@param projection number?
---@param as_of Koers.Date
---@return Koers.Status
function koers.status(target, value, expected, projection, as_of) end

---The worse of two statuses.
---@param a Koers.Status
---@param b Koers.Status
---@return Koers.Status
function koers.worse(a, b) end

---@class Koers.ResultParts
---@field counted Koers.Counted[]?
---@field contributions Koers.Contribution[]?
---@field findings Koers.Finding[]?
---@field notes string[]?
---@field data_as_of Koers.Date?

---@class Koers.CountArgs: Koers.ResultParts
---@field state Koers.State
---@field target Koers.Target
---@field value number
---@field unit Koers.Unit?
---@field method "count"|"milestones"?
---@field earliest_next Koers.Date? the first day a unit not yet counted can count
---@field earliest_why string? why, in a few words

---A whole result for a count that grows along the line from baseline to target.
---@param args Koers.CountArgs
---@return Koers.Result
function koers.judge_count(args) end


---@class Koers.SchoolReportArgs
---@field state Koers.State
---@field target Koers.Target
---@field schools Koers.School[]
---@field field string a field of Koers.SchoolReport
---@field meets (fun(report: Koers.SchoolReport): boolean)? a school is one unit that meets or not; or
---@field measure (fun(report: Koers.SchoolReport): number, number)? numerator and denominator for the school
---@field method "level"|"line"? default "line"
---@field of Koers.Unit? what the units are: `{one = "leerling", other = "leerlingen"}`; default schools
---@field verb string? what the units that count did, for the reason (default "voldoen")
---@field verb_one string? the same for exactly one (default "voldoet")
---@field describe (fun(report: Koers.SchoolReport): string)?
---@field notes string[]?

---A whole result for a coverage of schools measured by their newest fresh reports.
---@param args Koers.SchoolReportArgs
---@return Koers.Result
function koers.judge_school_reports(args) end

---@class Koers.YearlyArgs: Koers.ResultParts
---@field state Koers.State
---@field target Koers.Target
---@field records { date: Koers.Date }[]
---@field planned { date: Koers.Date }[]? planned items, such as state.planned_events of one kind
---@field per_year number? default `target.target.value`
---@field value (fun(records: table[]): number)? default: how many records
---@field label (fun(record: table): string)? default: title or id, with the date
---@field unit Koers.Unit? for the reason; default the target's unit

---A whole result for a number to be reached every school year.
---@param args Koers.YearlyArgs
---@return Koers.Result
function koers.judge_yearly(args) end

-- Measured indicators

---An indicator's values, oldest period first: a party's measurements, or without `party` (or
---with "regio") the region's series as covenant.yaml declares it.
---@param state Koers.State
---@param indicator string
---@param party string?
---@return (Koers.Measurement|Koers.RegionPoint)[]
function koers.series(state, indicator, party) end

---@class Koers.IndicatorArgs: Koers.ResultParts
---@field state Koers.State
---@field target Koers.Target a target of kind indicator-level, indicator-every-period or indicator-improvement
---@field parties false? false: no line per school or institution
---@field unit Koers.Unit? default the target's (the indicator's)

---A whole result for a target on a measured indicator: a level by the deadline (up or down), a
---level in every period, or an improvement against the baseline period.
---@param args Koers.IndicatorArgs
---@return Koers.Result
function koers.judge_indicator(args) end

-- Routes

---The day `route` first reached `stage` or a later one (`gestopt` aside), or nil.
---@param state Koers.State
---@param route Koers.Route
---@param stage Koers.RouteStage
---@return Koers.Date?
function koers.reached(state, route, stage) end

---Two notes: schools with one of `routes` per focus district, and routes per crucial sector.
---@param state Koers.State
---@param routes Koers.Route[]
---@return string[]
function koers.route_focus_notes(state, routes) end

return koers
