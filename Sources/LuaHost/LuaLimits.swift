/// The budgets one sandbox gives each top-level call of a script.
///
/// The defaults stop a runaway script within about a second on a 2-core machine; raise them for
/// large workspaces. A value of 0 switches that budget off (for measurements only).
public struct LuaLimits: Sendable, Equatable {
    /// Lua VM instructions per call, counted by a hook every `hookPeriod` instructions. Also
    /// charged: the steps of the pattern matcher (string.find/match/gmatch/gsub), the elements
    /// table.insert/remove/move/concat/unpack move or build, and table.sort's comparisons.
    public var instructions: Int64 = 100_000_000
    /// Bytes the state may hold. Going over it stops the script at its next budget check with its
    /// file and line; a single allocation past the cap plus one eighth fails at once.
    public var memoryBytes: Int = 256 << 20
    /// Wall-clock time per call.
    public var milliseconds: Int = 1_000
    /// How deeply nested a value crossing from Lua to Swift may be.
    public var maximumDepth: Int = 64
    /// Instructions between two budget checks.
    public var hookPeriod: Int32 = 1_000

    public init() {}

    public init(instructions: Int64? = nil, memoryBytes: Int? = nil, milliseconds: Int? = nil,
                maximumDepth: Int? = nil) {
        if let instructions { self.instructions = instructions }
        if let memoryBytes { self.memoryBytes = memoryBytes }
        if let milliseconds { self.milliseconds = milliseconds }
        if let maximumDepth { self.maximumDepth = maximumDepth }
    }

    public static let `default` = LuaLimits()
}
