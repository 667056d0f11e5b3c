/// Reads the fields of a value a script returned, saying exactly what is wrong in the script
/// author's terms: `result.counted[2].label must be text, not a number`.
///
/// Paths are written as Lua would (`result.blocks[3].rows`), so the author finds the place.
public enum LuaShape {
    /// What is wrong with a returned value, and how to put it right.
    public struct Mismatch: Error, Sendable {
        public var message: String
        public var hint: String?
        public init(message: String, hint: String? = nil) {
            self.message = message
            self.hint = hint
        }
    }

    /// `nil`, `a boolean`, `a number`, `text`, `a table`: what a Lua author calls the value.
    public static func describe(_ value: LuaValue) -> String {
        switch value {
        case .nil: "nil"
        case .boolean: "a boolean"
        case .integer, .number: "a number"
        case .string: "text"
        case .array, .record: "a table"
        }
    }

    public static func text(_ value: LuaValue?, _ path: String, required: Bool = false) throws(Mismatch) -> String? {
        switch value {
        case .string(let text): return text
        case .nil, nil:
            if required { throw Mismatch(message: "\(path) is missing", hint: "set \(path) to a text value") }
            return nil
        case let other?: throw Mismatch(message: "\(path) must be text, not \(describe(other))")
        }
    }

    public static func number(_ value: LuaValue?, _ path: String, required: Bool = false) throws(Mismatch) -> Double? {
        switch value {
        case .integer(let value): return Double(value)
        case .number(let value):
            guard value.isFinite else {
                throw Mismatch(message: "\(path) is not a finite number (NaN or infinity)", hint: "check for a division by zero")
            }
            return value
        case .nil, nil:
            if required { throw Mismatch(message: "\(path) is missing", hint: "set \(path) to a number") }
            return nil
        case let other?: throw Mismatch(message: "\(path) must be a number, not \(describe(other))")
        }
    }

    /// A table with named fields (an empty table is one with none).
    public static func record(_ value: LuaValue?, _ path: String) throws(Mismatch) -> [String: LuaValue] {
        switch value {
        case .record(let record): return record
        case .array(let items) where items.isEmpty: return [:]
        case let other: throw Mismatch(message: "\(path) must be a table with named fields, not \(other.map(describe) ?? "nil")")
        }
    }

    /// A list (nil is an empty one), each item read by `item` with its path.
    public static func list<T>(_ value: LuaValue?, _ path: String,
                               _ item: (LuaValue, String) throws(Mismatch) -> T) throws(Mismatch) -> [T] {
        switch value {
        case .nil, nil: return []
        case .array(let items):
            var out: [T] = []
            for (index, element) in items.enumerated() { out.append(try item(element, "\(path)[\(index + 1)]")) }
            return out
        case let other?: throw Mismatch(message: "\(path) must be a list, not \(describe(other))")
        }
    }
}
