-- Tests of rules/kennisdeling.lua: at least one kennisdeling activity every school year.
return {
  fixture = "rules/tests/fixture",
  as_of = "2025-03-01",
  cases = {
    {
      name = "one activity this school year; the school that took part contributes",
      tables = { events = [[
id;date;kind;form;title;participants;source
k1;2024-11-12;kennisdeling;docentstage;Docentstage techniek;a rocva;voorbeeld
]] },
      expect = { kennisdeling = { status = "on_track", value = 1, contributes = { "a", "rocva" }, missing = { "b", "c", "p" } } },
    },
  },
}
