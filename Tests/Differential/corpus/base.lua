-- Differential corpus: run with stock lua5.4 and with `koers lua`; the printed lines must match.
local sformat, sbyte, mtype, tsort, tconcat = string.format, string.byte, math.type, table.sort, table.concat
-- The shared prelude (rules/prelude.lua): a deterministic formatter and a protected runner.
local prelude = require("prelude")
local esc, fmt, fmtall, try, show = prelude.esc, prelude.fmt, prelude.fmtall, prelude.try, prelude.show

-- assert
try("assert.true", assert, true, "m", 3)
try("assert.1", assert, 1)
try("assert.false", assert, false)
try("assert.nil.msg", assert, nil, "custom message")
try("assert.false.table", assert, false, { 1, 2 })
try("assert.false.number", assert, false, 42)
try("assert.none", assert)
try("assert.zero", assert, 0, "zero is true")
try("assert.emptystr", assert, "", "x")

-- error
try("error.string", error, "plain")
try("error.level1", function() error("lvl1") end)
try("error.level1.explicit", function() error("lvl1", 1) end)
try("error.level2", function() local function inner() error("lvl2", 2) end inner() end)
try("error.level0", function() error("lvl0", 0) end)
try("error.table", function() error({ code = 7 }) end)
try("error.number", function() error(42) end)
try("error.float", function() error(1.5) end)
try("error.nil", function() error() end)
try("error.nil.explicit", function() error(nil) end)
try("error.bool", function() error(false) end)
try("error.number.level", function() error(42, 2) end)
try("error.level3", function()
  local function a() error("deep", 3) end
  local function b() a() end
  b()
end)
try("error.runtime.arith", function() local x = nil; return x + 1 end)
try("error.runtime.call", function() local x = 5; return x() end)
try("error.runtime.index", function() local x; return x.y end)
try("error.runtime.global", function() return undefinedglobal.field end)
try("error.runtime.concat", function() return "a" .. {} end)
try("error.runtime.compare", function() return {} < {} end)
try("error.runtime.compare2", function() return 1 < "2" end)
try("error.runtime.upvalue", function() local up; return (function() return up.x end)() end)
try("error.runtime.method", function() local s = {}; return s:nomethod() end)
try("error.runtime.field", function() local s = { a = {} }; return s.a.b.c end)

-- select
try("select.#", select, "#")
try("select.#3", select, "#", 1, nil, 3)
try("select.1", select, 1, "a", "b", "c")
try("select.2", select, 2, "a", "b", "c")
try("select.4", select, 4, "a", "b", "c")
try("select.neg1", select, -1, "a", "b", "c")
try("select.neg3", select, -3, "a", "b", "c")
try("select.neg4", select, -4, "a", "b", "c")
try("select.0", select, 0, "a")
try("select.str", select, "2", "a", "b")
try("select.float", select, 2.0, "a", "b")
try("select.float.bad", select, 1.5, "a", "b")
try("select.bad", select, "x", "a")
try("select.none", select)

