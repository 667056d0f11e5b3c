import CovenantModel
import LuaHost

/// A read of a field that the state does not have: almost always a typo (`route.stge`), which Lua
/// would otherwise answer with a silent `nil`. Found by `koers check`.
public struct UnknownFieldRead: Sendable, Hashable, CustomStringConvertible {
    /// `state.routes`, `target.baseline`: where in the state the table sits.
    public var table: String
    public var field: String
    /// `rules/decanen.lua:12`, the line that read it.
    public var location: String
    /// The fields the table does have.
    public var known: [String]

    /// What is wrong, without the place: `reads 'stge' from a record of `state.routes`, …`.
    public var message: String {
        "reads '\(field)' from \(Self.describe(table)), which has no such field" + Suggestion.didYouMean(field, in: known)
    }

    public var description: String { "\(location): \(message)" }

    static func describe(_ table: String) -> String {
        switch table {
        case "state", "target", "results": "`\(table)`"
        case "state.derived": "`state.derived` (what plugins derived: one entry per plugin that has derive)"
        default: table.hasPrefix("state.") || table.hasPrefix("target.") ? "a record of `\(table)`" : "`\(table)`"
        }
    }
}

/// Watches which fields scripts read from the tables Koers gives them (`state`, `target`,
/// `results`): a prelude gives every such table a metatable whose `__index` reports a read of a
/// field the table's kind does not have, with the script line that read it.
///
/// The fields a kind has are those Koers builds it with, optional ones included, so reading a
/// known field that happens to be `nil` is not reported. Reads inside Koers' own library are not
/// reported: its helpers probe fields on purpose. Only the paths a script takes on the day it is
/// run are seen.
public final class FieldReadWatch: @unchecked Sendable {
    private var reads: [UnknownFieldRead] = []
    private var known: [String: [String]] = [:]

    public init() {}

    /// Every unknown read seen, once each, in the order first seen.
    public var unknownReads: [UnknownFieldRead] { reads }

    /// Makes `sandbox` report reads of unknown fields of `globals` (by global name) to this watch;
    /// returns the prelude to run before the script.
    public func prepare(_ sandbox: LuaSandbox, globals: [String: LuaValue]) throws(LuaError) -> LuaScript {
        var schema: [String: [String]] = [:]
        for (name, value) in globals where ["state", "target", "results"].contains(name) { Self.collect(value, path: name, into: &schema) }
        for (path, fields) in schema { known[path] = fields }
        try sandbox.register("__koers_unknown_field") { [weak self] arguments in
            guard let self, arguments.count == 3, case .string(let table) = arguments[0], case .string(let field) = arguments[1],
                  case .string(let location) = arguments[2] else { return [] }
            let read = UnknownFieldRead(table: table, field: field, location: location, known: self.known[table] ?? [])
            if !self.reads.contains(read) { self.reads.append(read) }
            return []
        }
        let schemaText = schema.keys.sorted().map { path in
            "[\(Self.literal(path))] = {" + schema[path]!.map { "[\(Self.literal($0))] = true" }.joined(separator: ", ") + "}"
        }.joined(separator: ",\n")
        return LuaScript(chunkName: "koers check", source: """
            local schema = {
            \(schemaText)
            }
            local report, setmetatable, pcall, error, type, pairs, ipairs = __koers_unknown_field, setmetatable, pcall, error, type, pairs, ipairs
            local function watch(value, path)
              local fields = schema[path]
              if type(value) ~= "table" or fields == nil then return end
              if path ~= "state.derived" and path ~= "results" then
                for key, child in pairs(value) do
                  if type(key) == "string" and type(child) == "table" then
                    if type(child[1]) == "table" then
                      for _, item in ipairs(child) do watch(item, path .. "." .. key) end
                    elseif child[1] == nil then
                      watch(child, path .. "." .. key)
                    end
                  end
                end
              end
              setmetatable(value, { __index = function(_, key)
                if type(key) == "string" and not fields[key] then
                  local _, where = pcall(error, "", 3)
                  where = where:gsub(":%s*$", "")
                  if where ~= "" and not where:find("^koers/") then report(path, key, where) end
                end
              end })
            end
            watch(state, "state")
            watch(target, "target")
            watch(results, "results")
            """)
    }

    /// A Lua string literal for `text`.
    private static func literal(_ text: String) -> String {
        var out = "\""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += "\\" + String(UnicodeScalar(byte))
            case 0x20..<0x7F: out += String(UnicodeScalar(byte))
            default: out += "\\" + String(repeating: "0", count: 3 - String(byte).count) + String(byte)  // three digits: a digit after it stays apart
            }
        }
        return out + "\""
    }

    /// The field names of every table in `value`, by path; the items of a list share one path.
    private static func collect(_ value: LuaValue, path: String, into schema: inout [String: [String]]) {
        guard case .record(let fields) = value else { return }
        schema[path] = Array(Set(schema[path] ?? []).union(fields.keys)).sorted()
        guard path != "state.derived", path != "results" else { return }
        for (key, child) in fields {
            switch child {
            case .record: collect(child, path: path + "." + key, into: &schema)
            case .array(let items): for item in items { collect(item, path: path + "." + key, into: &schema) }
            default: break
            }
        }
    }
}
