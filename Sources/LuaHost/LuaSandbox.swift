import CLua
import CLuaSandbox
import FileAccess
import Foundation

/// One sandboxed Lua 5.4 state: runs scripts under an instruction budget, a time limit and a
/// memory cap, each script in its own environment.
///
/// ## Why no Lua error unwinds through a Swift frame
/// Lua raises errors with `longjmp` to the nearest protected call. This type, and everything else
/// in LuaHost, calls only Lua API functions that never raise (the manual's `-` tag: `lua_type`,
/// `lua_toboolean`, `lua_tointegerx`, `lua_rawlen`, `lua_next`, `lua_settop`, ...), and reads
/// strings only from values that already are strings. Every operation that can raise — allocating,
/// setting fields, loading, calling — is a function of the C target `CLuaSandbox`, which starts its
/// own protected call and returns a status. Swift functions called from Lua are entered through a
/// C trampoline: the Swift closure returns normally (results pushed through protected calls, or an
/// error message), and only after its frame is gone does the trampoline call `lua_error`. Hooks,
/// the allocator and the message handler are C functions too. So the only frames between a raise
/// and its `lua_pcall` are C frames.
///
/// A `LuaSandbox` is not thread-safe; give each thread or task its own.
public final class LuaSandbox {
    /// The budgets of every call.
    public let limits: LuaLimits
    /// Advice added to budget errors, e.g. which command-line option raises the budget.
    public var limitHint: @Sendable (LuaError.Kind, LuaLimits) -> String? = LuaSandbox.defaultLimitHint

    let L: OpaquePointer
    private let accounting: UnsafeMutablePointer<ks_sandbox>
    private let outputSink: OutputSink
    private var hostFunctions: [HostFunction] = []
    private var knownChunks: [String] = []
    /// What the state held after its last full collection: libraries, compiled chunks.
    private var memoryAfterCollection = 0

    /// Creates a state with the safe libraries only. `modules` names the folders `require` may read.
    public init(limits: LuaLimits = .default, modules: LuaModuleFolders? = nil,
                output: @escaping (LuaOutputLine) -> Void = { _ in }) throws(LuaError) {
        self.limits = limits
        accounting = .allocate(capacity: 1)
        accounting.initialize(to: ks_sandbox())
        accounting.pointee.memory_limit = limits.memoryBytes > 0 ? limits.memoryBytes : 0
        accounting.pointee.instruction_limit = limits.instructions ?? 0
        accounting.pointee.time_limit_ns = Int64(limits.milliseconds) * 1_000_000
        accounting.pointee.hook_period = limits.hookPeriod
        outputSink = OutputSink(output)
        accounting.pointee.output = { context, isWarning, text, length in
            let sink = Unmanaged<OutputSink>.fromOpaque(context!).takeUnretainedValue()
            let bytes = UnsafeRawBufferPointer(start: text, count: length)
            sink.deliver(LuaOutputLine(bytes: Array(bytes), isWarning: isWarning != 0))
        }
        accounting.pointee.output_context = Unmanaged.passUnretained(outputSink).toOpaque()
        guard let state = ks_newstate(accounting) else {
            accounting.deallocate()
            throw LuaError(kind: .memoryLimit, message: "cannot create a Lua state: out of memory")
        }
        L = state
        guard ks_open_sandbox(L) == LUA_OK else {
            let error = LuaError(kind: .memoryLimit, message: "cannot open the Lua libraries within the memory cap")
            lua_close(L)
            accounting.deallocate()
            throw error
        }
        if let modules { try installModuleReader(modules) }
    }

    deinit {
        lua_close(L)  // frees through the counting allocator, so the accounting goes last
        accounting.deallocate()
    }

    /// Bytes the state holds now, and the most it held.
    public var memoryUsed: Int { accounting.pointee.memory_used }
    public var memoryPeak: Int { accounting.pointee.memory_peak }
    /// Instructions the last call used (counted in steps of the hook period).
    public var instructionsUsed: Int64 { accounting.pointee.instructions_used }

