-- monitoring_csv: the file the municipality's MBO-Agenda monitoring imports.
--
-- One row per target with its status and numbers on the evaluation date, in the layout of the
-- gemeente's monitor: `;` between fields, a decimal comma, text in double quotes where it holds a
-- `;`, `"` or line break. The columns are fixed (the monitor reads them by name): `status` is the
-- status in the report's language (behaald, op koers, …), which people read; `status_code` is the
-- key (achieved, on_track, …), which does not change with the language, for the monitor to match on.
-- Koers adds the byte order mark Excel needs to read the file as UTF-8.
-- The column names in the report's language; the columns themselves are the same in both.
local columns = {
  nl = { "peildatum", "convenant", "doel", "titel", "status", "status_code", "waarde", "verwacht", "doelwaarde",
         "nog_nodig", "nog_nodig_per_schooljaar", "prognose", "eenheid", "deadline" },
  en = { "as_of", "covenant", "target", "title", "status", "status_code", "value", "expected", "target_value",
         "needed", "needed_per_school_year", "projection", "unit", "deadline" },
}

local function field(value)
  if value == nil then return "" end
  if math.type(value) == "integer" then return tostring(value) end
  -- A decimal comma in Dutch (Excel in a Dutch locale reads it as a number), a point in English.
  if type(value) == "number" then return lang == "en" and ("%.1f"):format(value) or (("%.1f"):format(value):gsub("%.", ",")) end
  local text = tostring(value)
  if text:find('[;,"\r\n]') then text = '"' .. text:gsub('"', '""') .. '"' end
  return text
end

return {
  name = "monitoring_csv",
  version = "1.0.0",
  api = 1,
  description = "CSV voor de monitoring van de gemeente (MBO-Agenda)",

  formats = {
    monitoring = {
      file = "monitoring-gemeente.csv",
      render = function(report)
        -- As Koers' own CSV files: `;` for Excel in a Dutch locale, `,` in an English one.
        local separator = lang == "en" and "," or ";"
        local names = columns[lang] or columns.nl
        local lines = { table.concat(names, separator) }
        for _, t in ipairs(report.targets) do
          local row = { report.as_of, report.covenant.name, t.id, t.title, t.status_label, t.status, t.value, t.expected, t.target,
                        t.needed, t.needed_per_school_year, t.projection, t.unit, t.deadline }
          local cells = {}
          for i = 1, #names do cells[i] = field(row[i]) end
          lines[#lines + 1] = table.concat(cells, separator)
        end
        return table.concat(lines, "\r\n") .. "\r\n"
      end,
    },
  },
}
