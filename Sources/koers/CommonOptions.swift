import ArgumentParser
import CovenantModel
import Foundation
import KoersPipeline
import LuaHost
import RuleEngine
import WorkspaceLoader

/// `--workspace DIR`, which every command that reads a workspace takes.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The workspace folder.", valueName: "dir"))
    var workspace: String = "."

    var url: URL { URL(fileURLWithPath: workspace, isDirectory: true).standardizedFileURL }

    /// `path` as errors should show it: relative to the workspace when inside it.
    func displayPath(of file: URL) -> String {
        let root = url.resolvingSymlinksInPath().path
        let path = file.standardizedFileURL.resolvingSymlinksInPath().path
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : file.path
    }

    /// Stops with exit 66 when the workspace folder does not exist or is a file: one clear
    /// message instead of one "file is missing" per file Koers looked for.
    func requireFolder(language: Language) throws {
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder)
        guard !exists || !isFolder.boolValue else { return }
        let message = switch (exists, language) {
        case (true, .nl): "koers: fout: --workspace: \(workspace) is een bestand, geen map\n"
        case (false, .nl): "koers: fout: --workspace: \(workspace) bestaat niet\n"
        case (true, .en): "koers: error: --workspace: \(workspace) is a file, not a folder\n"
        case (false, .en): "koers: error: --workspace: \(workspace) does not exist\n"
        }
        StandardError.write(message + (language == .nl
            ? "  tip: geef de map met covenant.yaml en state/, of start koers in die map\n"
            : "  hint: give the folder that holds covenant.yaml and state/, or run koers inside it\n"))
        throw KoersExit.noInput
    }

    /// Where `require` looks: the workspace's `rules/` and `plugins/`, then the `koers` library.
    var moduleFolders: LuaModuleFolders { RuleRunner.moduleFolders(workspace: url) }
}

extension WorkspaceOptions {
    /// The validated workspace. On data with errors it prints the same messages as
    /// `koers validate` on standard error and exits with 65: Koers does not report on data it
    /// cannot trust.
    /// The covenant's texts are those of `language` (``Covenant/localized(to:)``).
    func loadValidated(for what: Bilingual, language: Language) throws -> Workspace {
        try requireFolder(language: language)
        let loading = ReportPipeline.load(workspace: url, language: language)
        let result = loading.result
        for diagnostic in result.diagnostics { StandardError.write(diagnostic.text(in: language) + "\n") }
        guard let workspace = loading.workspace else {
            StandardError.write(language == .nl
                ? "koers: fout: de werkmap heeft \(count(result.errorCount, "fout", "fouten")); er is geen \(what.nl) gemaakt. Los ze op (koers validate somt ze op) en probeer het opnieuw.\n"
                : "koers: error: the workspace has \(count(result.errorCount, "error")); no \(what.en) was made. Fix them (koers validate lists them) and try again.\n")
            throw result.hasUnreadableFiles ? KoersExit.noInput : KoersExit.dataError
        }
        return workspace
    }
}

/// The sandbox budgets, for every command that runs scripts.
struct LimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Count every Lua instruction and stop a script after this many per call: the same stopping point on every run and machine, but tight loops run about 2.4× slower. Without it, --time-limit stops a runaway script.",
        valueName: "count"))
    var instructionLimit: Int64?
    @Option(help: ArgumentHelp("Memory a script state may use, in MiB.", valueName: "MiB"))
    var memoryLimit: Int = LuaLimits.default.memoryBytes >> 20
    @Option(help: ArgumentHelp("Wall-clock time a script may run per call, in milliseconds.", valueName: "ms"))
    var timeLimit: Int = LuaLimits.default.milliseconds

    func validate() throws {
        guard instructionLimit.map({ $0 > 0 }) ?? true else { throw ValidationError("--instruction-limit must be a positive number of instructions") }
        guard memoryLimit > 0, memoryLimit <= 1 << 20 else { throw ValidationError("--memory-limit must be between 1 and 1048576 MiB") }
        guard timeLimit > 0 else { throw ValidationError("--time-limit must be a positive number of milliseconds") }
    }

    var limits: LuaLimits {
        LuaLimits(instructions: instructionLimit, memoryBytes: memoryLimit << 20, milliseconds: timeLimit)
    }

    /// Budget errors name the option that raises the budget.
    static let hint: @Sendable (LuaError.Kind, LuaLimits) -> String? = { kind, limits in
        switch kind {
        case .instructionLimit: "if the script is not stuck in a loop, raise --instruction-limit (now \(limits.instructions ?? 0))"
        case .timeLimit: "if the script is not stuck, raise --time-limit (now \(limits.milliseconds) ms)"
        case .memoryLimit: "if the script needs more memory, raise --memory-limit (now \(limits.memoryBytes >> 20) MiB)"
        default: nil
        }
    }
}

/// Writes to standard error.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Exit codes shared by all commands (documented in README.md).
enum KoersExit {
    /// A script or rule failed.
    static let scriptFailed = ExitCode(2)
    /// A test of `koers test` failed.
    static let testsFailed = ExitCode(1)
    /// The command line is wrong in a way only the workspace shows (sysexits EX_USAGE).
    static let usage = ExitCode(64)
    /// An input file could not be read (sysexits EX_NOINPUT).
    static let noInput = ExitCode(66)
    /// The workspace's data has errors (sysexits EX_DATAERR).
    static let dataError = ExitCode(65)
    /// A program Koers needs is not installed: Chromium for PDF (sysexits EX_UNAVAILABLE).
    static let unavailable = ExitCode(69)
    /// The portal's database cannot be used (sysexits EX_IOERR).
    static let ioError = ExitCode(74)
    /// The output cannot be written (sysexits EX_CANTCREAT).
    static let cannotWrite = ExitCode(73)
}
