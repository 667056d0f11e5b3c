/// Why a script failed, with where (chunk and line) and how to fix it where Koers knows.
public struct LuaError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The source does not parse.
        case syntax
        /// The script raised an error, or called a library function wrongly.
        case runtime
        /// A precompiled (binary) chunk was given where only source text is allowed.
        case binaryChunk
        case instructionLimit
        case timeLimit
        case memoryLimit
        /// The error handler itself failed.
        case errorInHandler
        /// A value could not cross between Lua and Swift (cycle, function, invalid UTF-8, ...).
        case invalidValue
        /// The script file could not be read.
        case unreadable
    }

    public var kind: Kind
    /// The chunk name, e.g. `rules/decanen.lua`, when the error is located in a script.
    public var chunk: String?
    public var line: Int?
    /// What went wrong, without the `chunk:line:` prefix.
    public var message: String
    /// Lua's stack traceback, when there is one.
    public var traceback: String?
    /// How to fix it, when Koers knows (for example which option raises a budget).
    public var hint: String?

    public init(kind: Kind, chunk: String? = nil, line: Int? = nil, message: String,
                traceback: String? = nil, hint: String? = nil) {
        self.kind = kind
        self.chunk = chunk
        self.line = line
        self.message = message
        self.traceback = traceback
        self.hint = hint
    }

    /// `chunk:line: message`, then the hint.
    public var description: String {
        var location = ""
        if let chunk { location = line.map { "\(chunk):\($0): " } ?? "\(chunk): " }
        return location + message + (hint.map { "\n  hint: \($0)" } ?? "")
    }

    /// Splits Lua's `chunk:line: message` text; `knownChunks` are tried first so that chunk names
    /// containing ':' still parse.
    static func located(_ text: String, kind: Kind, knownChunks: [String]) -> LuaError {
        for chunk in knownChunks where text.hasPrefix(chunk + ":") {
            let rest = text.dropFirst(chunk.count + 1)
            let digits = rest.prefix(while: \.isNumber)
            if !digits.isEmpty, rest.dropFirst(digits.count).hasPrefix(": ") {
                return LuaError(kind: kind, chunk: chunk, line: Int(digits),
                                message: String(rest.dropFirst(digits.count + 2)))
            }
            if rest.hasPrefix(" ") { return LuaError(kind: kind, chunk: chunk, message: String(rest.dropFirst())) }
        }
        return LuaError(kind: kind, message: text)
    }
}
