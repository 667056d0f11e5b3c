import ArgumentParser
import CovenantModel
import Foundation
import WorkspaceGenerator

/// `koers generate`: a synthetic workspace for measuring Koers at Amsterdam's or the country's size.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Writes a synthetic workspace (invented state, the default covenant's rules and plugins) for benchmarks.",
        discussion: """
            The covenant.yaml, rules/ and plugins/ come from --workspace (default: the current folder, \
            the default workspace); state/ is invented, every record marked 'voorbeeld'. The same \
            --scale, --factor and --seed give the same bytes. national: about 1,500 vo schools, 70 mbo \
            institutions, 12,000 routes and 250,000 events over five school years.
            """)

    enum ScaleName: String, ExpressibleByArgument, CaseIterable {
        case amsterdam, national
        var scale: SyntheticWorkspace.Scale { self == .amsterdam ? .amsterdam : .national }
    }

    @Option(help: ArgumentHelp("amsterdam or national.", valueName: "scale"))
    var scale: ScaleName
    @Option(help: ArgumentHelp("Multiplies every count of the scale (0.1 is a tenth of it).", valueName: "factor"))
    var factor: Double = 1
    @Option(help: ArgumentHelp("The seed of the generator.", valueName: "number"))
    var seed: UInt64 = 1
    @Option(help: ArgumentHelp("The folder to write; it must not exist yet, or be empty.", valueName: "dir"))
    var out: String
    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var language: LanguageOption

    func validate() throws {
        guard factor > 0, factor <= 100 else {
            throw ValidationError(language.lang.pick("--factor moet groter zijn dan 0 en ten hoogste 100", "--factor must be more than 0 and at most 100"))
        }
    }

    func run() throws {
        let source = workspace.url
        let destination = URL(fileURLWithPath: out, isDirectory: true).standardizedFileURL
        let covenantFile = source.appendingPathComponent("covenant.yaml")
        guard let covenant = try? String(contentsOf: covenantFile, encoding: .utf8) else {
            StandardError.write(language.lang.pick(
                "koers: fout: kan \(covenantFile.path) niet lezen: de synthetische werkmap neemt haar doelen daaruit over\n  tip: start in de standaardwerkmap, of geef --workspace MAP\n",
                "koers: error: cannot read \(covenantFile.path): the synthetic workspace takes its targets from it\n  hint: run in the default workspace, or pass --workspace DIR\n"))
            throw KoersExit.noInput
        }
        let generator = SyntheticWorkspace(scale: scale.scale.scaled(by: factor), seed: seed)
        var files: [String: Data] = ["covenant.yaml": Data(generator.covenant(from: covenant).utf8)]
        for (name, text) in generator.stateFiles() { files["state/" + name] = Data(text.utf8) }
        for folder in ["rules", "plugins"] {
            let url = source.appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] where name.hasSuffix(".lua") {
                guard let data = FileManager.default.contents(atPath: url.appendingPathComponent(name).path) else { continue }
                files[folder + "/" + name] = data
            }
        }
        if let failure = Self.writeAtOnce(files, to: destination, naming: "--out") {
            StandardError.write(language.lang.pick("koers: fout: ", "koers: error: ") + "\(failure.description)\n")
            throw KoersExit.cannotWrite
        }
        let counts = generator.scale
        print(language.lang.pick(
            "koers: synthetische werkmap geschreven naar \(out): \(counts.schools) scholen, \(counts.institutions) instellingen, \(counts.routes) routes, \(counts.events) activiteiten (seed \(seed))",
            "koers: synthetic workspace written to \(out): \(counts.schools) schools, \(counts.institutions) institutions, \(counts.routes) routes, \(counts.events) events (seed \(seed))"))
    }

    /// Writes every file into a hidden folder next to `destination`, then renames it into place,
    /// so a crash leaves no half workspace behind.
    /// `naming` is how messages name the folder's option or argument (`--out`, `DIR`).
    static func writeAtOnce(_ files: [String: Data], to destination: URL, naming: String) -> OutputFolder.Failure? {
        let manager = FileManager.default
        if let existing = try? manager.contentsOfDirectory(atPath: destination.path) {
            guard existing.isEmpty else {
                return OutputFolder.Failure(description: "\(destination.path) is not empty; choose a new folder for \(naming), or delete it first")
            }
            try? manager.removeItem(at: destination)
        }
        let parent = destination.deletingLastPathComponent()
        guard manager.fileExists(atPath: parent.path) else {
            return OutputFolder.Failure(description: "the folder \(parent.path) does not exist; create it first, or choose another \(naming)")
        }
        let staging = parent.appendingPathComponent(".koers-new-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? manager.removeItem(at: staging) }
        do {
            for (path, data) in files.sorted(by: { $0.key < $1.key }) {
                let file = staging.appendingPathComponent(path)
                try manager.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: file)
            }
            try manager.moveItem(at: staging, to: destination)
            return nil
        } catch {
            return OutputFolder.Failure(description: "cannot write \(destination.path): \(error.localizedDescription)")
        }
    }
}
