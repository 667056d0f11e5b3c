-- Building a list with table.insert: one step per call, not the list's length.
local t = {}
for i = 1, 1e6 do table.insert(t, i) end
print(#t)
