-- Differential corpus: run with stock lua5.4 and with `koers lua`; the printed lines must match.
local sformat, sbyte, mtype, tsort, tconcat = string.format, string.byte, math.type, table.sort, table.concat
-- The shared prelude (rules/prelude.lua): a deterministic formatter and a protected runner.
local prelude = require("prelude")
local esc, fmt, fmtall, try, show = prelude.esc, prelude.fmt, prelude.fmtall, prelude.try, prelude.show

local M = math
local maxi, mini = math.maxinteger, math.mininteger
-- Results are printed compactly (output is kept small, under the 64 KiB of a pipe): a value or "E<n>",
-- where n numbers the distinct error messages in the order they first occur ("err.<n>" lines).
local errors, errorindex = {}, {}
local function compact(ok, v)
  if ok then return fmt(v) end
  local m = tostring(v)
  if not errorindex[m] then errors[#errors + 1] = m; errorindex[m] = #errors; print("err." .. #errors, fmt(m)) end
  return "E" .. errorindex[m]
end
local nums = { 0, -0.0, 1, -1, 2.5, -2.5, 0.5, -0.5, 3, -3, 1e308, -1e308, 2^53, 2^63, -2^63, maxi, mini, 1 / 0, -1 / 0, 0 / 0, 1e-320 }

-- one-argument functions over many values
for _, name in ipairs({ "abs", "ceil", "floor", "sqrt", "exp", "log", "sin", "cos", "tan", "asin", "acos", "atan", "tointeger", "type", "modf" }) do
  -- math.atan is also math.atan2 in Debian's build (LUA_COMPAT_MATHLIB); which of the two names an
  -- error message uses when the function is called directly by pcall depends on hash order, so
  -- it is called from a Lua function, whose call site names it.
  local f = M[name]
  if name == "atan" then f = function(...) return M.atan(...) end end
  local row = {}
  for i, v in ipairs(nums) do row[i] = compact(pcall(f, v)) end
  print(name .. ".values", table.concat(row, " "))
  try(name .. ".str", f, "2")
  try(name .. ".bad", f, "x")
  try(name .. ".none", f)
end
try("tointeger.str.5.4.4", M.tointeger, "8")
try("tointeger.table", M.tointeger, {})
try("tointeger.3.0", M.tointeger, 3.0)
try("tointeger.2^53", M.tointeger, 2.0^53)
try("type.nil", M.type, nil)
try("type.string", M.type, "1")
try("floor.big", M.floor, 1e100)
try("ceil.big", M.ceil, -1e100)
try("floor.2^62", M.floor, 2.0^62)
try("floor.2^63", M.floor, 2.0^63)
try("ceil.-2^63", M.ceil, -2.0^63)
try("floor.neg", M.floor, -3.5)
try("ceil.neg", M.ceil, -3.5)
try("abs.minint", M.abs, mini)
try("abs.-0", M.abs, -0.0)

-- two-argument functions
local pairs2 = { { 7, 3 }, { -7, 3 }, { 7, -3 }, { -7, -3 }, { 7, 0 }, { 0, 0 }, { 7.5, 2 }, { -7.5, 2 }, { 7, 0.0 }, { 7.0, 0 },
  { mini, -1 }, { maxi, -1 }, { 5, 1 / 0 }, { 1 / 0, 5 }, { 5.5, -1 / 0 }, { 0 / 0, 1 }, { 3, 2.5 }, { mini, 1 }, { mini, mini } }
for i, p in ipairs(pairs2) do
  local atan = function(...) return M.atan(...) end
  local row = {}
  for _, f in ipairs({ M.fmod, atan, M.log, M.ult, M.max, M.min }) do row[#row + 1] = compact(pcall(f, p[1], p[2])) end
  print("fmod.atan.log.ult.max.min." .. i, table.concat(row, " "))
end
try("log.2", M.log, 8, 2)
try("log.10", M.log, 1000, 10)
try("log.2.big", M.log, 2^60, 2)
try("fmod.str", M.fmod, "7", "3")
try("fmod.none", M.fmod, 1)
try("fmod.bad", M.fmod, 1, "x")
try("ult.float", M.ult, 1.5, 2)
try("ult.float.ok", M.ult, 1.0, 2)
try("ult.neg", M.ult, -1, 1)
try("ult.none", M.ult, 1)
try("max.one", M.max, 5)
try("max.none", M.max)
try("min.none", M.min)
try("max.many", M.max, 3, 9.5, -2, 9)
try("min.many", M.min, 3, 9.5, -2, 9)
try("max.mixed.eq", M.max, 1, 1.0)
try("max.mixed.eq2", M.max, 1.0, 1)
try("min.nan.first", M.min, 0 / 0, 1)
try("max.str", M.max, "10", 2)
try("max.bad", M.max, 1, {})
try("constants", function() return M.pi, M.huge, -M.huge, maxi, mini, M.type(M.pi) end)

-- math.random: errors only (values depend on the seed)
try("random.0", function() return M.type(M.random(0)) end)
try("random.2.1", M.random, 2, 1)
try("random.3args", M.random, 1, 2, 3)
try("random.float.arg", M.random, 1.5)
try("random.str", M.random, "x")
try("random.neg", M.random, -5)
try("random.type", function() return M.type(M.random()), M.type(M.random(10)), M.type(M.random(1, 1)) end)
try("random.range", function()
  for _ = 1, 200 do local r = M.random(3, 5); if r < 3 or r > 5 then return "out of range" end end
  local f = M.random(); if f < 0 or f >= 1 then return "float out of range" end
  return "in range", M.random(7, 7), M.random(mini, mini)
end)
try("random.full", function() return M.type(M.random(mini, maxi)) end)

-- arithmetic and comparisons
local arith = {
  { "+", function(a, b) return a + b end }, { "-", function(a, b) return a - b end }, { "*", function(a, b) return a * b end },
  { "/", function(a, b) return a / b end }, { "//", function(a, b) return a // b end }, { "%", function(a, b) return a % b end },
  { "^", function(a, b) return a ^ b end }, { "<", function(a, b) return a < b end }, { "<=", function(a, b) return a <= b end },
  { "==", function(a, b) return a == b end }, { "&", function(a, b) return a & b end }, { "|", function(a, b) return a | b end },
  { "~", function(a, b) return a ~ b end }, { "<<", function(a, b) return a << b end }, { ">>", function(a, b) return a >> b end },
}
local operands = { 7, -7, 3, 0, -0.0, 2.0, 0.5, maxi, mini, 2^53, 2^63, 1 / 0, 0 / 0, 64, 63, "3", "0x10" }
for _, op in ipairs(arith) do
  for i, a in ipairs(operands) do
    local row = {}
    for j, b in ipairs(operands) do row[j] = compact(pcall(op[2], a, b)) end
    print("op." .. op[1] .. "." .. i, table.concat(row, " "))
  end
end
for i, a in ipairs(operands) do
  try("unm." .. i, function() return -a end)
  try("bnot." .. i, function() return ~a end)
end
try("intdiv.zero", function() return 1 // 0 end)
try("mod.zero", function() return 1 % 0 end)
try("intdiv.zero.float", function() return 1 // 0.0, -1 // 0.0, 0 // 0.0 end)
try("mod.zero.float", function() return 1 % 0.0 end)
try("div.zero", function() return 1 / 0, -1 / 0, 0 / 0 == 0 / 0 end)
try("overflow.add", function() return maxi + 1 == mini, mini - 1 == maxi end)
try("overflow.mul", function() return maxi * 2, mini * -1 end)
try("overflow.neg", function() return -mini end)
try("minint.div", function() return mini // -1, mini % -1 end)
try("float.int.eq", function() return 1 == 1.0, 2^53 == 2^53 + 1, maxi == 2^63, maxi + 0.0 == 2^63, mini == -2^63 end)
try("float.int.lt", function() return maxi < 2^63, mini <= -2^63, maxi + 1.0 > maxi, 1 < 1.5, -1 > -1.5 end)
try("nan.cmp", function() local n = 0 / 0; return n == n, n < n, n <= n, n ~= n, 1 < n, n > 1 end)
try("mod.neg", function() return 5 % -3, -5 % 3, 5.5 % -2, -5.5 % 2, -0.0 % 1, 3 % -1 / 0, -3 % 1 / 0 end)
try("mod.inf", function() return 3 % (1 / 0), -3 % (1 / 0), 3 % (-1 / 0), -3 % (-1 / 0) end)
try("floordiv.neg", function() return 7 // -2, -7 // 2, 7.0 // -2, -7 // 2.0, -0.0 // 1 end)
try("pow", function() return 2 ^ 10, 2 ^ -1, (-8) ^ (1 / 3), 0 ^ 0, 0 ^ -1 end)
try("shift.big", function() return 1 << 64, 1 << 63, -1 >> 1, -1 >> 64, 1 << -1, 2 >> -1, -1 << 0 end)
try("bit.float.ok", function() return 3.0 & 1, 2^53 | 0 end)
try("bit.float.bad", function() return 3.5 & 1 end)
try("bit.float.big", function() return 2^63 & 1 end)
try("bit.inf", function() return (1 / 0) | 0 end)
try("bit.nan", function() return (0 / 0) | 0 end)
try("bit.string.ok", function() return "3" & 1 end)
try("bit.table", function() return {} & 1 end)
try("bit.nil", function() local x; return x | 1 end)
try("bit.bool", function() return 1 ~ true end)
try("arith.nil", function() local x; return 1 + x end)
try("arith.table.local", function() local t = {}; return t * 2 end)
try("arith.field", function() local t = { f = "x" }; return t.f * 2 end)
try("arith.string.bad", function() return "1x" - 1 end)
try("unm.table", function() return -{} end)
try("literals", function() return 0x10, 0xA.8p0, 0x.1p4, 1e2, .5, 3., 0xffffffffffffffff, 0x7fffffffffffffff, 9223372036854775807, 9223372036854775808, 1E+2, 0x1P-2 end)
try("literal.hexwrap", function() return 0x10000000000000000, 0x1ffffffffffffffff end)
try("tostring.floats", function()
  local vals = { 1e15, 1e16, 123456.789, 0.1 + 0.2, 1 / 3, -1e-10, 2^63, 2^24, 100.0, -0.0, 1e300 * 10 }
  local out = {}
  for i, v in ipairs(vals) do out[i] = tostring(v) end
  return table.concat(out, " ")
end)
try("string.to.number.arith", function() return "0x10" + 0, "1e1" + 0, "  7  " * 1, "10" // 1, "10.0" // 1 end)
try("integer.float.keys", function() local t = {}; t[1.0] = "a"; t[2] = "b"; return t[1], t[2.0], math.type(next(t)) end)
try("for.float.accum", function() local n = 0; for x = 0, 1, 0.1 do n = n + 1 end; return n end)
