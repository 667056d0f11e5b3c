-- route_parties: the schools and mbo institutions of a set of routes, each with what its routes
-- still lack; shared by the two route rules of this example (overeenkomsten, randvoorwaarden).
-- A module, not a rule: `local route_parties = require("route_parties")`.
local koers = require("koers")

local route_parties = {}

--- A collector of parties in the order they are met. `add(route, gaps)` for every route (gaps: a
--- list of what the route lacks, empty when nothing); `contributions(state, target)` gives each
--- party of the covenant its line: contributes when all its routes are complete, missing (with
--- what is missing) when one is not, waived with a waiver for a school.
function route_parties.new()
  local parties, order = {}, {}
  local collector = {}

  local function add_party(kind, id, route, gaps)
    local party = parties[id]
    if party == nil then
      party = { kind = kind, id = id, routes = {}, gaps = {} }
      parties[id] = party
      order[#order + 1] = party
    end
    party.routes[#party.routes + 1] = route.name
    if #gaps > 0 then party.gaps[#party.gaps + 1] = route.name .. ": " .. table.concat(gaps, ", ") end
  end

  function collector.add(route, gaps)
    for _, school in ipairs(route.schools) do add_party("school", school, route, gaps) end
    add_party("institution", route.institution, route, gaps)
  end

  function collector.contributions(state, target)
    local schools, institutions = koers.index(state.schools), koers.index(state.institutions)
    local contributions = {}
    for _, party in ipairs(order) do
      local record = party.kind == "school" and schools[party.id] or institutions[party.id]
      if record ~= nil and record.party ~= false then
        local contribution = { kind = "contributes", detail = table.concat(party.routes, ", ") }
        if party.kind == "school" and koers.waiver(target, party.id) then
          contribution = { kind = "waived" }
        elseif #party.gaps > 0 then
          contribution = { kind = "missing", detail = table.concat(party.gaps, "; ") }
        end
        contribution[party.kind] = party.id
        contributions[#contributions + 1] = contribution
      end
    end
    return contributions
  end

  return collector
end

return route_parties
