local t = {}
t.self = t
return t, function() end, {1, nil, 3}, string.rep("x", 10)
