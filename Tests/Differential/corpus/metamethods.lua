-- Differential corpus: run with stock lua5.4 and with `koers lua`; the printed lines must match.
local sformat, sbyte, mtype, tsort, tconcat = string.format, string.byte, math.type, table.sort, table.concat
-- The shared prelude (rules/prelude.lua): a deterministic formatter and a protected runner.
local prelude = require("prelude")
local esc, fmt, fmtall, try, show = prelude.esc, prelude.fmt, prelude.fmtall, prelude.try, prelude.show

local log = {}
local function logged(name)
  return function(...)
    local parts = {}
    for i = 1, select("#", ...) do
      local v = select(i, ...)
      parts[i] = type(v) == "table" and (rawget(v, "id") or "t") or fmt(v)
    end
    return name .. "(" .. table.concat(parts, ",") .. ")"
  end
end
local binops = { "add", "sub", "mul", "div", "mod", "pow", "unm", "idiv", "band", "bor", "bxor", "shl", "shr", "bnot", "concat" }
local mt = { __name = "Obj" }
for _, n in ipairs(binops) do mt["__" .. n] = logged(n) end
local A = setmetatable({ id = "A" }, mt)
local B = setmetatable({ id = "B" }, mt)
local P = { id = "P" }

local ops = {
  { "add", function(a, b) return a + b end }, { "sub", function(a, b) return a - b end }, { "mul", function(a, b) return a * b end },
  { "div", function(a, b) return a / b end }, { "mod", function(a, b) return a % b end }, { "pow", function(a, b) return a ^ b end },
  { "idiv", function(a, b) return a // b end }, { "band", function(a, b) return a & b end }, { "bor", function(a, b) return a | b end },
  { "bxor", function(a, b) return a ~ b end }, { "shl", function(a, b) return a << b end }, { "shr", function(a, b) return a >> b end },
  { "concat", function(a, b) return a .. b end },
}
for _, op in ipairs(ops) do
  try("bin." .. op[1] .. ".AB", op[2], A, B)
  try("bin." .. op[1] .. ".A1", op[2], A, 1)
  try("bin." .. op[1] .. ".1A", op[2], 1, A)
  try("bin." .. op[1] .. ".sA", op[2], "s", A)
  try("bin." .. op[1] .. ".1.5A", op[2], 1.5, A)
  try("bin." .. op[1] .. ".PA", op[2], P, A)
  try("bin." .. op[1] .. ".PP", op[2], P, P)
  try("bin." .. op[1] .. ".P1", op[2], P, 1)
  try("bin." .. op[1] .. ".nilA", op[2], nil, A)
end
try("unm", function() return -A end)
try("bnot", function() return ~A end)
try("unm.plain", function() return -P end)
try("bnot.plain", function() return ~P end)
try("concat.chain", function() return "x" .. A .. "y" .. 1 end)
try("concat.numbers.meta", function() return 1 .. A end)
try("concat.multi", function() return A .. "a" .. "b" end)
try("bitwise.float.meta", function() return 1.5 & A end)
try("bitwise.floaterr", function() return 1.5 & 1 end)
try("bitwise.str", function() return "a" | 1 end)

-- __name in error messages
local named = setmetatable({}, { __name = "MyThing" })
try("name.arith", function() return named + 1 end)
try("name.call", function() return named() end)
try("name.concat", function() return named .. "" end)
try("name.index", function() local x = setmetatable({}, { __name = "N", __index = function(t, k) return nil end }); return x.a.b end)
try("name.compare", function() return named < named end)
try("name.compare.mixed", function() return named < 1 end)
try("name.len", function() return #setmetatable({}, { __name = "L" }) end)
try("name.tostring", function() return (tostring(named):gsub("0x%x+", "ADDR"):gsub(": %x+$", ": ADDR")) end)
try("name.arg", function() return ("x"):rep(named) end)
try("name.arg.math", function() return math.floor(named) end)
try("name.nonstring", function() return setmetatable({}, { __name = 1 }) + 1 end)

-- __len
try("len.meta", function() return #setmetatable({}, { __len = function(t) return 42 end }) end)
try("len.meta.str", function() return #setmetatable({}, { __len = function(t) return "len" end }) end)
try("len.meta.multi", function() return #setmetatable({}, { __len = function(t) return 1, 2 end }) end)
try("len.meta.args", function() return #setmetatable({}, { __len = function(...) return select("#", ...) end }) end)
try("len.string", function() return #"abc" end)
try("len.number", function() local n = 5; return #n end)

-- __eq
local eqmt = { __eq = function(a, b) return a.v == b.v end }
local e1, e2, e3 = setmetatable({ v = 1 }, eqmt), setmetatable({ v = 1 }, eqmt), setmetatable({ v = 2 }, eqmt)
try("eq.true", function() return e1 == e2, e1 ~= e2 end)
try("eq.false", function() return e1 == e3, e1 ~= e3 end)
try("eq.plain", function() return e1 == { v = 1 }, { v = 1 } == e1 end)
try("eq.number", function() return e1 == 1 end)
try("eq.result.coerced", function() return setmetatable({}, { __eq = function() return "yes" end }) == setmetatable({}, {}) end)
try("eq.result.nil", function() local m = { __eq = function() return nil end }; return setmetatable({}, m) == setmetatable({}, m) end)
try("eq.same", function() local m = { __eq = function() error("not called") end }; local x = setmetatable({}, m); return x == x end)
try("eq.second.only", function() return {} == setmetatable({}, { __eq = function() return true end }) end)

-- __lt __le
local cmt = { __lt = function(a, b) return a.v < b.v end, __le = function(a, b) return a.v <= b.v end }
local c1, c2 = setmetatable({ v = 1 }, cmt), setmetatable({ v = 2 }, cmt)
try("lt", function() return c1 < c2, c2 < c1, c1 > c2, c2 > c1 end)
try("le", function() return c1 <= c2, c2 <= c1, c1 >= c2, c1 >= c1 end)
try("lt.mixed", function() return c1 < 5 end)
try("lt.mixed.num", function() local m = { __lt = function(a, b) return type(a) .. type(b) end }; return setmetatable({}, m) < 5, 5 < setmetatable({}, m) end)
try("le.no.lt.fallback", function() local m = { __lt = function() return true end }; return setmetatable({}, m) <= setmetatable({}, m) end)
try("lt.string.meta", function() local m = { __lt = function() return true end }; return "a" < setmetatable({}, m) end)
try("le.result", function() local m = { __le = function() return 0 end }; return setmetatable({}, m) <= 1 end)
try("lt.error", function() local m = { __lt = function() error("lt failed") end }; return setmetatable({}, m) < 1 end)

-- __index chains
local base = { greet = function(self) return "hello " .. self.name end, kind = "base" }
local mid = setmetatable({ kind = "mid" }, { __index = base })
local obj = setmetatable({ name = "obj" }, { __index = mid })
try("index.chain", function() return obj:greet(), obj.kind, obj.missing end)
try("index.fn", function() local t = setmetatable({}, { __index = function(t, k) return k .. "!" end }); return t.x, t[1], t[true] end)
try("index.fn.args", function() local t = setmetatable({}, { __index = function(...) return select("#", ...) end }); return t.x end)
try("index.fn.multi", function() local t = setmetatable({}, { __index = function() return 1, 2 end }); return t.x end)
try("index.raw.present", function() local t = setmetatable({ x = 1 }, { __index = function() return "meta" end }); return t.x end)
try("index.deep", function()
  local t = {}
  for i = 1, 50 do t = setmetatable({}, { __index = t }) end
  return t.anything
end)
try("index.loop", function()
  local a, b = {}, {}
  setmetatable(a, { __index = b }); setmetatable(b, { __index = a })
  return a.x
end)
try("index.number", function() local t = setmetatable({}, { __index = 5 }); return t.x end)
try("index.string.meta", function() local t = setmetatable({}, { __index = "abc" }); return t.len end)
try("index.error", function() local t = setmetatable({}, { __index = function(t, k) error("no field " .. k) end }); return t.foo end)
try("index.error.level2", function() local t = setmetatable({}, { __index = function(t, k) error("lvl2 " .. k, 2) end }); return t.foo end)

-- __newindex
try("newindex.table", function()
  local store = {}
  local t = setmetatable({}, { __newindex = store })
  t.a = 1
  return rawget(t, "a"), store.a
end)
try("newindex.fn", function()
  local seen = {}
  local t = setmetatable({ existing = 1 }, { __newindex = function(t, k, v) seen[#seen + 1] = k .. "=" .. tostring(v) end })
  t.new = 2; t.existing = 3; t[1] = nil
  return table.concat(seen, " "), t.existing, rawget(t, "new")
end)
try("newindex.chain", function()
  local inner = {}
  local middle = setmetatable({}, { __newindex = inner })
  local outer = setmetatable({}, { __newindex = middle })
  outer.x = 1
  return rawget(outer, "x"), rawget(middle, "x"), inner.x
end)
try("newindex.number", function() local t = setmetatable({}, { __newindex = 5 }); t.x = 1 end)
try("newindex.nilkey", function() local t = setmetatable({}, { __newindex = {} }); t[nil] = 1 end)
try("newindex.nilkey.fn", function() local r; local t = setmetatable({}, { __newindex = function(_, k) r = k end }); t[nil] = 1; return r end)
try("newindex.nankey.fn", function() local r; local t = setmetatable({}, { __newindex = function(_, k) r = k ~= k end }); t[0 / 0] = 1; return r end)

-- __call
local callable = setmetatable({ id = "C" }, { __call = function(self, ...) return self.id, select("#", ...), ... end })
try("call.basic", function() return callable(1, 2, 3) end)
try("call.none", function() return callable() end)
try("call.nil.args", function() return callable(nil, nil) end)
try("call.method", function() local o = { f = callable }; return o:f("x") end)
try("call.nested", function()
  local inner = setmetatable({}, { __call = function(_, ...) return "inner", ... end })
  local outer = setmetatable({}, { __call = inner })
  return outer("arg")
end)
try("call.notcallable", function() local t = setmetatable({}, { __call = 5 }); return t() end)
try("call.pcall", pcall, callable, "p")
try("call.in.gsub", function() return (("abc"):gsub("%w", setmetatable({}, { __call = function() return "x" end }))) end)
try("call.sort", function() local t = { 3, 1, 2 }; table.sort(t, setmetatable({}, { __call = function(_, a, b) return a < b end })); return t end)

-- __tostring
try("tostring.meta", function() return tostring(setmetatable({}, { __tostring = function(t) return "I am " .. t.n end, n = 1 })) end)
try("tostring.meta.self", function() local t = setmetatable({ n = "me" }, { __tostring = function(t) return "I am " .. t.n end }); return tostring(t) end)
try("tostring.meta.number", function() return tostring(setmetatable({}, { __tostring = function() return 42 end })) end)
try("tostring.meta.nil", function() return tostring(setmetatable({}, { __tostring = function() return nil end })) end)
try("tostring.concat.noeffect", function() return "x" .. setmetatable({}, { __tostring = function() return "T" end }) end)

-- __close
try("close.order", function()
  local out = {}
  do
    local a <close> = setmetatable({}, { __close = function(_, e) out[#out + 1] = "a:" .. tostring(e) end })
    local b <close> = setmetatable({}, { __close = function(_, e) out[#out + 1] = "b:" .. tostring(e) end })
    local c <close> = nil
    local d <close> = false
    out[#out + 1] = "body"
  end
  return table.concat(out, " ")
end)
try("close.error.in.body", function()
  local out = {}
  local ok, e = pcall(function()
    local a <close> = setmetatable({}, { __close = function(_, e) out[#out + 1] = "a got " .. tostring(e) end })
    error("body failed", 0)
  end)
  return table.concat(out, " "), ok, e
end)
try("close.error.in.close", function()
  local out = {}
  local ok, e = pcall(function()
    local a <close> = setmetatable({}, { __close = function(_, e) out[#out + 1] = "a got " .. tostring(e) end })
    local b <close> = setmetatable({}, { __close = function() error("b close failed", 0) end })
    out[#out + 1] = "body"
  end)
  return table.concat(out, " "), ok, e
end)
try("close.error.both", function()
  local out = {}
  local ok, e = pcall(function()
    local a <close> = setmetatable({}, { __close = function(_, e) out[#out + 1] = "a got " .. tostring(e); error("a failed", 0) end })
    local b <close> = setmetatable({}, { __close = function(_, e) out[#out + 1] = "b got " .. tostring(e); error("b failed", 0) end })
    error("body", 0)
  end)
  return table.concat(out, " "), ok, e
end)
try("close.not.closable", function() local x <close> = {} end)
try("close.not.closable.number", function() local x <close> = 5 end)
try("close.return.values", function()
  local function f()
    local a <close> = setmetatable({}, { __close = function() end })
    return 1, 2, 3
  end
  return f()
end)
try("close.in.loop", function()
  local out = {}
  for i = 1, 3 do
    local c <close> = setmetatable({}, { __close = function() out[#out + 1] = "c" .. i end })
    if i == 2 then goto continue end
    out[#out + 1] = "i" .. i
    ::continue::
  end
  return table.concat(out, " ")
end)
try("close.break", function()
  local out = {}
  while true do
    local c <close> = setmetatable({}, { __close = function() out[#out + 1] = "closed" end })
    break
  end
  return table.concat(out, " ")
end)
try("close.generic.for", function()
  local out = {}
  local function iter()
    local closer = setmetatable({}, { __close = function() out[#out + 1] = "iter closed" end })
    local i = 0
    return function() i = i + 1; if i <= 3 then return i end end, nil, nil, closer
  end
  for i in iter() do
    out[#out + 1] = i
    if i == 2 then break end
  end
  return table.concat(out, " ")
end)
try("const.assign", function() return load("local x <const> = 1; x = 2") end)
try("attrib.unknown", function() return load("local x <foo> = 1") end)

-- __mode (allowed; no GC effects are observed)
try("mode", function() local w = setmetatable({}, { __mode = "k" }); w[1] = 1; return w[1], getmetatable(w).__mode end)

-- metamethods looked up raw, and on the metatable of the first operand with one
try("meta.rawlookup", function()
  local mm = setmetatable({}, { __index = function() return function() return "via index" end end })
  local t = setmetatable({}, mm)
  return pcall(function() return t + 1 end)
end)
try("meta.second.operand", function()
  local m1 = { __add = function() return "first" end }
  local m2 = { __add = function() return "second" end }
  return setmetatable({}, m1) + setmetatable({}, m2), 1 + setmetatable({}, m2), {} + setmetatable({}, m2)
end)
try("meta.idiv.int", function() local m = { __idiv = function(a, b) return "idiv" end }; return 7 // setmetatable({}, m) end)
try("meta.shl.string", function() local m = { __shl = function(a, b) return type(a) .. type(b) end }; return "3" << setmetatable({}, m) end)
