-- Differential corpus: run with stock lua5.4 and with `koers lua`; the printed lines must match.
local sformat, sbyte, mtype, tsort, tconcat = string.format, string.byte, math.type, table.sort, table.concat
-- The shared prelude (rules/prelude.lua): a deterministic formatter and a protected runner.
local prelude = require("prelude")
local esc, fmt, fmtall, try, show = prelude.esc, prelude.fmt, prelude.fmtall, prelude.try, prelude.show

-- A deterministic generator (an LCG; math.random is seeded differently on each host).
local seed = 20240607
local function rnd(n) -- 1..n
  seed = (seed * 1103515245 + 12345) % 2147483648
  return (seed >> 8) % n + 1
end
local function pick(list) return list[rnd(#list)] end

local atoms = {
  "a", "b", "c", "1", "2", " ", "_", "-", ".", ".", "%a", "%d", "%s", "%w", "%p", "%x", "%u", "%l", "%c", "%g",
  "%A", "%D", "%S", "%W", "%P", "%%", "%.", "%-", "%(", "%]", "[abc]", "[^ab]", "[a-c]", "[%d_]", "[%a-]", "[]]",
  "[^]]", "[a-]", "[-a]", "[%]]", "[^%s]", "[1-2a]", "%z", "%q", "()", "%b()", "%b[]", "%bab", "%f[%w]", "%f[%W]",
  "%f[%s]", "%f[a]", "%f[^%z]",
}
local quants = { "", "", "", "*", "+", "-", "?" }
local broken = { "(", ")", "[a", "[", "[^", "%", "%b", "%b(", "%f", "%fa", "%f[", "%9", "%0", "(()", "[%", "a%", "((a)", "%1(a)" }
local subjchars = { "a", "b", "c", "a", "b", "1", "2", " ", "_", "-", "(", ")", "[", "]", "%", ".", "\n", "A", "B", "\0" }

local function genpattern()
  local parts = {}
  if rnd(5) == 1 then parts[#parts + 1] = "^" end
  local n = rnd(5)
  local open, closed = 0, 0
  for _ = 1, n do
    local r = rnd(20)
    if r == 1 then parts[#parts + 1] = "("; open = open + 1
    elseif r == 2 and open > 0 then parts[#parts + 1] = ")"; open = open - 1; closed = closed + 1
    elseif r == 4 and closed > 0 then parts[#parts + 1] = "%" .. rnd(closed + 1)
    elseif r == 3 and rnd(3) == 1 then parts[#parts + 1] = pick(broken)
    else
      local a = pick(atoms)
      parts[#parts + 1] = a
      if a ~= "()" and a:sub(1, 2) ~= "%b" and a:sub(1, 2) ~= "%f" then
        parts[#parts + 1] = pick(quants)
      end
    end
  end
  while open > 0 do parts[#parts + 1] = ")"; open = open - 1 end
  if rnd(6) == 1 then parts[#parts + 1] = "$" end
  return table.concat(parts)
end

local function gensubject()
  local parts = {}
  for i = 1, rnd(13) - 1 do parts[i] = pick(subjchars) end
  return table.concat(parts)
end

local function results(ok, ...)
  if ok then return fmtall(...) end
  return "ERR " .. fmt((...))
end

local repls = { "<%0>", "%1", "[%1|%2]", "%%", "x", "", "%", "%a", "%9" }
local lookup = { a = "A", b = false, ["1"] = 1, [" "] = 2.5, c = {} }
local function replfn(...)
  local n = select("#", ...)
  local a = ...
  if a == "b" then return nil end
  if a == "c" then return false end
  if a == "1" then return 11 end
  if a == "(" then return {} end
  return "{" .. n .. ":" .. tostring(a) .. "}"
end

local function collect(s, p, init)
  local out, count = {}, 0
  for a, b in string.gmatch(s, p, init) do
    count = count + 1
    out[#out + 1] = fmt(a) .. (b ~= nil and ("/" .. fmt(b)) or "")
    if count > 50 then out[#out + 1] = "..."; break end
  end
  return table.concat(out, " ")
end

-- A 32-bit FNV-1a hash of a string: most generated pairs are shown as a hash of their results, to
-- keep the output small (under the 64 KiB of a pipe) and fast to print (`koers lua` has a 1 s budget).
-- Set VERBOSE to true to print every pair in full when a hash differs.
local VERBOSE = false
local function hash(str)
  local h = 2166136261
  for i = 1, #str, 256 do
    local bytes = { string.byte(str, i, i + 255) }
    for j = 1, #bytes do h = ((h ~ bytes[j]) * 16777619) & 0xFFFFFFFF end
  end
  return string.format("%08x", h)
end

-- Per generated pair: pattern, subject, init, then find, find with init, plain find, match, gmatch
-- [, gmatch with init], and one gsub; every 25th pair is printed in full, the others as a hash.
for i = 1, 1500 do
  local p, s = genpattern(), gensubject()
  local init = rnd(17) - 6
  local out = { esc(p), esc(s), init,
    results(pcall(string.find, s, p)),
    results(pcall(string.find, s, p, init)),
    results(pcall(string.find, s, p, init, true)),
    results(pcall(string.match, s, p, init)),
    results(pcall(collect, s, p)) }
  if i % 3 == 0 then out[#out + 1] = "gmatchinit " .. results(pcall(collect, s, p, init)) end
  local r = rnd(4)
  if r == 1 then
    local rep = pick(repls)
    out[#out + 1] = "gsubstr " .. esc(rep) .. " " .. results(pcall(string.gsub, s, p, rep))
  elseif r == 2 then
    out[#out + 1] = "gsubtab " .. results(pcall(string.gsub, s, p, lookup))
  elseif r == 3 then
    out[#out + 1] = "gsubfn " .. results(pcall(string.gsub, s, p, replfn))
  else
    local n = rnd(5) - 2
    out[#out + 1] = "gsubn " .. n .. " " .. results(pcall(string.gsub, s, p, "#", n))
  end
  local line = table.concat(out, " | ")
  if VERBOSE or i % 25 == 0 then print("p." .. i, line) else print("p." .. i, hash(line)) end
end

-- Hand-written cases.
local hand = {
  { "find", "hello world", "o w" }, { "find", "hello", "l+" }, { "find", "hello", "" }, { "find", "", "" },
  { "find", "hello", "", 10 }, { "find", "hello", "", 6 }, { "find", "hello", "", 7 }, { "find", "a.b", ".", 1, true },
  { "find", "a+b", "+", 1, true }, { "find", "abc", "b", -1 }, { "find", "abc", "b", -100 }, { "find", "abc", "(b)(c)" },
  { "find", "abc", "()b()" }, { "match", "key = value", "(%w+)%s*=%s*(%w+)" }, { "match", "2024-06-07", "(%d+)-(%d+)-(%d+)" },
  { "match", "  trim  ", "^%s*(.-)%s*$" }, { "match", "THE (quick) fox", "%((%a+)%)" }, { "match", "f(a(b)c)d", "%b()" },
  { "match", "hello", "()ll()" }, { "match", "aaa", "a-b" }, { "match", "aaab", "a-b" }, { "match", "abab", "(ab)%1" },
  { "match", "THE (quick) fox", "%f[%a]%a+" }, { "match", "hello", "%f[%l]" }, { "match", "x", "[%" }, { "match", "x", "[a-%%]" },
  { "match", "-", "[a-%%]" }, { "match", "%", "[a-%%]" }, { "match", "b", "[%a-z]" }, { "match", "-", "[%a-z]" },
  { "match", "abc", "((a)(b)(c))" }, { "match", "abc", "%0" }, { "match", "abc", "(a%1)" }, { "match", "abc", "(a)%2" },
  { "match", string.rep("a", 40), string.rep("(a)", 33) }, { "match", string.rep("a", 40), string.rep("(a)", 32) },
  { "match", string.rep("a", 300), string.rep("a?", 300) }, { "match", string.rep("a", 12), string.rep("a?", 12) .. "b" },
  { "match", string.rep("a", 300), string.rep("(", 100) .. "a" .. string.rep(")", 100) },
  { "match", string.rep("a", 500), ".-b" }, { "match", string.rep("a", 3000), "(.-)$" }, { "match", "a\0b", "%z" },
  { "match", "a\0b", "[\0]" }, { "match", "a\0b", "a.b" }, { "match", "a\0b", "%Z+" }, { "find", "a\0b", "\0", 1, true },
  { "match", "hello", "^(h)(e)" }, { "match", "hello", "o$" }, { "match", "hello$", "o%$" }, { "match", "a$b", "$b" },
  { "match", "^a", "^^a" }, { "match", "abc", "^" }, { "match", "abc", "$" }, { "gsub", "hello world", "o", "0" },
  { "gsub", "hello world", "(o)", "[%1]" }, { "gsub", "hello world", "%w+", "%0 %0" }, { "gsub", "abc", "", "-" },
  { "gsub", "abc", ".-", "-" }, { "gsub", "abc", "x*", "-" }, { "gsub", "hello", "l", "L", 1 }, { "gsub", "hello", "l", "L", 0 },
  { "gsub", "hello", "l", "L", -1 }, { "gsub", "hello", "l", "L", 1.0 }, { "gsub", "hello", "l", "L", 1.5 },
  { "gsub", "hello", "(l)(l)", "%2%1" }, { "gsub", "hello", "l", "%1" }, { "gsub", "hello", "l", "%2" },
  { "gsub", "hello", "l", "%" }, { "gsub", "hello", "l", "%x" }, { "gsub", "hello", "l", true },
  { "gsub", "hello", "l" }, { "gsub", "hello", "l", 5 }, { "gsub", "hello", "l", 5.5 }, { "gsub", "abc", "%w", "%%%0" },
  { "gsub", "$name is $age", "%$(%w+)", { name = "Ann", age = 7 } }, { "gsub", "$x", "%$(%w+)", { x = {} } },
  { "gsub", "$x", "%$(%w+)", { x = true } }, { "gsub", "$x", "%$(%w+)", { x = false } },
  { "gsub", "abc", "%w", function(c) return c:upper() .. "." end }, { "gsub", "abc", "()", function(p) return p end },
  { "gsub", "abc", "%w", function() return print end }, { "gsub", "abc", "%w", function() error("repl failed") end },
  { "gsub", "abc", "%w", function() error({}) end }, { "gsub", 123, 2, 9 }, { "find", 12345, 34 }, { "match", 1.5, "%." },
  { "find" }, { "find", "a" }, { "find", "a", {} }, { "gsub", "a", "a" }, { "match", "a", "a", "x" }, { "find", "a", "a", 1.5 },
  { "gmatch", "a b c", "%a" }, { "gmatch", "k1=v1, k2=v2", "(%w+)=(%w+)" }, { "gmatch", "abc", "" }, { "gmatch", "abc", "^." },
  { "gmatch", "abc", ".", 2 }, { "gmatch", "abc", ".", -1 }, { "gmatch", "abc", ".", 10 }, { "gmatch", "abc", "()", 4 },
  { "gmatch", "abc", "x*" }, { "gmatch", "aaa", "a-" }, { "gmatch", "a,b,,c", "([^,]*)" },
  { "gsub", "a,b,,c", "[^,]*", "<%0>" }, { "gsub", "hello world from lua", "(%w+) (%w+)", "%2 %1" },
  { "gsub", "abc", "b*", "X" }, { "gsub", "", "", "X" }, { "gsub", "", "x*", "X" }, { "gsub", "abc", "$", "!" },
  { "gsub", "abc", "^", "!" }, { "gsub", "a.b.c", "%.", "%%" }, { "gsub", "x", "x", "%%%%" },
  { "find", "a", "%" }, { "find", "a", "[a" }, { "find", "a", "(a" }, { "find", "a", "a)" }, { "find", "a", "%b" },
  { "find", "a", "%ba" }, { "find", "a", "%f" }, { "find", "a", "%fa" }, { "find", "a", "%1" }, { "find", "a", "(%1)" },
  { "find", "a", "[^" }, { "find", "a", "[]" }, { "find", "]", "[]]" }, { "find", "a", "[^]" }, { "find", "b", "[a-]" },
  { "find", "", "%" }, { "find", "", "[a" }, { "find", "", "(" }, { "find", "", "%b" }, { "find", "x", "%1" },
  { "gmatch", "a", "%" }, { "gmatch", "a", "(" }, { "gsub", "a", "(", "" }, { "gsub", "a", "[", "" },
}
local fns = { find = string.find, match = string.match, gsub = string.gsub, gmatch = function(s, p, i) return collect(s, p, i) end }
for i, h in ipairs(hand) do
  local shownargs = {}
  for j = 2, #h do shownargs[#shownargs + 1] = type(h[j]) == "table" and "<t>" or type(h[j]) == "function" and "<f>" or fmt(h[j]) end
  local shown, res = table.concat(shownargs, " "), results(pcall(fns[h[1]], table.unpack(h, 2, #h)))
  if #shown > 120 then shown = "#" .. #shown .. ":" .. hash(shown) end
  if #res > 200 then res = "#" .. #res .. ":" .. hash(res) end
  print("h." .. i .. "." .. h[1], shown, res)
end
-- The matcher's recursion limit ("pattern too complex") at its boundary.
for _, item in ipairs({ "a-", "a*", "a?", "()", "(a)", "%f[a]", "[a]*", "." }) do
  for n = 198, 202 do
    for _, subj in ipairs({ "b", "aaab", string.rep("a", 210) .. "b" }) do
      if #subj < 10 or item == "a*" or item == "[a]*" or item == "." then
        local p = string.rep(item, n) .. "b"
        print("depth." .. item .. "." .. n .. "." .. #subj, results(pcall(string.find, subj, p)), results(pcall(string.gsub, subj, p, "x")))
      end
    end
  end
end
local hand2 = {
  { "abc", "()", { [1] = "x", [3] = true } }, { "abc", "()(b)", "%1-%2" }, { "abc", "(b)()", "%2%1%0" },
  { "hello world", "(o)", { o = "0" } }, { "hello", "", "-", 3 }, { "abc", ".", { a = 1.5, b = -0.0 } },
  { "abc", "%f[%a]", "|" }, { "THE END", "%f[%u]%u", "<%0>" }, { "a1b2", "%d", "%%d" }, { "x", "x", "%%%%%0" },
  { "aaa", "a*", "-" }, { "aaa", "a-", "-" }, { "aaa", "^a", "b" }, { "aaa", "^a*", "b", 5 }, { "abc", "$", "X" },
  { "a\nb", "\n", "\\n" }, { "a.b", "%.", "%%." }, { "one two", "(%w+)", "%1 %1" }, { "abc", "b", "%0%0" },
}
for i, h in ipairs(hand2) do
  print("gsub2." .. i, esc(h[1]), esc(h[2]), results(pcall(string.gsub, h[1], h[2], h[3], h[4])))
end
try("find.init.past", string.find, "abc", "", 5)
try("find.init.len+1", string.find, "abc", "", 4)
try("find.plain.init.past", string.find, "abc", "", 5, true)
try("find.plain.empty", string.find, "abc", "", 2, true)
try("find.plain.special", string.find, "a.b*c[d]", ".b*c[", 1, true)
try("find.plain.nil", string.find, "a.b", ".", 1, nil)
try("find.init.mininteger", string.find, "abc", "a", math.mininteger)
try("match.init.maxinteger", string.match, "abc", "a", math.maxinteger)
try("gmatch.iter.reuse", function()
  local it = string.gmatch("a1b2", "%a(%d)")
  return it(), it(), it(), it()
end)
try("gmatch.none", string.gmatch)
try("gmatch.nopattern", string.gmatch, "a")