    /// Makes `body` callable from every script as the global `name`. It receives the arguments
    /// converted to `LuaValue`s; a thrown error becomes a Lua error (catchable with `pcall`)
    /// whose message starts with `name: `.
    public func register(_ name: String, _ body: @escaping ([LuaValue]) throws -> [LuaValue]) throws(LuaError) {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try pushHostFunction(name: name, body: body)
        ks_push_base_environment(L)
        lua_rotate(L, -2, 1)
        try check(name.withCString { ks_setfield(L, -2, $0) }, chunk: nil)
    }

    /// Runs `script` in a fresh environment with `globals` added to it, and returns what the
    /// chunk returned. Nothing the script changes is seen by the next one. A `prelude` runs first
    /// in the same environment (a tool's set-up, such as `koers check`'s watch on field reads).
    public func run(_ script: LuaScript, globals: [String: LuaValue] = [:], prelude: LuaScript? = nil) throws(LuaError) -> [LuaValue] {
        try run(script, encodedGlobals: [LuaTape.globals(globals)], prelude: prelude)
    }

    /// Runs `script` with its globals already flattened into tapes, run in order with the
    /// script's environment as the table below what they push (``LuaTape/globals(_:)`` sets
    /// fields; a tape may push a value that a later one stores). A host that gives the same large
    /// value to many scripts encodes it once. The sandbox may be reused for any number of runs:
    /// each starts from a fresh environment; what a run leaves is garbage for the collector.
    /// With `resultFields`, a table the script returns is read as a record of only those fields:
    /// a host that needs one number from a large result does not copy the rest out of Lua.
    public func run(_ script: LuaScript, encodedGlobals: [LuaTape], prelude: LuaScript? = nil,
                    resultFields: Set<String>? = nil) throws(LuaError) -> [LuaValue] {
        let top = lua_gettop(L)
        defer {
            lua_settop(L, top)
            // What the run built is garbage now. A large state copy is freed at once, so the
            // next run does not pile its copy on top of this one's.
            if memoryUsed > 2 * memoryAfterCollection + (8 << 20) {
                ks_collect(L)
                memoryAfterCollection = memoryUsed
            }
        }
        guard lua_checkstack(L, 32) != 0 else {
            throw LuaError(kind: .memoryLimit, chunk: script.chunkName, message: "Lua stack exhausted")
        }
        // The environment, the values the host gives the script and the compiled chunks are the
        // host's memory, not the script's: the cap applies from the call on (ks_begin_call), to
        // what the script adds. (Counted before the call, they met the cap with the base of the
        // previous call: a state shared since then that was larger than the cap failed every
        // script before its first line.)
        accounting.pointee.host_allocating = 1
        defer { accounting.pointee.host_allocating = 0 }
        try check(ks_new_environment(L), chunk: script.chunkName)
        let environment = lua_gettop(L)
        lua_pushvalue(L, environment)
        for tape in encodedGlobals {
            try check(tape.push(onto: L, arguments: lua_gettop(L) - environment), chunk: script.chunkName)
        }
        guard lua_gettop(L) == environment + 1 else {
            throw LuaError(kind: .invalidValue, chunk: script.chunkName, message: "internal error: the globals' tapes left values behind")
        }
        lua_settop(L, environment)
        if let prelude {
            try load(prelude, environment: environment)
            let status = call(results: 0)
            try check(status, chunk: prelude.chunkName)
        }
        try load(script, environment: environment)
        let status = call(results: LUA_MULTRET)
        try check(status, chunk: script.chunkName)
        var reader = LuaValueReader(L: L, maximumDepth: limits.maximumDepth)
        var results: [LuaValue] = []
        let count = lua_gettop(L) - environment
        for offset in 0..<count {
            let path = count == 1 ? "result" : "result #\(offset + 1)"
            do throws(LuaError) {
                results.append(try reader.read(at: environment + 1 + offset, path: path, fields: resultFields))
            } catch {
                var located = error
                located.chunk = script.chunkName
                throw located
            }
        }
        return results
    }

