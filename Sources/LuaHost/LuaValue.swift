/// A Lua value that can cross between Swift and a sandboxed script.
///
/// Integers and floats are kept apart, as in Lua 5.4. A Lua table becomes `.array` when its keys
/// are exactly 1...n, `.record` when they are all strings, and an empty table becomes `.array([])`.
/// Anything else (functions, coroutines, mixed or sparse keys, cycles) cannot cross and is refused
/// with the path of the bad value.
public enum LuaValue: Sendable, Hashable {
    case `nil`
    case boolean(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([LuaValue])
    case record([String: LuaValue])
}

extension LuaValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .nil }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: LuaValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, LuaValue)...) {
        self = .record(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}

extension LuaValue {
    /// JSON text with sorted keys, so the same value always gives the same bytes. Floats keep a
    /// fraction or exponent (`3.0`), integers never do (`3`). NaN and infinities have no JSON
    /// form and are refused with their path.
    public func jsonText(pretty: Bool = true) throws(LuaError) -> String {
        var out = ""
        try writeJSON(into: &out, path: "result", indent: pretty ? 0 : nil)
        return out
    }

    private func writeJSON(into out: inout String, path: String, indent: Int?) throws(LuaError) {
        let newline = indent.map { "\n" + String(repeating: "  ", count: $0 + 1) } ?? ""
        let closing = indent.map { "\n" + String(repeating: "  ", count: $0) } ?? ""
        let inner = indent.map { $0 + 1 }
        switch self {
        case .nil: out += "null"
        case .boolean(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let d):
            guard d.isFinite else {
                throw LuaError(kind: .invalidValue, message: "\(path) is \(d), which JSON cannot represent")
            }
            let text = String(d)  // shortest form that reads back as the same Double
            out += text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? text : text + ".0"
        case .string(let s): out += Self.jsonQuoted(s)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                out += index == 0 ? newline : "," + newline
                try item.writeJSON(into: &out, path: "\(path)[\(index + 1)]", indent: inner)
            }
            out += closing + "]"
        case .record(let fields):
            if fields.isEmpty { out += "{}"; return }
            out += "{"
            for (index, key) in fields.keys.sorted().enumerated() {
                out += index == 0 ? newline : "," + newline
                out += Self.jsonQuoted(key) + (indent == nil ? ":" : ": ")
                try fields[key]!.writeJSON(into: &out, path: LuaPath.appending(key, to: path), indent: inner)
            }
            out += closing + "}"
        }
    }

    static func jsonQuoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// Paths of values inside a result, written as a Lua programmer would: `result.items[3].school`.
enum LuaPath {
    static func appending(_ key: String, to path: String) -> String {
        let isIdentifier = key.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && key.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        return isIdentifier ? "\(path).\(key)" : "\(path)[\(LuaValue.jsonQuoted(key))]"
    }

    static func appending(_ index: Int64, to path: String) -> String { "\(path)[\(index)]" }
}
