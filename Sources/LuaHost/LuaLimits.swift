/// The budgets one sandbox gives each top-level call of a script.
///
/// The defaults stop a runaway script after a second; raise them for large workspaces. A value
/// of 0 switches that budget off (for measurements only).
///
/// Two ways to meter a call, because Lua 5.4 cannot count instructions cheaply (any count hook
/// stops the VM at every instruction, 2.4× in tight loops):
/// - without `instructions` (the default), scripts run at stock Lua's speed and a watchdog on
///   the thread's CPU clock checks the time and memory every 10 ms of CPU time;
/// - with `instructions`, every instruction is counted: the point where a script stops is then
///   the same on every machine and every run, at the hook's cost.
/// Scripts that finish give the same results either way.
public struct LuaLimits: Sendable, Equatable {
    /// Lua VM instructions per call, counted by a hook every `hookPeriod` instructions; `nil`
    /// for no instruction budget (the watchdog). Also charged: the steps of the pattern matcher
    /// (string.find/match/gmatch/gsub), the elements table.insert/remove/move/concat/unpack move
    /// or build, and table.sort's comparisons.
    public var instructions: Int64? = nil
    /// Bytes the state may hold. Going over it stops the script at its next budget check with its
    /// file and line; a single allocation past the cap plus one eighth fails at once.
    public var memoryBytes: Int = 256 << 20
    /// Wall-clock time per call. Always on: without an instruction budget it is what stops a
    /// runaway script.
    public var milliseconds: Int = 1_000
    /// How deeply nested a value crossing from Lua to Swift may be.
    public var maximumDepth: Int = 64
    /// Instructions between two budget checks.
    public var hookPeriod: Int32 = 1_000

    public init() {}

    public init(instructions: Int64? = nil, memoryBytes: Int? = nil, milliseconds: Int? = nil,
                maximumDepth: Int? = nil) {
        self.instructions = instructions
        if let memoryBytes { self.memoryBytes = memoryBytes }
        if let milliseconds { self.milliseconds = milliseconds }
        if let maximumDepth { self.maximumDepth = maximumDepth }
    }

    public static let `default` = LuaLimits()
}