    /// Calls the loaded chunk on top under the budgets, which count what it allocates.
    private func call(results: Int32) -> Int32 {
        accounting.pointee.host_allocating = 0
        ks_begin_call(L, accounting)
        let status = ks_pcall(L, 0, results)
        ks_end_call(L, accounting)
        accounting.pointee.host_allocating = 1
        return status
    }

    /// Builds the values `tape` pushes (one value) once, read-only, for the scripts this sandbox
    /// runs next: a tape given to ``run(_:encodedGlobals:prelude:resultFields:)`` names it with
    /// ``LuaTape/push(_:)-(LuaSharedValue)``. Every table in it becomes a read-only view, so no
    /// script can change what the next one sees; writing to one is a Lua error with the line.
    /// Use this when many scripts read the same large value: it is built once instead of once
    /// per script.
    public func share(_ tape: LuaTape) throws(LuaError) -> LuaSharedValue {
        try share([tape])
    }

    /// The same for a value written by several tapes, run in order: each is handed what the
    /// ones before it left (as ``run(_:encodedGlobals:prelude:resultFields:)`` does), and together they must
    /// leave one value.
    public func share(_ tapes: [LuaTape]) throws(LuaError) -> LuaSharedValue {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        // A shared value the host let go of is garbage now: free it before building the next.
        if memoryUsed > 2 * memoryAfterCollection + (8 << 20) {
            ks_collect(L)
            memoryAfterCollection = memoryUsed
        }
        guard lua_checkstack(L, 8) != 0 else { throw LuaError(kind: .memoryLimit, message: "Lua stack exhausted") }
        accounting.pointee.host_allocating = 1
        ks_pause_collector(L, 1)
        defer {
            ks_pause_collector(L, 0)
            accounting.pointee.host_allocating = 0
        }
        var pushed: Int32 = 0
        for tape in tapes {
            try check(tape.push(onto: L, arguments: pushed, pushed: &pushed), chunk: nil)
        }
        guard pushed == 1 else {
            throw LuaError(kind: .invalidValue, message: "internal error: a shared value's tape pushed \(pushed) values, not one")
        }
        var reference: Int32 = 0
        try check(ks_share(L, &reference), chunk: nil)
        // The shared value is the host's: count it as what the state holds after a collection,
        // so that building it does not make every later run collect.
        memoryAfterCollection = max(memoryAfterCollection, memoryUsed)
        return LuaSharedValue(sandbox: self, reference: reference)
    }

    fileprivate func unshare(_ reference: Int32) { ks_unshare(L, reference) }

    /// Checks `script` for syntax errors without running it.
    public func compile(_ script: LuaScript) throws(LuaError) {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        try check(ks_new_environment(L), chunk: script.chunkName)
        try load(script, environment: lua_gettop(L))
    }

    // MARK: - Internals

    /// Loads `script` as text with `environment` (a stack index) as its `_ENV`; leaves the chunk on the stack.
    private func load(_ script: LuaScript, environment: Int32) throws(LuaError) {
        remember(script.chunkName)
        let loaded = script.source.withUnsafeBufferPointer { buffer in
            ("@" + script.chunkName).withCString { name in
                buffer.withMemoryRebound(to: CChar.self) {
                    ks_load_text_cached(L, $0.baseAddress, $0.count, name, environment)
                }
            }
        }
        try check(loaded, chunk: script.chunkName)
    }

    /// Pushes a value through one protected call.
    func push(_ value: LuaValue) throws(LuaError) {
        var tape = LuaTape()
        tape.append(value)
        try check(tape.push(onto: L), chunk: nil)
    }

    private func remember(_ chunk: String) {
        if !knownChunks.contains(chunk) {
            knownChunks.append(chunk)
            knownChunks.sort { $0.count > $1.count }  // longest first: "a/b.lua" before "a"
        }
    }

    private func pushHostFunction(name: String, body: @escaping ([LuaValue]) throws -> [LuaValue]) throws(LuaError) {
        let function = HostFunction(name: name, maximumDepth: limits.maximumDepth, body: body)
        hostFunctions.append(function)  // kept alive until lua_close
        let status = ks_push_host_function(L, { state, context in
            Unmanaged<HostFunction>.fromOpaque(context!).takeUnretainedValue().invoke(state!)
        }, Unmanaged.passUnretained(function).toOpaque())
        try check(status, chunk: nil)
    }

