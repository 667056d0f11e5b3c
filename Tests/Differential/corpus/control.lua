-- Differential corpus: run with stock lua5.4 and with `koers lua`; the printed lines must match.
local sformat, sbyte, mtype, tsort, tconcat = string.format, string.byte, math.type, table.sort, table.concat
-- The shared prelude (rules/prelude.lua): a deterministic formatter and a protected runner.
local prelude = require("prelude")
local esc, fmt, fmtall, try, show = prelude.esc, prelude.fmt, prelude.fmtall, prelude.try, prelude.show

local maxi, mini = math.maxinteger, math.mininteger

-- goto
try("goto.continue", function()
  local out = {}
  for i = 1, 10 do
    if i % 3 == 0 then goto continue end
    out[#out + 1] = i
    ::continue::
  end
  return table.concat(out, ",")
end)
try("goto.nested.break", function()
  local out = {}
  for i = 1, 5 do
    for j = 1, 5 do
      if i * j > 6 then goto done end
      out[#out + 1] = i .. j
    end
  end
  ::done::
  return table.concat(out, ",")
end)
try("goto.backward", function()
  local i, out = 1, {}
  ::top::
  out[#out + 1] = i
  i = i + 1
  if i <= 4 then goto top end
  return table.concat(out, ",")
end)
try("goto.while.continue", function()
  local i, out = 0, {}
  while i < 6 do
    i = i + 1
    if i % 2 == 0 then goto cont end
    out[#out + 1] = i
    ::cont::
  end
  return table.concat(out, ",")
end)
try("goto.repeat.continue", function()
  local i, out = 0, {}
  repeat
    i = i + 1
    if i == 2 then goto cont end
    out[#out + 1] = i
    ::cont::
  until i >= 4
  return table.concat(out, ",")
end)
try("goto.closure.fresh", function()
  local fs = {}
  local i = 1
  ::again::
  local x = i
  fs[#fs + 1] = function() return x end
  i = i + 1
  if i <= 3 then goto again end
  return fs[1](), fs[2](), fs[3]()
end)
try("goto.errors", function()
  local out = {}
  for _, src in ipairs({ "goto nowhere", "do ::a:: end goto a", "::a:: ::a::", "goto f; local x; ::f:: print(x)",
    "do goto l end; local y = 1; ::l::", "::l:: do ::l:: end", "for i=1,2 do ::c:: end ::c::", "break", "if true then break end",
    "local function f() goto out end ::out::" }) do
    local f, e = load(src, "=src")
    out[#out + 1] = f and "loaded" or e
  end
  return table.concat(out, " | ")
end)

-- numeric for
local function loop(a, b, c)
  local out, n = {}, 0
  if c then
    for i = a, b, c do n = n + 1; if n <= 12 then out[#out + 1] = fmt(i) end end
  else
    for i = a, b do n = n + 1; if n <= 12 then out[#out + 1] = fmt(i) end end
  end
  return n .. ": " .. table.concat(out, " ")
end
local fors = {
  { 1, 5 }, { 5, 1 }, { 1, 5, 2 }, { 5, 1, -1 }, { 5, 1, -2 }, { 1, 1 }, { 1, 0 }, { 1.0, 3 }, { 1, 3.0 }, { 1, 2, 0.5 },
  { 0, 1, 0.25 }, { 1, 0, -0.25 }, { maxi - 2, maxi }, { mini, mini + 2 }, { mini + 2, mini, -1 }, { maxi - 5, maxi, 2 },
  { maxi, maxi }, { mini, mini }, { maxi - 1, maxi, maxi }, { mini, maxi, maxi }, { maxi, mini, mini }, { 1, math.huge, maxi }, { -1, -math.huge, mini },
  { 1, 3.5 }, { 1, -1 / 0 }, { 3, 1.5, -1 }, { 1, 0 / 0 }, { 0 / 0, 1 }, { 1, 2, 0 / 0 }, { 1.5, 3 }, { -1, -3, -1 },
  { 0, 2^53 + 2, 2^52 }, { 1, 10, 3 }, { 10, 1, -3 }, { 1, 4.9 }, { 1, maxi + 0.0, 2^62 }, { 3, 1, 0.5 },
  { 1, "3" }, { "1", 3 }, { 1, 3, "1" }, { 1, 2, 0 }, { 1.0, 2, 0 }, { 1, 2, 0.0 }, { {}, 1 }, { 1, {} }, { 1, 2, {} }, { nil, 1 }, { 1, nil },
}
for i, f in ipairs(fors) do try("for." .. i, loop, f[1], f[2], f[3]) end
try("for.var.local", function() local out = {}; for i = 1, 3 do i = i * 10; out[#out + 1] = i end; return table.concat(out, ",") end)
try("for.float.step.type", function() for i = 1, 2, 1.0 do return math.type(i) end end)
try("for.int.limit.float", function() for i = 1, 2.5 do end; local last; for i = 1, 2.5 do last = i end; return last, math.type(last) end)

-- generic for
try("for.in.basic", function()
  local out = {}
  for k, v in next, { 10 } do out[#out + 1] = k .. "=" .. v end
  return table.concat(out)
end)
try("for.in.notfunc", function() for x in 5 do end end)
try("for.in.nil", function() for x in nil do end end)
try("for.in.table", function() for x in {} do end end)
try("for.in.callable", function()
  local n = 0
  local it = setmetatable({}, { __call = function(_, _, i) i = i + 1; if i <= 3 then return i end end })
  for i in it, nil, 0 do n = n + i end
  return n
end)
try("for.in.state", function()
  local out = {}
  for i, v in function(s, i) if i < #s then return i + 1, s[i + 1] end end, { "a", "b" }, 0 do out[#out + 1] = i .. v end
  return table.concat(out, ",")
end)

-- varargs
local function va(...) return select("#", ...), ... end
try("va.none", va)
try("va.nils", va, nil, nil)
try("va.trailing.nil", function() return va(1, nil) end)
try("va.expand.middle", function() return va(va(1, 2), 3) end)
try("va.expand.last", function() return va(3, va(1, 2)) end)
try("va.paren", function() return (va(1, 2)) end)
try("va.table", function(...) local t = { ... }; return #t, t[1], t[3] end, 1, nil, 3)
try("va.pack", function(...) local t = table.pack(...); return t.n end, nil, nil, nil)
try("va.select.neg", function(...) return select(-1, ...) end, 1, 2, 3)
try("va.in.closure", function(...)
  local a, b = ...
  return (function() return a, b end)()
end, "x", "y")
try("va.many", function() local t = {}; for i = 1, 250 do t[i] = i end; return select("#", table.unpack(t)) end)
try("va.adjust", function() local a, b, c = (function() return 1, 2 end)(); return a, b, c end)
try("va.adjust.middle", function() local a, b, c = (function() return 1, 2 end)(), 10; return a, b, c end)

-- multiple assignment
try("assign.swap", function() local a, b = 1, 2; a, b = b, a; return a, b end)
try("assign.extra", function() local a, b = 1, 2, 3; return a, b end)
try("assign.missing", function() local a, b, c = 1; return a, b, c end)
try("assign.order.values", function()
  local i = 1
  local t = {}
  i, t[i] = i + 1, "x"
  return i, t[1], t[2]
end)
try("assign.calls.order", function()
  local log = {}
  local function f(x) log[#log + 1] = x; return x end
  local a, b, c = f(1), f(2), f(3)
  return table.concat(log, ",")
end)
try("assign.table.same", function() local t = {}; t.x, t.x = 1, 2; return t.x == 1 or t.x == 2 end)

-- integer division/modulo of negatives
local divs = { { 7, 2 }, { -7, 2 }, { 7, -2 }, { -7, -2 }, { 7.5, 2 }, { -7.5, 2 }, { 0, 5 }, { -0.0, 5 }, { 1, 3 }, { -1, 3 },
  { mini, 7 }, { maxi, -7 }, { 3, 0.5 }, { -3, 0.5 } }
for i, d in ipairs(divs) do try("divmod." .. i, function() return d[1] // d[2], d[1] % d[2], d[1] / d[2] end) end

-- string comparison
local strs = { "", "a", "A", "ab", "abc", "b", "a\0", "a\0b", "\0", "\255", "Z", "aB", "10", "9", "-1" }
local cmps = {}
for i, a in ipairs(strs) do
  for j, b in ipairs(strs) do
    cmps[#cmps + 1] = (a < b and "<" or a == b and "=" or ">")
  end
end
show("strcmp.matrix", table.concat(cmps))
try("strcmp.le", function() return "a" <= "a", "a" <= "b", "b" <= "a", "" <= "" end)

-- closures in loops
try("closure.numeric.for", function()
  local fs = {}
  for i = 1, 3 do fs[i] = function() return i end end
  return fs[1](), fs[2](), fs[3]()
end)
try("closure.generic.for", function()
  local fs = {}
  for k, v in ipairs({ "a", "b", "c" }) do fs[k] = function() return v end end
  return fs[1](), fs[2](), fs[3]()
end)
try("closure.while.local", function()
  local fs, i = {}, 0
  while i < 3 do i = i + 1; local j = i; fs[i] = function() return j end end
  return fs[1](), fs[2](), fs[3]()
end)
try("closure.shared.upvalue", function()
  local fs, x = {}, 0
  for i = 1, 3 do fs[i] = function() x = x + i; return x end end
  return fs[1](), fs[2](), fs[3](), x
end)
try("closure.counter", function()
  local function counter() local n = 0; return function() n = n + 1; return n end end
  local a, b = counter(), counter()
  return a(), a(), b(), a()
end)
try("closure.repeat.scope", function()
  local fs, i = {}, 0
  repeat local j = i; fs[#fs + 1] = function() return j end; i = i + 1 until j >= 2
  return fs[1](), fs[2](), fs[3]()
end)

-- integer key normalization
try("keys.float.int", function()
  local t = {}
  t[1.0] = "float one"; t[2] = "two"; t[3.5] = "float"; t["1"] = "string one"
  return t[1], t[2.0], t[3.5], t["1"], #t, math.type(next({ [1.0] = true }))
end)
try("keys.2^53", function() local t = {}; t[2^53] = "a"; return t[2^53], t[math.tointeger(2^53)], math.type(next(t)) end)
try("keys.negzero", function() local t = {}; t[-0.0] = "z"; return t[0], math.type(next(t)) end)
try("keys.maxint", function() local t = {}; t[maxi] = 1; t[2^63] = 2; return t[maxi], t[2^63] end)
try("keys.count", function()
  local t = { [1] = "a", [1.0] = "b", [2] = "c" }
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  return n, t[1]
end)

-- long strings and escapes
try("str.escapes", function() return "\a\b\f\n\r\t\v\\\"\'" end)
try("str.decimal", function() return "\65\066\0677", "\0\00\000" end)
try("str.hex", function() return "\x41\x4a\x4A\xff" end)
try("str.utf8", function() return "\u{48}\u{20AC}\u{1F600}\u{0}\u{7FFFFFFF}" end)
try("str.z", function() return "a\z
      b\z   c" end)
try("str.newline.escape", function() return "a\
b" end)
try("str.long", function() return [[
first newline skipped]], [==[a]]b]=]c]==], [[]], [=[
]=] end)
try("str.long.crlf", function() return load("return [[\r\na\r\nb]]")() end)
try("str.escape.errors", function()
  local out = {}
  for _, src in ipairs({ [["\q"]], [["\x4"]], [["\xZZ"]], [["\256"]], [["\u{110000000}"]], [["\u{}"]], [["\u{41"]], [["\u41"]],
    "\"abc", "[[abc", "[==[abc]=]", "\"a\nb\"", [["\999"]], [["\u{80000000}"]] }) do
    local f, e = load("return " .. src, "=esc")
    out[#out + 1] = f and fmt(f()) or e
  end
  return table.concat(out, " | ")
end)
try("comments", function() return load("--[==[ long\ncomment ]==] return 1 -- line\n")() end)
try("numeric.literal.errors", function()
  local out = {}
  for _, src in ipairs({ "3x", "0x", "1e", "1..2", "0xg", "1e+", ".e1", "08", "1.2.3", "0x1p", "3 .. 4" }) do
    local f, e = load("return " .. src, "=num")
    out[#out + 1] = f and fmt(f()) or e
  end
  return table.concat(out, " | ")
end)
try("syntax.errors", function()
  local out = {}
  for _, src in ipairs({ "x =", "local 1 = 2", "if x then", "f(", "return return", "x = }", "local function() end", "a.b:c = 1",
    "for i = 1 do end", "for a, b = 1, 2 do end", "(f)", "x = 1 1", "return 1,", "local t = {1 2}", "::1::", "goto 1",
    "local x <const> = 1; x = 2", "function f(a, ...) return ... end; function g() return ... end", "x = ~= 1", string.rep("(", 300) .. "1" .. string.rep(")", 300) }) do
    local f, e = load(src, "=syn")
    out[#out + 1] = f and "ok" or e
  end
  return table.concat(out, "\n")
end)
try("integer.overflow.literal", function() return 9223372036854775807, 9223372036854775808, -9223372036854775808, math.type(-9223372036854775808) end)
try("operators.precedence", function() return 2 ^ 3 ^ 2, -2 ^ 2, not nil == true, 1 .. 2 .. 3, 2 * 3 % 4, 1 + 2 << 1, 1 | 2 ~ 3 & 4, "a" .. "b" == "ab" end)
try("and.or", function() return nil and 1, false or nil, 0 and "zero", nil or false, 1 and nil or 3 end)
try("recursion.depth", function()
  local function r(n) if n == 0 then return 0 end return 1 + r(n - 1) end
  return r(10000)
end)
try("tail.calls", function()
  local function t(n) if n == 0 then return "done" end return t(n - 1) end
  return t(100000)
end)
-- Lua-stack overflow ("stack overflow") takes a second in `koers lua`, over its time budget; the
-- C-stack limit is reached in ~200 levels and is checked instead.
try("cstack.overflow.index", function()
  local t = setmetatable({}, { __index = function(t, k) return t[k] end })
  local ok, e = pcall(function() return t.x end)
  return ok, e
end)
try("cstack.overflow.pcall", function()
  local depth = 0
  local function nest() depth = depth + 1; return pcall(nest) end
  local r = table.pack(nest())
  -- how deep it got depends on how many C levels the host itself uses: not compared
  return r[1], r[r.n], depth > 150
end)
