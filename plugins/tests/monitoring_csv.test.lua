-- Tests of plugins/monitoring_csv.lua: the municipality's monitoring file.
return {
  {
    name = "monitoring_csv: one row per target, with a decimal comma",
    fixture = "rules/tests/fixture",
    as_of = "2025-03-01",
    plugins = { monitoring_csv = { formats = { monitoring = {
      "peildatum;convenant;doel;titel;status;status_code;waarde;verwacht;doelwaarde",
      "2025-03-01;Doorlopend leren vo-mbo;routes-vmbo-b;",
      "\r\n",
    } } } },
  },
}