    private func installModuleReader(_ modules: LuaModuleFolders) throws(LuaError) {
        let top = lua_gettop(L)
        defer { lua_settop(L, top) }
        // Module files are read once per sandbox: a sandbox reused for every rule on every day
        // would otherwise read koers.lua from disk for each run.
        var sources: [String: Result<LuaScript, LuaModuleFolders.Failure>] = [:]
        try pushHostFunction(name: "require") { [weak self] arguments in
            guard case .string(let name)? = arguments.first else { return [.nil, "require: module name expected"] }
            let source = sources[name] ?? modules.source(of: name)
            sources[name] = source
            switch source {
            case .success(let script):
                self?.remember(script.chunkName)
                guard let text = String(validating: script.source, as: UTF8.self) else {
                    return [.nil, .string("require: \(script.chunkName) is not UTF-8 text")]
                }
                return [.string(text), .string("@" + script.chunkName)]
            case .failure(let message):
                return [.nil, .string(message.description)]
            }
        }
        try check(ks_set_module_reader(L), chunk: nil)
        try check(ks_set_module_path(L, modules.searchPath), chunk: nil)
    }

    /// Turns a failed status into a LuaError; the error value is on top of the stack.
    private func check(_ status: Int32, chunk: String?) throws(LuaError) {
        guard status != LUA_OK else { return }
        var text = "(no error message)"
        if lua_type(L, -1) == LUA_TSTRING {
            var length = 0
            let bytes = UnsafeRawBufferPointer(start: lua_tolstring(L, -1, &length), count: length)
            text = String(decoding: bytes, as: UTF8.self)
        }
        var traceback: String?
        if let range = text.range(of: "\nstack traceback:\n") {
            traceback = String(text[range.lowerBound...].dropFirst())
            text = String(text[..<range.lowerBound])
        }
        var kind: LuaError.Kind
        switch status {
        case LUA_ERRSYNTAX:
            kind = text.contains("attempt to load a binary chunk") ? .binaryChunk : .syntax
        case LUA_ERRMEM: kind = .memoryLimit
        case LUA_ERRERR: kind = .errorInHandler
        default:
            switch accounting.pointee.limit_hit {
            case Int32(KS_LIMIT_INSTRUCTIONS): kind = .instructionLimit
            case Int32(KS_LIMIT_TIME): kind = .timeLimit
            case Int32(KS_LIMIT_MEMORY): kind = .memoryLimit
            default: kind = .runtime
            }
        }
        var error = LuaError.located(text, kind: kind, knownChunks: knownChunks)
        error.traceback = traceback
        if error.chunk == nil { error.chunk = chunk }
        switch kind {
        case .binaryChunk:
            error.message = "this is a precompiled (binary) Lua chunk; Koers runs only Lua source text"
        case .memoryLimit where status == LUA_ERRMEM:
            error.message = "memory cap exceeded (\(limits.memoryBytes >> 20) MiB): not enough memory"
        default: break
        }
        if [.instructionLimit, .timeLimit, .memoryLimit].contains(kind) { error.hint = limitHint(kind, limits) }
        throw error
    }

    public static let defaultLimitHint: @Sendable (LuaError.Kind, LuaLimits) -> String? = { kind, limits in
        switch kind {
        case .instructionLimit:
            "if the script is not stuck in a loop, raise LuaLimits.instructions (now \(limits.instructions ?? 0))"
        case .timeLimit:
            "if the script is not stuck, raise LuaLimits.milliseconds (now \(limits.milliseconds))"
        case .memoryLimit:
            "if the script needs more memory, raise LuaLimits.memoryBytes (now \(limits.memoryBytes >> 20) MiB)"
        default: nil
        }
    }
}

/// A value built once in a sandbox (``LuaSandbox/share(_:)``) and given read-only to many of the
/// scripts it runs. Valid only in that sandbox; it is let go when this object is.
public final class LuaSharedValue {
    let sandbox: LuaSandbox
    let reference: Int32

