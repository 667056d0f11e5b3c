-- Differential corpus: run with stock lua5.4 and with `koers lua`; the printed lines must match.
local sformat, sbyte, mtype, tsort, tconcat = string.format, string.byte, math.type, table.sort, table.concat
-- The shared prelude (rules/prelude.lua): a deterministic formatter and a protected runner.
local prelude = require("prelude")
local esc, fmt, fmtall, try, show = prelude.esc, prelude.fmt, prelude.fmtall, prelude.try, prelude.show

-- byte / char
local s = "hello\0world\255"
for _, args in ipairs({ {}, { 1 }, { 0 }, { -1 }, { 1, 5 }, { 3, 2 }, { -3, -1 }, { 100 }, { -100, 2 }, { 5, 100 },
  { 6, 6 }, { 1.0 }, { "2" }, { math.mininteger, math.maxinteger }, { 2, math.mininteger } }) do
  try("byte." .. tconcat(args, ","), string.byte, s, table.unpack(args))
end
try("byte.float.bad", string.byte, s, 1.5)
try("byte.none", string.byte)
try("byte.number.subject", string.byte, 123, 2)
try("byte.empty", string.byte, "")
try("char.none", string.char)
try("char.basic", string.char, 72, 105, 0, 255)
try("char.256", string.char, 256)
try("char.neg", string.char, -1)
try("char.float", string.char, 65.0)
try("char.floatbad", string.char, 65.5)
try("char.string", string.char, "66")
try("char.bad", string.char, 65, "x")
try("char.nil", string.char, 65, nil)

-- rep
try("rep.basic", string.rep, "ab", 3)
try("rep.sep", string.rep, "ab", 3, ", ")
try("rep.zero", string.rep, "ab", 0)
try("rep.neg", string.rep, "ab", -5, "x")
try("rep.one.sep", string.rep, "ab", 1, "--")
try("rep.empty", string.rep, "", 1000)
try("rep.empty.sep", string.rep, "", 3, "s")
try("rep.float", string.rep, "a", 2.0)
try("rep.floatbad", string.rep, "a", 2.5)
try("rep.nocount", string.rep, "a")
try("rep.number", string.rep, 12, 2)
try("rep.huge", string.rep, "ab", math.maxinteger)
try("rep.huge.sep", string.rep, "a", 1 << 62, "b")

-- sub: every combination of indices
local sub_idx = { math.mininteger, -100, -6, -5, -4, -1, 0, 1, 2, 4, 5, 6, 100, math.maxinteger }
for _, i in ipairs(sub_idx) do
  try("sub." .. i, string.sub, "hello", i)
  for _, j in ipairs(sub_idx) do try("sub." .. i .. "." .. j, string.sub, "hello", i, j) end
end
try("sub.empty", string.sub, "", 1, 1)
try("sub.float", string.sub, "hello", 2.0, 3.0)
try("sub.floatbad", string.sub, "hello", 2.5)
try("sub.strarg", string.sub, "hello", "2", "3")
try("sub.none", string.sub)
try("sub.noi", string.sub, "hello")
try("sub.method", function() return ("hello"):sub(2, -2) end)
try("sub.number", string.sub, 12345, 2, 3)

-- upper lower len reverse
for _, v in ipairs({ "Hello World", "", "\0aB\255", "ÀÉ", "123!?", 42, 1.5 }) do
  try("upper." .. esc(tostring(v)), string.upper, v)
  try("lower." .. esc(tostring(v)), string.lower, v)
  try("len." .. esc(tostring(v)), string.len, v)
  try("reverse." .. esc(tostring(v)), string.reverse, v)
