---@meta
-- Types of Koers plugins for the Lua language server (LuaLS): plugins/README.md describes them.
-- Annotate a plugin's table with `---@type Koers.Plugin` for completion and checks.

---@type "nl"|"en" the report's language, in every hook
lang = "nl"

---@class Koers.Plugin
---@field name string the file name without .lua
---@field version string the plugin's own version
---@field api integer the plugin API it is written for: 1
---@field description? string one line for koers check
---@field derive? fun(state: Koers.State): any extra data, as state.derived.<name>
---@field checks? fun(state: Koers.State): Koers.PluginFinding[] data-quality findings
---@field sections? fun(state: Koers.State, results: table<string, Koers.TargetResult>): Koers.Section[] report sections
---@field helpers? table functions for rules: require("<name>").helpers
---@field formats? table<string, Koers.Format> output formats, by the name --format takes

---@class Koers.PluginFinding
---@field severity? "info"|"warning"|"problem" a warning when left out
---@field message string
---@field source? string the record it is about, such as school.source

---@class Koers.TargetResult
---@field id string
---@field title string
---@field unit? string
---@field status Koers.Status
---@field reason? string why the status is what it is, in one sentence
---@field value? number
---@field expected? number
---@field target? number
---@field needed? number
---@field needed_per_school_year? number
---@field projection? number
---@field contributions Koers.Contribution[]

---@class Koers.Section
---@field title string
---@field blocks Koers.Block[]

---@class Koers.Block
---@field type "heading"|"paragraph"|"table"|"bars"
---@field text? string heading and paragraph
---@field columns? string[] table: the header
---@field rows? (string|number)[][] table: rows as long as the header
---@field title? string bars: a caption
---@field unit? string bars: the unit of the values
---@field items? {label: string, value: number}[] bars

---@class Koers.Format
---@field file string a plain file name in the output folder
---@field render fun(report: Koers.ReportView): string the file's text

---@class Koers.ReportView
---@field language "nl"|"en"
---@field as_of Koers.Date
---@field school_year Koers.SchoolYear
---@field covenant {name: string, region?: string, baseline: Koers.Date, deadline: Koers.Date}
---@field targets Koers.ReportTarget[]
---@field provenance {as_of: Koers.Date, data: string, rules: string, plugins: string, koers_version: string}

---@class Koers.ReportTarget: Koers.TargetResult
---@field action_line string
---@field kind string
---@field owner "schools"|"programme-team"
---@field status_label string the status in the report's language
---@field baseline? number
---@field deadline Koers.Date
---@field error? string the rule's error, when it failed
