-- Differential corpus: run with stock lua5.4 and with `koers lua`; the printed lines must match.
local sformat, sbyte, mtype, tsort, tconcat = string.format, string.byte, math.type, table.sort, table.concat
-- The shared prelude (rules/prelude.lua): a deterministic formatter and a protected runner.
local prelude = require("prelude")
local esc, fmt, fmtall, try, show = prelude.esc, prelude.fmt, prelude.fmtall, prelude.try, prelude.show

-- char
local cps = { 0, 65, 127, 128, 255, 0x7FF, 0x800, 0xFFFF, 0x10000, 0x10FFFF, 0x110000, 0x7FFFFFFF, 0xD800, 0xDFFF }
for i, c in ipairs(cps) do try("char." .. c, utf8.char, c) end
try("char.many", utf8.char, 72, 0x20AC, 0x1F600, 33)
try("char.none", utf8.char)
try("char.neg", utf8.char, -1)
try("char.too.big", utf8.char, 0x80000000)
try("char.float", utf8.char, 65.0)
try("char.floatbad", utf8.char, 65.5)
try("char.str", utf8.char, "66")
try("char.bad", utf8.char, "x")
try("charpattern", function() return utf8.charpattern end)

-- strings to work on
local good = "häll€ 😀!"
local subjects = {
  good, "", "abc", "\xC3", "\xC3\xA4", "a\x80b", "\xFF", "\xE2\x82", "\xE2\x82\xAC", "\xF0\x9F\x98\x80",
  "\xC0\x80", "\xE0\x80\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xF7\xBF\xBF\xBF", "\xF8\x88\x80\x80\x80",
  "\xFC\x84\x80\x80\x80\x80", "\xFD\xBF\xBF\xBF\xBF\xBF", "a\0b", "\xC2\x80\xDF\xBF", "\xEF\xBF\xBF",
}

-- len
for i, s in ipairs(subjects) do
  try("len." .. i, utf8.len, s)
  try("len.lax." .. i, utf8.len, s, 1, -1, true)
end
local lenargs = { { 1 }, { 2 }, { 3 }, { -1 }, { -3 }, { 0 }, { 1, 0 }, { 1, 3 }, { 4, 3 }, { 1, -1 }, { 1, 100 }, { 100 }, { -100 },
  { 17 }, { 18 }, { 19 }, { 2, 2 }, { 3, 2 } }
for _, a in ipairs(lenargs) do try("len.range." .. table.concat(a, ","), utf8.len, good, a[1], a[2]) end
try("len.none", utf8.len)
try("len.num", utf8.len, 123)
try("len.bad.i", utf8.len, "abc", "x")

-- codepoint
for i, s in ipairs(subjects) do
  try("codepoint.all." .. i, utf8.codepoint, s, 1, -1)
  try("codepoint.all.lax." .. i, utf8.codepoint, s, 1, -1, true)
end
local cpargs = { {}, { 1 }, { 2 }, { 3 }, { -1 }, { -2 }, { 0 }, { 1, 0 }, { 4, 3 }, { 1, 100 }, { 100 }, { 18 }, { 19 }, { 18, 17 },
  { -100 }, { 2, 3 }, { 12, 12 } }
for _, a in ipairs(cpargs) do try("codepoint.range." .. table.concat(a, ","), utf8.codepoint, good, a[1], a[2]) end
try("codepoint.empty", utf8.codepoint, "")
try("codepoint.empty.1", utf8.codepoint, "", 1)
try("codepoint.none", utf8.codepoint)
try("codepoint.float", utf8.codepoint, "abc", 1.0, 2.0)
try("codepoint.floatbad", utf8.codepoint, "abc", 1.5)

-- offset
local offargs = { { 1 }, { 2 }, { 3 }, { 4 }, { 8 }, { 9 }, { 10 }, { 11 }, { 0 }, { -1 }, { -2 }, { -9 }, { -10 },
  { 0, 3 }, { 0, 4 }, { 0, 17 }, { 1, 3 }, { 2, 3 }, { 1, 4 }, { -1, 4 }, { -1, 17 }, { 1, 17 }, { 1, 18 }, { 1, 19 }, { 0, 19 },
  { -1, 18 }, { 1, 0 }, { 1, -1 }, { 0, -1 }, { 1, 20 }, { 3, -5 } }
for _, a in ipairs(offargs) do try("offset." .. table.concat(a, ","), utf8.offset, good, a[1], a[2]) end
for i, s in ipairs(subjects) do
  try("offset.first." .. i, utf8.offset, s, 1)
  try("offset.last." .. i, utf8.offset, s, -1)
  try("offset.2." .. i, utf8.offset, s, 2)
end
try("offset.none", utf8.offset)
try("offset.n.none", utf8.offset, "abc")
try("offset.bad", utf8.offset, "abc", "x")

-- codes
local function allcodes(s, lax)
  local out = {}
  for p, c in utf8.codes(s, lax) do out[#out + 1] = p .. ":" .. c end
  return table.concat(out, " ")
end
for i, s in ipairs(subjects) do
  try("codes." .. i, allcodes, s)
  try("codes.lax." .. i, allcodes, s, true)
end
try("codes.none", utf8.codes)
try("codes.num", allcodes, 123)
try("codes.partial", function()
  local out = {}
  local ok, e = pcall(function() for p, c in utf8.codes("ab\xFFcd") do out[#out + 1] = p .. ":" .. c end end)
  return table.concat(out, " "), ok, e
end)
try("codes.continuation.start", allcodes, "\x80abc")
try("codes.trailing.cont", allcodes, "a\xC3\xA4\x80")
try("codes.step", function() local f, s, i = utf8.codes("ab"); return f(s, i), f(s, 1), f(s, 2) end)

-- roundtrip through charpattern
try("charpattern.gmatch", function()
  local out = {}
  for ch in good:gmatch(utf8.charpattern) do out[#out + 1] = #ch end
  return table.concat(out, ",")
end)
try("charpattern.invalid", function()
  local out = {}
  for ch in ("a\xFF\xC3\xA4\x80"):gmatch(utf8.charpattern) do out[#out + 1] = #ch end
  return table.concat(out, ",")
end)
try("roundtrip", function()
  local out = {}
  for _, c in utf8.codes(good) do out[#out + 1] = c end
  return utf8.char(table.unpack(out)) == good, #out
end)