-- tonumber
local tn = {
  { "10" }, { "  10  " }, { "0x10" }, { "0X1p4" }, { "0x.8" }, { "1e2" }, { "1E-2" }, { ".5" }, { "5." },
  { "" }, { " " }, { "abc" }, { "10a" }, { "1 0" }, { "\t\n12\v\f\r" }, { "-0x10" }, { "- 1" }, { "+1" },
  { "0x" }, { "1e" }, { "inf" }, { "nan" }, { "9223372036854775807" }, { "9223372036854775808" },
  { "-9223372036854775808" }, { "-9223372036854775809" }, { "0xffffffffffffffff" }, { "0x1ffffffffffffffff" },
  { "1e400" }, { "0x1p-1080" }, { 12 }, { 1.5 }, { "0x1.8p1" }, { "1.5e+3" }, { "1..2" }, { "0b101" },
  { "10", 2 }, { "101", 2 }, { "zz", 36 }, { "ZZ", 36 }, { "7", 7 }, { "8", 8 }, { "ff", 16 }, { "FF", 16 },
  { "  ff  ", 16 }, { "-ff", 16 }, { "- ff", 16 }, { "1.5", 10 }, { "", 10 }, { "z", 35 }, { "y", 35 },
  { "10", 36 }, { "0x10", 16 }, { "ffffffffffffffffff", 16 }, { "7fffffffffffffff", 16 },
  { "-8000000000000000", 16 }, { "1e1", 10 }, { "12", 10.0 }, { "\0", 10 }, { "1\0", 10 }, { "1\0" },
}
for i, args in ipairs(tn) do try("tonumber." .. i, tonumber, table.unpack(args, 1, 2)) end
try("tonumber.base1", tonumber, "1", 1)
try("tonumber.base37", tonumber, "1", 37)
try("tonumber.base0", tonumber, "1", 0)
try("tonumber.basefloat", tonumber, "1", 2.5)
try("tonumber.base.num", tonumber, 10, 16)
try("tonumber.base.nil", tonumber, nil, 16)
try("tonumber.none", tonumber)
try("tonumber.nil", tonumber, nil)
try("tonumber.table", tonumber, {})
try("tonumber.bool", tonumber, true)
try("tonumber.basestr", tonumber, "10", "16")
try("tonumber.basebadstr", tonumber, "10", "x")

-- tostring / type
local ts = { 1, -1, 0, 1.0, -0.0, 1.5, 1e15, 1e16, 1e100, 2^53, 2^63, -2^63, math.maxinteger, math.mininteger,
  1 / 3, 100, 123456789012, 0.1, 1e-5, 3.14159265358979, "s", true, false }
for i, v in ipairs(ts) do try("tostring." .. i, tostring, v) end
try("tostring.nil", tostring, nil)
try("tostring.none", tostring)
try("tostring.inf", tostring, 1 / 0)
try("tostring.-inf", tostring, -1 / 0)
try("tostring.__tostring", tostring, setmetatable({}, { __tostring = function() return "custom" end }))
try("tostring.__tostring.bad", tostring, setmetatable({}, { __tostring = function() return 1 end }))
try("tostring.__tostring.err", tostring, setmetatable({}, { __tostring = function() error("in tostring") end }))
try("tostring.__name", function() return (tostring(setmetatable({}, { __name = "MyType" })):gsub("0x%x+", "ADDR"):gsub(": [%x]+$", ": ADDR")) end)
try("tostring.__name.nonstring", function() return (tostring(setmetatable({}, { __name = 3 })):match("^table")) end)
try("tostring.table.prefix", function() return (tostring({}):match("^table: ")) end)
try("tostring.function.prefix", function() return (tostring(print):match("^builtin: ") or tostring(print):match("^function: ")) end)
for i, v in ipairs({ 1, 1.5, "x", true, {}, print, function() end, coroutine.create(function() end) }) do
  try("type." .. i, type, v)
end
try("type.nil", type, nil)
try("type.none", type)

-- raw functions
local mt = { __index = function() return "meta" end, __newindex = function() error("no writes") end,
  __len = function() return 99 end, __eq = function() return true end }