end
try("upper.none", string.upper)
try("len.table", string.len, {})
try("len.op", function() return #"abc", #"", #"\0\0" end)

-- format
local fmts = {
  { "%d", 42 }, { "%d", -42 }, { "%d", 0 }, { "%d", 3.0 }, { "%d", 3.5 }, { "%d", "10" }, { "%d", "3.0" }, { "%d", "x" },
  { "%d", math.mininteger }, { "%d", math.maxinteger }, { "%d", 2^63 }, { "%5d", 42 }, { "%-5d|", 42 }, { "%05d", 42 },
  { "%+d", 42 }, { "% d", 42 }, { "%.3d", 7 }, { "%10.4d", 7 }, { "%i", 42 }, { "%i", -7 }, { "%u", 42 },
  { "%x", 255 }, { "%X", 255 }, { "%#x", 255 }, { "%#X", 255 }, { "%x", -1 }, { "%o", 8 }, { "%#o", 8 }, { "%o", -1 },
  { "%08x", 3054 }, { "%x", 1.0 }, { "%x", 1.5 },
  { "%c", 65 }, { "%c", 0 }, { "%c", 255 }, { "%5c|", 65 }, { "%-5c|", 65 }, { "%c", 65.0 }, { "%c", "65" },
  { "%e", 12345.6789 }, { "%E", 12345.6789 }, { "%.2e", 0.000123 }, { "%e", 0 }, { "%e", -0.0 }, { "%e", 1 },
  { "%f", 3.14159 }, { "%.0f", 2.5 }, { "%.0f", 3.5 }, { "%.2f", 1 / 3 }, { "%10.3f|", -1.5 }, { "%-10.3f|", 1.5 },
  { "%+.1f", 2 }, { "%f", 1e300 }, { "%.99f", 1 / 3 }, { "%.100f", 1 }, { "%f", 1 / 0 }, { "%f", -1 / 0 },
  { "%5.1f", -1 / 0 }, { "%e", 1 / 0 }, { "%g", 1 / 0 }, { "%f", "1.5" }, { "%f", "x" }, { "%f", 1 },
  { "%g", 100000 }, { "%g", 1000000 }, { "%g", 1e-5 }, { "%g", 0.0001 }, { "%G", 1e-10 }, { "%g", 1 / 3 }, { "%.3g", 2 / 3 },
  { "%#g", 1 }, { "%g", 2^63 }, { "%g", -0.0 }, { "%.14g", 0.1 }, { "%.17g", 0.1 }, { "%#.0f", 1 },
  { "%a", 1 }, { "%A", 1 }, { "%a", 0.5 }, { "%.3a", 1 / 3 }, { "%a", 0 },
  { "%s", "str" }, { "%s", 42 }, { "%s", 1.5 }, { "%s", true }, { "%s", nil }, { "%10s|", "ab" }, { "%-10s|", "ab" },
  { "%.2s", "abcdef" }, { "%5.2s|", "abcdef" }, { "%s", "a\0b" }, { "%.1s", "a\0b" }, { "%10s", "a\0b" },
  { "%s", setmetatable({}, { __tostring = function() return "TS" end }) },
  { "%s", setmetatable({}, { __tostring = function() return 5 end }) },
  { "%s", setmetatable({}, { __tostring = function() error("tostring failed") end }) },
  { "%s %s", 1 }, { "%s" }, { "%%" }, { "100%%" }, { "%" }, { "%y", 1 }, { "%b", 1 }, { "%n", 1 }, { "%p", 1 },
  { "%ld", 1 }, { "%lld", 1 }, { "%hd", 1 }, { "%zd", 1 }, { "%#d", 1 }, { "%1$d", 1 }, { "%*d", 5, 1 },
  { "%100d", 1 }, { "%99d|", 1 }, { "%.100d", 1 }, { "%.99d", 1 }, { "%123456789d", 1 },
  { "%-+ #0d", 1 }, { "%-+ #0-d", 1 }, { "%--------d", 1 }, { "%0-5d|", 3 }, { "%+ d", 5 }, { "%#c", 65 }, { "%.3c", 65 },
  { "%#s", "x" }, { "%0s", "x" }, { "%+s", "x" }, { "%.3q", "x" }, { "%5q", "x" }, { "%-q", "x" },
  { "%q", "simple" }, { "%q", 'with "quotes" and \\' }, { "%q", "nl\nret\rtab\tnul\0end" }, { "%q", "\1\0012\255\127" },
  { "%q", "\0" .. "1" }, { "%q", "a\0009" }, { "%q", 42 }, { "%q", -42 }, { "%q", math.mininteger }, { "%q", math.maxinteger },
  { "%q", 1.5 }, { "%q", -0.0 }, { "%q", 1 / 0 }, { "%q", -1 / 0 }, { "%q", 0 / 0 }, { "%q", 2^63 }, { "%q", 0.1 }, { "%q", 1e100 },
  { "%q", 3.0 }, { "%q", true }, { "%q", false }, { "%q", nil }, { "%q", {} }, { "%q", print },
  { "%d %s %q", 1, "two", "three" }, { "%5.5s|%-5.5s|", "abcdefgh", "ab" }, { "%.0s|", "abc" },
  { "%s", string.rep("x", 200) }, { "%.20s", string.rep("y", 200) }, { "%-200s|", "z" },
}
for i, f in ipairs(fmts) do
  try("format." .. i .. " " .. esc(f[1]), string.format, table.unpack(f, 1, #f))
end
try("format.none", string.format)
try("format.table.fmt", string.format, {})
try("format.number.fmt", string.format, 12)
try("format.method", function() return ("%d-%d"):format(1, 2) end)
try("format.q.nan.sign", function() local r = string.format("%q", 0 / 0); return r == "(0/0)" end)
try("format.q.roundtrip", function()
  local vals = { "a\0b\n\r\t\"\\\127\200", 1.5, -2^-1074, 2^63, math.mininteger, 0.1 }
  local out = {}
  for i, v in ipairs(vals) do
    local back = load("return " .. string.format("%q", v))()
    out[i] = tostring(back == v) .. ":" .. tostring(math.type(back) == math.type(v))
  end
  return tconcat(out, " ")
end)

-- pack / unpack / packsize
local packs = {
  { "i4", 100 }, { "<i4", 100 }, { ">i4", 100 }, { "=i4", -1 }, { "b", 127 }, { "b", 128 }, { "b", -129 }, { "B", 255 }, { "B", 256 },
  { "B", -1 }, { "h", 32767 }, { "H", 65535 }, { "<i3", 8388607 }, { "<i3", 8388608 }, { "<I3", 16777215 },
  { "<i16", -1 }, { "<I16", 1 }, { "<i17", 1 }, { "<i0", 1 }, { "<i8", math.mininteger }, { "<j", math.maxinteger },
  { "<J", -1 }, { "<T", 5 }, { "<l", 7 }, { "<L", 7 }, { "<f", 1.5 }, { "<d", 1.5 }, { "<n", -0.0 }, { "<d", 1 / 0 },
  { "<f", 1e300 }, { "<i4", 1.0 }, { "<i4", 1.5 }, { "<i4", "12" }, { "<i4", "x" }, { "<i4" }, { "<s1", "abc" },
  { "<s1", string.rep("a", 256) }, { "<s2", "hello" }, { "<s", "x" }, { "<z", "zero" }, { "<z", "a\0b" },
  { "<c5", "abc" }, { "<c2", "abc" }, { "<c0", "" }, { "<c", "a" }, { "<x", }, { "<i1xi1", 1, 2 }, { "<!4 i1 i4", 1, 2 },
  { "<!8 b d", 1, 2.5 }, { "<!3 i4", 1 }, { "<!16 i16", 1 }, { "<!17 i4", 1 }, { "<i1 Xi4 i4", 1, 2 }, { "<Xi4", },
  { "<i1X", 1 }, { "<i1 Xz", 1 }, { " < > = !", }, { "<y", 1 }, { "<i4 i4", 1 }, { "<bbbb", 1, 2, 3, 4 },
  { "<I2", 70000 }, { "<i2", -32768 }, { "<i2", -32769 }, { "<I8", -1 }, { "<i9", -1 }, { "<I9", -1 }, { "<i9", math.mininteger },
  { "<s1", "" }, { "<z", "" }, { ">d", 2^53 }, { ">I4", 0xDEADBEEF }, { ">I5", 0xFFFFFFFFFF }, { "<!2 b h", 1, 2 }, { "<!i1 i8", 1, 2 },
}
for i, p in ipairs(packs) do
  local ok, packed = pcall(string.pack, table.unpack(p, 1, #p))
  if ok then
    print("pack." .. i .. " " .. p[1], "ok", esc(packed))
    try("unpack." .. i .. " " .. p[1], string.unpack, p[1], packed)
  else
    print("pack." .. i .. " " .. p[1], "err", fmt(packed))
  end
  try("packsize." .. i .. " " .. p[1], string.packsize, p[1])
end
try("unpack.pos", string.unpack, "<i2", "\1\0\2\0", 3)
try("unpack.pos.neg", string.unpack, "<i2", "\1\0\2\0", -2)
try("unpack.pos.0", string.unpack, "<i2", "\1\0\2\0", 0)
try("unpack.pos.out", string.unpack, "<i2", "\1\0\2\0", 5)
try("unpack.pos.far", string.unpack, "<i2", "\1\0\2\0", 10)
try("unpack.short", string.unpack, "<i4", "\1\0")
try("unpack.short.z", string.unpack, "z", "abc")
try("unpack.short.s", string.unpack, "<s1", "\5ab")
try("unpack.i9.overflow", string.unpack, "<i9", "\0\0\0\0\0\0\0\0\1")
try("unpack.i9.ok", string.unpack, "<i9", "\255\255\255\255\255\255\255\255\255")
try("unpack.I9.ok", string.unpack, "<I9", "\1\0\0\0\0\0\0\0\0")
try("unpack.f", string.unpack, "<f", "\0\0\192\63")
try("unpack.multi", string.unpack, "<i1 i1 z s1", "\1\2ab\0\3xyz")
try("unpack.empty", string.unpack, "", "abc")
try("unpack.none", string.unpack)
try("packsize.s", string.packsize, "s")
try("packsize.z", string.packsize, "z")
try("packsize.big", string.packsize, "c2147483647 c2147483647")
try("packsize.huge", string.packsize, string.rep("c1000000000", 10))
try("pack.none", string.pack)
try("pack.c.long", string.pack, "c3", "abcd")

-- coercions through string arithmetic
local coer = {
  function() return "10" + 1 end, function() return "0x10" * 2 end, function() return "3.0" + 1 end, function() return "1e2" - 0 end,
  function() return " 5 " * " 2 " end, function() return "10" // "3" end, function() return "10" % "3" end, function() return "2" ^ "10" end,
  function() return -"2" end, function() return -"2.5" end, function() return "10" / "4" end, function() return "abc" + 1 end,
  function() return 1 + "abc" end, function() return "1" + {} end, function() return "10" & 3 end, function() return "10" | "3.0" end,
  function() return "1.5" | 1 end, function() return ~"7" end, function() return "9223372036854775807" + 1 end,
  function() return "9223372036854775808" + 0 end, function() return "1" < 2 end, function() return "10" == 10 end,
  function() return 10 .. 20 end, function() return 1.5 .. "" end, function() return -0.0 .. "" end, function() return 2^63 .. "" end,
  function() return math.mininteger .. "" end, function() return "" .. 1e100 end, function() return "x" .. nil end,
  function() return "0x7fffffffffffffff" + 0 end, function() return "0xffffffffffffffff" + 0 end, function() return "inf" + 0 end,
  function() return " 0x1p4 " + 0 end, function() return "" + 0 end,
  function() local a = "abc"; return a.len end, function() return ("x"):nosuchmethod() end, function() return ("5"):rep(3) end,
  function() return #("abc" .. 1) end, function() return ("abc")[2] end, function() return ("abc").x end,
}
for i, f in ipairs(coer) do try("coerce." .. i, f) end