    fileprivate init(sandbox: LuaSandbox, reference: Int32) {
        self.sandbox = sandbox
        self.reference = reference
    }

    deinit { sandbox.unshare(reference) }
}

/// A line a script printed (`print`) or warned (`warn`).
public struct LuaOutputLine: Sendable, Equatable {
    /// The line as text (bytes that are not UTF-8 shown as U+FFFD).
    public var text: String
    /// The line as the script wrote it: Lua strings are bytes.
    public var bytes: [UInt8]
    public var isWarning: Bool
    public init(bytes: [UInt8], isWarning: Bool) {
        self.bytes = bytes
        self.text = String(decoding: bytes, as: UTF8.self)
        self.isWarning = isWarning
    }
    public init(text: String, isWarning: Bool) {
        self.bytes = Array(text.utf8)
        self.text = text
        self.isWarning = isWarning
    }
}

/// Source text and the name errors show for it (a path relative to the workspace).
public struct LuaScript: Sendable, Equatable {
    public var chunkName: String
    public var source: [UInt8]

    public init(chunkName: String, source: String) {
        self.chunkName = chunkName
        self.source = Array(source.utf8)
    }

    public init(chunkName: String, bytes: [UInt8]) {
        self.chunkName = chunkName
        self.source = bytes
    }

    /// Reads a script file; `chunkName` is how errors will name it.
    public static func file(at url: URL, chunkName: String) throws(LuaError) -> LuaScript {
        do {
            guard let bytes = try RegularFile.read(url.path) else {
                throw LuaError(kind: .unreadable, chunk: chunkName, message: "cannot read the script: it does not exist",
                               hint: "check the path; it is read relative to the current directory")
            }
            return LuaScript(chunkName: chunkName, bytes: bytes)
        } catch let refusal as RegularFile.Refusal {
            // A FIFO or device is refused before it is opened (reading it would hang or never end).
            throw LuaError(kind: .unreadable, chunk: chunkName, message: "cannot read the script: \(refusal.message)", hint: refusal.hint)
        } catch let error as LuaError {
            throw error
        } catch {
            throw LuaError(kind: .unreadable, chunk: chunkName, message: "cannot read the script: \(error)", hint: nil)
        }
    }
}

final class OutputSink {
    let deliver: (LuaOutputLine) -> Void
    init(_ deliver: @escaping (LuaOutputLine) -> Void) { self.deliver = deliver }
}

/// A Swift closure callable from Lua, entered through the C trampoline.
final class HostFunction {
    let name: String
    let maximumDepth: Int
    let body: ([LuaValue]) throws -> [LuaValue]

    init(name: String, maximumDepth: Int, body: @escaping ([LuaValue]) throws -> [LuaValue]) {
        self.name = name
        self.maximumDepth = maximumDepth
        self.body = body
    }

    /// Returns the number of results, or KS_RAISE with an error message on the stack.
    func invoke(_ L: OpaquePointer) -> Int32 {
        let count = lua_gettop(L)
        var message: String
        do {
            var reader = LuaValueReader(L: L, maximumDepth: maximumDepth)
            var arguments: [LuaValue] = []
            arguments.reserveCapacity(Int(count))
            for index in stride(from: Int32(1), through: count, by: 1) {
                arguments.append(try reader.read(at: index, path: "argument #\(index)"))
            }
            let results = try body(arguments)
            var tape = LuaTape()
            for result in results { tape.append(result) }
            lua_settop(L, 0)
            var pushed: Int32 = 0
            if tape.push(onto: L, pushed: &pushed) != LUA_OK { return KS_RAISE }  // error value on top
            return pushed
        } catch let error as LuaError {
            message = error.message
        } catch {
            message = "\(error)"
        }
        let text = "\(name): \(message)"
        _ = text.withCString { ks_pushstring(L, $0, strlen($0)) }  // on failure: "not enough memory"
        return KS_RAISE
    }
}

/// An error a host function throws to report a problem to the calling script.
public struct LuaHostFunctionError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