local obj = setmetatable({ 1, 2, 3 }, mt)
local obj2 = setmetatable({}, mt)
try("rawequal.same", rawequal, obj, obj)
try("rawequal.diff", rawequal, obj, obj2)
try("rawequal.eq", function() return obj == obj2 end)
try("rawequal.num", rawequal, 1, 1.0)
try("rawequal.str", rawequal, "a", "a")
try("rawequal.one", rawequal, 1)
try("rawequal.none", rawequal)
try("rawlen.table", rawlen, obj)
try("rawlen.len", function() return #obj end)
try("rawlen.string", rawlen, "abcd")
try("rawlen.number", rawlen, 5)
try("rawlen.none", rawlen)
try("rawget.present", rawget, obj, 1)
try("rawget.absent", rawget, obj, "zz")
try("rawget.index", function() return obj.zz end)
try("rawget.nokey", rawget, obj)
try("rawget.nottable", rawget, "str", 1)
try("rawget.nil.key", rawget, obj, nil)
try("rawget.nan.key", rawget, obj, 0 / 0)
try("rawset.ok", function() rawset(obj, "k", "v"); return rawget(obj, "k") end)
try("rawset.ret", function() return rawset(obj2, 1, 2) == obj2 end)
try("rawset.nilkey", rawset, obj, nil, 1)
try("rawset.nankey", rawset, obj, 0 / 0, 1)
try("rawset.noval", rawset, obj, 1)
try("rawset.nottable", rawset, 1, 1, 1)
try("newindex.blocked", function() obj.newfield = 1 end)
try("rawset.floatkey", function() local t = {}; rawset(t, 2.0, "x"); return t[2], math.type(next(t)) end)

-- next
try("next.empty", next, {})
try("next.nil", next, {}, nil)
try("next.single", next, { 10 })
try("next.after", next, { 10 }, 1)
try("next.badkey", next, { 10 }, 2)
try("next.badkey2", next, {}, "nope")
try("next.nottable", next, 1)
try("next.none", next)
try("next.count", function()
  local t = { 1, 2, 3, a = 1, b = 2, [1.5] = 3, [true] = 4 }
  local n, k = 0, next(t)
  while k ~= nil do n = n + 1; k = next(t, k) end
  return n
end)

-- ipairs / pairs
try("ipairs.basic", function()
  local out = {}
  for i, v in ipairs({ "a", "b", nil, "d" }) do out[#out + 1] = i .. "=" .. v end
  return table.concat(out, " ")
end)
try("ipairs.__index", function()
  local p = setmetatable({}, { __index = function(_, i) if i <= 4 then return i * 10 end end })
  local out = {}
  for i, v in ipairs(p) do out[#out + 1] = v end
  return table.concat(out, " ")
end)
try("ipairs.none", ipairs)
try("ipairs.nil", ipairs, nil)
try("ipairs.number", function() for _ in ipairs(5) do end end)
try("ipairs.string", function() local n = 0; for _ in ipairs("abc") do n = n + 1 end; return n end)
try("ipairs.returns", function() local f, s, c = ipairs({}); return type(f), type(s), c end)
try("pairs.sorted", function()
  local t = { 10, 20, x = 1, y = 2, [3.5] = "f" }
  local keys = {}
  for k, v in pairs(t) do keys[#keys + 1] = tostring(k) .. "=" .. tostring(v) end
  table.sort(keys)
  return table.concat(keys, " ")
end)
try("pairs.__pairs", function()
  local p = setmetatable({}, { __pairs = function(t) return function(_, k) if not k then return 1, "one" elseif k < 3 then return k + 1, "more" end end, t, nil end })
  local out = {}
  for k, v in pairs(p) do out[#out + 1] = k .. v end
  return table.concat(out, ",")
end)
try("pairs.__pairs.extra", function()
  local p = setmetatable({}, { __pairs = function() return next, { 5 }, nil, "ignored" end })
  local out = {}
  for k, v in pairs(p) do out[#out + 1] = k .. "=" .. v end
  return table.concat(out, ",")
end)
try("pairs.none", pairs)
try("pairs.number", pairs, 1)
try("pairs.nil", pairs, nil)
try("pairs.returns", function() local f, s, c = pairs({}); return f == next, type(s), c end)
try("pairs.modify.existing", function()
  local t = { a = 1, b = 2, c = 3 }
  for k in pairs(t) do t[k] = nil end
  return next(t)
end)

-- pcall / xpcall
try("pcall.ok", pcall, function(...) return ... end, 1, 2, 3)
try("pcall.err", pcall, error, "e")
try("pcall.none", pcall)
try("pcall.notfunc", pcall, 1)
try("pcall.nil", pcall, nil)
try("pcall.callable", pcall, setmetatable({}, { __call = function(self, a) return "called", a end }), "arg")
try("pcall.nested", pcall, pcall, error, "inner")
try("xpcall.ok", xpcall, function(a, b) return a + b end, print, 1, 2)
try("xpcall.handler", xpcall, function() error("oops") end, function(m) return "handled: " .. m end)
try("xpcall.handler.table", xpcall, function() error({ 1 }) end, function(m) return type(m) end)
try("xpcall.handler.multi", xpcall, function() error("x", 0) end, function(m) return m, "second" end)
try("xpcall.handler.nil", xpcall, function() error("x") end, nil)
try("xpcall.handler.number", xpcall, function() return "fine" end, 42)
try("xpcall.handler.string", xpcall, function() error("x") end, "str")
try("xpcall.handler.none", xpcall, function() end)
try("xpcall.handler.callable", xpcall, function() error("x", 0) end, setmetatable({}, { __call = function() return "c" end }))
try("xpcall.handler.errors", function()
  local ok, e = xpcall(function() error("first") end, function(m) error("in handler") end)
  return ok, type(e)
end)
try("xpcall.notfunc", xpcall, 1, print)
try("xpcall.args", xpcall, select, print, "#", nil, nil)
try("xpcall.runtime", xpcall, function() local t = nil; return t.x end, function(m) return "H:" .. m end)

-- setmetatable / getmetatable
try("setmetatable.ret", function() local t = {}; return setmetatable(t, {}) == t end)
try("setmetatable.nil", function() local t = setmetatable({}, {}); setmetatable(t, nil); return getmetatable(t) end)
try("setmetatable.badmt", setmetatable, {}, 1)
try("setmetatable.nomt", setmetatable, {})
try("setmetatable.nottable", setmetatable, 1, {})
try("setmetatable.string", setmetatable, "s", {})
try("setmetatable.none", setmetatable)
try("setmetatable.protected", function()
  local t = setmetatable({}, { __metatable = "locked!" })
  return getmetatable(t), pcall(setmetatable, t, {})
end)
try("setmetatable.protected.false", function()
  local t = setmetatable({}, { __metatable = false })
  return getmetatable(t), pcall(setmetatable, t, {})
end)
try("setmetatable.protected.nil.clear", function()
  local t = setmetatable({}, { __metatable = 1 })
  return pcall(setmetatable, t, nil)
end)
try("getmetatable.none", getmetatable)
try("getmetatable.nil", getmetatable, nil)
try("getmetatable.number", getmetatable, 1)
try("getmetatable.plain", getmetatable, {})
try("getmetatable.same", function() local m = {}; return getmetatable(setmetatable({}, m)) == m end)
try("getmetatable.string.index", function() return ("x"):upper(), ("%d"):format(5), ("abc"):len() end)

-- load
try("load.string", function() return load("return 1 + 1")() end)
try("load.syntax", load, "return +")
try("load.syntax2", load, "x = = 1")
try("load.syntax.named", load, "return +", "=mychunk")
try("load.syntax.at", load, "return +", "@file.lua")
try("load.syntax.plain", load, "return +", "plainname")
try("load.syntax.long", load, "local x = 1\nlocal y = 2\nreturn +", "a very long chunk name that goes on and on and on and on and on and more and more")
try("load.syntax.source", load, "local a = 1\nreturn +")
try("load.syntax.source.long", load, string.rep("x", 80) .. " = +")
try("load.runtime.name", function() local f = load("local t = nil\nreturn t.x", "=named"); return f() end)
try("load.runtime.default", function() local f = load("local t = nil\nreturn t.x"); return f() end)
try("load.runtime.multiline", function() local f = load("\nlocal t = nil\nreturn t.x"); return f() end)
try("load.varargs", function() return load("return ...")(1, 2, 3) end)
try("load.env", function() return load("return x", "c", "t", { x = "from env" })() end)
try("load.env.nil", function() return load("return tostring", "c", "t", nil)() end)
try("load.env.nil.call", function() return load("return print(1)", "c", "t", nil)() end)
try("load.env.global.set", function() local e = {}; load("y = 5", "c", "t", e)(); return e.y, y end)
try("load.default.env", function() z_global_test = 11; local r = load("return z_global_test")(); z_global_test = nil; return r end)
try("load.mode.t", function() return load("return 7", "c", "t")() end)
try("load.mode.bt", function() return load("return 8", "c", "bt")() end)
try("load.reader", function()
  local parts, i = { "return ", "1 ", "+ ", "41" }, 0
  return load(function() i = i + 1; return parts[i] end)()
end)
try("load.reader.empty", function()
  local parts, i = { "return 5", "" , "+1" }, 0
  return load(function() i = i + 1; return parts[i] end)()
end)
try("load.reader.nil", function() return load(function() return nil end) ~= nil end)
try("load.reader.name", function()
  local done = false
  return load(function() if done then return nil end done = true; return "return +" end, "=rdr")
end)
try("load.reader.default.name", function()
  local done = false
  return load(function() if done then return nil end done = true; return "return +" end)
end)
try("load.reader.error", function() return load(function() error("reader failed") end) end)
try("load.reader.number", function()
  local i = 0
  return load(function() i = i + 1; if i == 1 then return 42 end end)
end)
try("load.reader.number.valid", function()
  local parts, i = { "return ", 4, 2 }, 0
  return load(function() i = i + 1; return parts[i] end)()
end)
try("load.reader.table", function()
  local i = 0
  return load(function() i = i + 1; if i == 1 then return {} end end)
end)
try("load.reader.notfunc", load, {})
try("load.chunkname.bad", load, "return 1", {})
try("load.mode.bad", load, "return 1", "x", {})
try("load.bad", load, 42)
try("load.number.chunk", function() return load(1.5) end)
try("load.none", load)
try("load.upvalue", function() local f = load("local a = ... ; return function() return a end")(9); return f() end)
try("load.globals.isolated", function() local e = setmetatable({}, { __index = _G }); load("newglobal = 1", "x", "t", e)(); return rawget(e, "newglobal"), newglobal end)

-- misc
try("warn.none", warn)
try("warn.table", warn, "a", {})
try("warn.control", warn, "@off")
try("collectgarbage.count.type", function() return type(collectgarbage("count")), math.type(collectgarbage("count")) end)
try("_VERSION", function() return _VERSION end)
try("_G._G", function() return _G._G == _G end)
try("print.ret", function() return select("#", print()) end)

-- print itself: arguments through tostring, tabs between them
print("print.multi", 1, 1.5, nil, true, "s")
print("print.__tostring", setmetatable({}, { __tostring = function() return "from __tostring" end }))
try("print.__tostring.bad", print, setmetatable({}, { __tostring = function() return {} end }))
print("print.nul", "a\0b")
print("print.bytes", "x\255y")

-- xpcall handlers: errors inside handlers, builtin handlers, argument counts
try("xpcall.handler.error.msg", xpcall, function() error("first") end, function(m) error("in handler") end)
try("xpcall.handler.error.table", xpcall, function() local x = nil; return x.y end, function(m) error({}) end)
try("xpcall.handler.type", xpcall, error, type, {})
try("xpcall.handler.tostring", xpcall, error, tostring, "x", 0)
try("xpcall.handler.nargs", xpcall, function() error() end, function(...) return select("#", ...), ... end)
try("xpcall.handler.retry", function()
  local n = 0
  local r = table.pack(xpcall(function() error("e", 0) end, function(m) n = n + 1; if n < 5 then error("again " .. n, 0) end return "final " .. m end))
  return n, r.n, r[1], r[2]
end)
try("xpcall.nested", xpcall, xpcall, function(m) return "outer " .. tostring(m) end, function() error("inner", 0) end, function(m) return "inner handler " .. m end)
try("pcall.in.xpcall.handler", xpcall, function() error("x", 0) end, function(m) return pcall(error, m .. "!") end)
print("print.values", 1.0, -0.0, 1e100, 2^63, math.mininteger, 1/0, -1/0, "", false)
