-- Differential corpus: run with stock lua5.4 and with `koers lua`; the printed lines must match.
-- Prelude (the same in every corpus file): a deterministic formatter and a protected runner.
local sformat, sbyte, mtype, tsort, tconcat = string.format, string.byte, math.type, table.sort, table.concat

local function esc(s)
  local out = {}
  for i = 1, #s do
    local b = sbyte(s, i)
    if b == 92 then out[#out + 1] = "\\\\"
    elseif b == 34 then out[#out + 1] = '\\"'
    elseif b >= 32 and b < 127 then out[#out + 1] = string.char(b)
    else out[#out + 1] = sformat("\\x%02X", b) end
  end
  return '"' .. tconcat(out) .. '"'
end

local fmt
local function fmtnum(v)
  if mtype(v) == "integer" then return sformat("%d", v) end
  if v ~= v then return "nan" end
  if v == math.huge then return "inf" elseif v == -math.huge then return "-inf" end
  return sformat("%.17g", v) .. "f"
end

function fmt(v, seen)
  local t = type(v)
  if t == "nil" or t == "boolean" then return tostring(v)
  elseif t == "number" then return fmtnum(v)
  elseif t == "string" then return esc(v)
  elseif t == "table" then
    seen = seen or {}
    if seen[v] then return "<cycle>" end
    seen[v] = true
    local keys, k = {}, next(v)
    while k ~= nil do keys[#keys + 1] = k; k = next(v, k) end
    local shown = {}
    for i = 1, #keys do shown[i] = { fmt(keys[i], seen), keys[i] } end
    tsort(shown, function(a, b) return a[1] < b[1] end)
    local parts = {}
    for i = 1, #shown do parts[i] = shown[i][1] .. "=" .. fmt(rawget(v, shown[i][2]), seen) end
    seen[v] = nil
    return "{" .. tconcat(parts, ",") .. "}"
  else return "<" .. t .. ">" end
end

local function fmtall(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = fmt((select(i, ...))) end
  return "(" .. n .. ") " .. tconcat(parts, ", ")
end

-- try(label, f, ...): calls f(...) protected and prints "label ok <results>" or "label err <error>".
local function try(label, f, ...)
  local r = table.pack(pcall(f, ...))
  if r[1] then print(label, "ok", fmtall(table.unpack(r, 2, r.n)))
  else print(label, "err", fmt(r[2])) end
end

-- show(label, ...): prints values already computed.
local function show(label, ...) print(label, fmtall(...)) end
-- End of prelude.

local function list(...) return { ... } end

-- insert
try("insert.append", function() local t = list(1, 2); table.insert(t, 3); return t end)
try("insert.front", function() local t = list(1, 2); table.insert(t, 1, 0); return t end)
try("insert.middle", function() local t = list(1, 2, 3); table.insert(t, 2, "x"); return t end)
try("insert.end+1", function() local t = list(1, 2); table.insert(t, 3, "e"); return t end)
try("insert.end+2", function() local t = list(1, 2); table.insert(t, 4, "e"); return t end)
try("insert.0", function() local t = list(1, 2); table.insert(t, 0, "e"); return t end)
try("insert.neg", function() local t = list(1, 2); table.insert(t, -1, "e"); return t end)
try("insert.empty.1", function() local t = {}; table.insert(t, 1, "e"); return t end)
try("insert.empty.2", function() local t = {}; table.insert(t, 2, "e"); return t end)
try("insert.float", function() local t = list(1, 2); table.insert(t, 1.0, "f"); return t end)
try("insert.floatbad", function() local t = list(1, 2); table.insert(t, 1.5, "f"); return t end)
try("insert.strpos", function() local t = list(1, 2); table.insert(t, "1", "s"); return t end)
try("insert.badpos", function() local t = list(1, 2); table.insert(t, "x", "s"); return t end)
try("insert.nil.value", function() local t = list(1, 2); table.insert(t, nil); return t, #t end)
try("insert.nil.pos", function() local t = list(1, 2); table.insert(t, 1, nil); return t end)
try("insert.few", function() table.insert({}) end)
try("insert.many", function() table.insert({}, 1, 2, 3) end)
try("insert.none", function() table.insert() end)
try("insert.nottable", function() table.insert(1, 2) end)
try("insert.string", function() table.insert("abc", 2) end)
try("insert.nil", function() table.insert(nil, 2) end)
try("insert.maxint", function() local t = {}; table.insert(t, math.maxinteger, 1) end)
try("insert.minint", function() local t = {}; table.insert(t, math.mininteger, 1) end)
try("insert.ret", function() return select("#", table.insert({}, 1)) end)

-- remove
try("remove.last", function() local t = list(1, 2, 3); return table.remove(t), t end)
try("remove.first", function() local t = list(1, 2, 3); return table.remove(t, 1), t end)
try("remove.mid", function() local t = list(1, 2, 3); return table.remove(t, 2), t end)
try("remove.n+1", function() local t = list(1, 2, 3); return table.remove(t, 4), t end)
try("remove.n+2", function() local t = list(1, 2, 3); return table.remove(t, 5), t end)
try("remove.0", function() local t = list(1, 2, 3); return table.remove(t, 0), t end)
try("remove.neg", function() local t = list(1, 2, 3); return table.remove(t, -1), t end)
try("remove.empty", function() local t = {}; return select("#", table.remove(t)), t end)
try("remove.empty.0", function() local t = {}; return table.remove(t, 0), t end)
try("remove.empty.1", function() local t = {}; return table.remove(t, 1), t end)
try("remove.empty.2", function() local t = {}; return table.remove(t, 2), t end)
try("remove.empty.-1", function() local t = {}; return table.remove(t, -1), t end)
try("remove.zero.key", function() local t = { [0] = "z" }; return table.remove(t, 0), t end)
try("remove.zero.key.implicit", function() local t = { [0] = "z" }; return table.remove(t), t end)
try("remove.float", function() local t = list(1, 2); return table.remove(t, 1.0), t end)
try("remove.floatbad", function() local t = list(1, 2); return table.remove(t, 1.5), t end)
try("remove.str", function() local t = list(1, 2); return table.remove(t, "x"), t end)
try("remove.nottable", function() return table.remove(5) end)
try("remove.none", function() return table.remove() end)
try("remove.hole", function() local t = { 1, 2, nil, 4 }; t[3] = nil; return #t == 4 or #t == 2 end)

-- concat
try("concat.basic", table.concat, { 1, 2, 3 })
try("concat.sep", table.concat, { 1, 2, 3 }, ", ")
try("concat.range", table.concat, { 1, 2, 3, 4, 5 }, "-", 2, 4)
try("concat.range.empty", table.concat, { 1, 2, 3 }, "-", 3, 2)
try("concat.range.one", table.concat, { 1, 2, 3 }, "-", 3, 3)
try("concat.floats", table.concat, { 1.5, 2.0, -0.0, 1e100, 2^63 }, " ")
try("concat.strings", table.concat, { "a", "b\0c", "" }, "|")
try("concat.empty", table.concat, {})
try("concat.empty.sep", table.concat, {}, "x")
try("concat.badvalue", table.concat, { 1, {}, 3 })
try("concat.badvalue.bool", table.concat, { 1, true })
try("concat.nil.inside", table.concat, { 1, 2, 3 }, ",", 1, 5)
try("concat.neg.range", table.concat, { [-1] = "m", [0] = "z", "a" }, ",", -1, 1)
try("concat.sep.number", table.concat, { 1, 2 }, 0)
try("concat.sep.bad", table.concat, { 1, 2 }, {})
try("concat.i.bad", table.concat, { 1, 2 }, "", "x")
try("concat.i.float", table.concat, { 1, 2 }, "", 1.5)
try("concat.j.float", table.concat, { 1, 2 }, "", 1, 2.0)
try("concat.nottable", table.concat, "abc")
try("concat.none", table.concat)
try("concat.maxint", table.concat, {}, "", math.maxinteger, math.maxinteger)
try("concat.maxint.range", table.concat, { [math.maxinteger - 1] = "a", [math.maxinteger] = "b" }, ",", math.maxinteger - 1, math.maxinteger)
try("concat.minint", table.concat, {}, "", math.mininteger, math.mininteger)
try("concat.__index", table.concat, setmetatable({}, { __index = function(_, i) return "v" .. i end, __len = function() return 3 end }), ",")
try("concat.__len.only", table.concat, setmetatable({ "a", "b", "c" }, { __len = function() return 2 end }))
try("concat.__len.bad", table.concat, setmetatable({}, { __len = function() return "x" end }))
try("concat.__len.float", table.concat, setmetatable({ "a", "b" }, { __len = function() return 2.0 end }))
try("concat.__len.floatbad", table.concat, setmetatable({ "a", "b" }, { __len = function() return 1.5 end }))
try("concat.__tostring", table.concat, { setmetatable({}, { __tostring = function() return "T" end }) })

-- unpack
try("unpack.basic", table.unpack, { 1, 2, 3 })
try("unpack.range", table.unpack, { 1, 2, 3 }, 2)
try("unpack.range2", table.unpack, { 1, 2, 3 }, 2, 3)
try("unpack.beyond", table.unpack, { 1, 2, 3 }, 2, 5)
try("unpack.neg", table.unpack, { 1, 2, 3 }, -1, 1)
try("unpack.empty", table.unpack, {})
try("unpack.empty.range", table.unpack, { 1 }, 3, 2)
try("unpack.nil.i", table.unpack, { 1, 2 }, nil, 2)
try("unpack.float", table.unpack, { 1, 2 }, 1.0, 2.0)
try("unpack.floatbad", table.unpack, { 1, 2 }, 1.5)
try("unpack.strarg", table.unpack, { 1, 2 }, "1", "2")
try("unpack.too.many", table.unpack, {}, 1, 1e8)
try("unpack.too.many2", table.unpack, {}, math.mininteger, math.maxinteger)
try("unpack.too.many3", table.unpack, {}, 0, math.maxinteger)
try("unpack.maxint", table.unpack, { [math.maxinteger] = "last" }, math.maxinteger, math.maxinteger)
try("unpack.minint", table.unpack, {}, math.mininteger, math.mininteger + 1)
try("unpack.nottable", table.unpack, 1)
try("unpack.nottable.range", table.unpack, 1, 1, 0)
try("unpack.string", table.unpack, "abc")
try("unpack.none", table.unpack)
try("unpack.__index", table.unpack, setmetatable({}, { __index = function(_, i) return i * 2 end }), 1, 3)
try("unpack.__len", table.unpack, setmetatable({ 1, 2, 3 }, { __len = function() return 1 end }))
try("unpack.count", function() return select("#", table.unpack({}, 1, 200)) end)

-- move
try("move.basic", table.move, { 1, 2, 3 }, 1, 3, 2)
try("move.back", table.move, { 1, 2, 3, 4, 5 }, 2, 5, 1)
try("move.forward.overlap", table.move, { 1, 2, 3, 4, 5 }, 1, 4, 2)
try("move.other", function() local b = { "x" }; local r = table.move({ 1, 2, 3 }, 1, 3, 2, b); return r == b, b end)
try("move.empty.range", table.move, { 1, 2, 3 }, 3, 1, 1)
try("move.neg", table.move, { [-1] = "a", [0] = "b", "c" }, -1, 1, 5)
try("move.zero.dest", table.move, { 1, 2 }, 1, 2, 0)
try("move.same", table.move, { 1, 2, 3 }, 1, 3, 1)
try("move.nil.dest", table.move, { 1, 2 }, 1, 2, 3, nil)
try("move.too.many", table.move, {}, math.mininteger, 1, 1)
try("move.too.many2", table.move, {}, 0, math.maxinteger, 1)
try("move.wrap", table.move, {}, 1, 10, math.maxinteger)
try("move.wrap.ok", table.move, { "a" }, 1, 1, math.maxinteger)
try("move.maxint.src", table.move, { [math.maxinteger] = "m" }, math.maxinteger, math.maxinteger, 1)
try("move.bad.f", table.move, {}, "x", 1, 1)
try("move.float.f", table.move, { 1, 2 }, 1.0, 2, 3)
try("move.floatbad.f", table.move, { 1, 2 }, 1.5, 2, 3)
try("move.missing.e", table.move, {}, 1)
try("move.missing.t", table.move, {}, 1, 2)
try("move.nottable", table.move, 1, 1, 2, 3)
try("move.dest.nottable", table.move, {}, 1, 2, 3, 5)
try("move.none", table.move)
try("move.__index.__newindex", function()
  local log = {}
  local src = setmetatable({}, { __index = function(_, k) log[#log + 1] = "r" .. k; return k * 10 end })
  local dst = setmetatable({}, { __newindex = function(t, k, v) log[#log + 1] = "w" .. k .. "=" .. v; rawset(t, k, v) end })
  table.move(src, 1, 3, 1, dst)
  return table.concat(log, " "), dst
end)
try("move.overlap.order", function()
  local log = {}
  local t = setmetatable({}, { __index = function(_, k) log[#log + 1] = "r" .. k; return k end,
    __newindex = function(_, k, v) log[#log + 1] = "w" .. k end })
  table.move(t, 1, 3, 2)
  table.move(t, 2, 4, 1)
  return table.concat(log, " ")
end)

-- sort (strict total orders only; the sandbox's sort is a stable merge sort)
try("sort.numbers", function() local t = { 5, 3, 8, 1, 9, 2, 7 }; table.sort(t); return t end)
try("sort.floats.ints", function() local t = { 2.5, 1, -3, 2, 1e10, -1.5, math.mininteger, math.maxinteger }; table.sort(t); return t end)
try("sort.strings", function() local t = { "b", "a", "B", "aa", "", "ab", "A" }; table.sort(t); return t end)
try("sort.desc", function() local t = { 5, 3, 8, 1 }; table.sort(t, function(a, b) return a > b end); return t end)
try("sort.empty", function() local t = {}; table.sort(t); return t end)
try("sort.one", function() local t = { 1 }; table.sort(t); return t end)
try("sort.two", function() local t = { 2, 1 }; table.sort(t); return t end)
try("sort.sorted", function() local t = {}; for i = 1, 100 do t[i] = i end; table.sort(t); return t[1], t[50], t[100] end)
try("sort.reversed", function() local t = {}; for i = 1, 100 do t[i] = 101 - i end; table.sort(t); return t[1], t[50], t[100] end)
try("sort.big", function()
  local t, x = {}, 12345
  for i = 1, 1000 do x = (x * 1103515245 + 12345) % 2147483648; t[i] = x * 1000 + i end
  table.sort(t)
  local ok = true
  for i = 2, #t do if t[i - 1] > t[i] then ok = false end end
  return ok, t[1], t[500], t[1000]
end)
try("sort.records", function()
  local t = { { n = "c", v = 3 }, { n = "a", v = 1 }, { n = "b", v = 2 } }
  table.sort(t, function(a, b) return a.n < b.n end)
  return t[1].v, t[2].v, t[3].v
end)
try("sort.mixed", function() local t = { 1, "x", 2 }; table.sort(t) end)
try("sort.tables", function() local t = { {}, {} }; table.sort(t) end)
-- Which operand comes first in "attempt to compare" depends on the algorithm: only the kind of error is shown.
try("sort.nil.hole", function()
  local t = { 3, 1 }; t[4] = 2
  local ok, e = pcall(table.sort, t)
  return ok, (tostring(e):gsub("compare %a+ with %a+", "compare"))
end)
try("sort.bad.comp.empty", function() local t = {}; table.sort(t, 5); return t end)
try("sort.bad.comp.one", function() local t = { 1 }; table.sort(t, "x"); return t end)
try("sort.bad.comp", function() table.sort({ 2, 1 }, 5) end)
try("sort.comp.error", function() table.sort({ 2, 1 }, function() error("cmp failed") end) end)
try("sort.comp.nil", function() local t = { 3, 1, 2 }; table.sort(t, nil); return t end)
try("sort.nottable", function() table.sort("abc") end)
try("sort.none", function() table.sort() end)
try("sort.__lt", function()
  local mt = { __lt = function(a, b) return a.v < b.v end }
  local t = {}
  for i, v in ipairs({ 4, 2, 9, 1 }) do t[i] = setmetatable({ v = v }, mt) end
  table.sort(t)
  return t[1].v, t[2].v, t[3].v, t[4].v
end)
try("sort.__index.__len", function()
  local store = { 3, 1, 2 }
  local p = setmetatable({}, { __index = store, __newindex = store, __len = function() return #store end })
  table.sort(p)
  return store
end)
try("sort.ret", function() return select("#", table.sort({ 2, 1 })) end)

-- metamethods on lists passed to the table functions
try("insert.__newindex", function()
  local log = {}
  local t = setmetatable({}, { __newindex = function(t, k, v) log[#log + 1] = k .. "=" .. tostring(v); rawset(t, k, v) end })
  table.insert(t, "a"); table.insert(t, "b"); table.insert(t, 1, "c")
  return table.concat(log, " "), t
end)
try("insert.__len", function()
  local t = setmetatable({}, { __len = function() return 10 end })
  table.insert(t, "x")
  return t
end)
try("insert.__index.__len", function()
  local log = {}
  local t = setmetatable({}, { __len = function() return 2 end, __index = function(_, k) log[#log + 1] = "r" .. k; return "i" .. k end })
  table.insert(t, 1, "new")
  return table.concat(log, " "), t
end)
try("remove.__len", function()
  local t = setmetatable({ 1, 2, 3 }, { __len = function() return 2 end })
  return table.remove(t), t
end)
try("remove.__index", function()
  local t = setmetatable({}, { __len = function() return 3 end, __index = function(_, k) return "v" .. k end })
  return table.remove(t, 1), t
end)
try("len.__len.error", function() table.insert(setmetatable({}, { __len = function() error("len failed") end }), 1) end)
try("len.__len.nonint", function() table.insert(setmetatable({}, { __len = function() return 1.5 end }), 1) end)
try("len.__len.string", function() table.insert(setmetatable({}, { __len = function() return "2" end }), 1) end)
try("unpack.__len.error", function() table.unpack(setmetatable({}, { __len = function() error("ulen") end })) end)

-- table.pack and table constructor edge cases
try("pack.basic", table.pack, 1, nil, 3)
try("pack.none", table.pack)
try("pack.n", function() return table.pack(nil, nil).n end)
try("ctor.varargs", function(...) local t = { ... }; return #t, t end, 1, 2, 3)
try("ctor.mixed", function() return { 1, 2, [2] = "x", 3 } end)
try("ctor.nil.key", function() local k; return { [k] = 1 } end)
try("ctor.nan.key", function() return { [0 / 0] = 1 } end)
try("index.nil.assign", function() local t = {}; t[nil] = 1 end)
try("index.nan.assign", function() local t = {}; t[0 / 0] = 1 end)
try("index.nil.read", function() local t = {}; return t[nil], t[0 / 0] end)
try("len.border", function() local t = { 1, 2, 3 }; return #t, #{}, #{ nil }, #{ n = 1 } end)
try("table.functions", function()
  local names = {}
  for k in pairs(table) do names[#names + 1] = k end
  table.sort(names)
  return table.concat(names, " ")
end)
