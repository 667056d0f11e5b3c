import ArgumentParser
import CovenantModel
import Foundation
import LuaHost
import RuleEngine

/// `koers state`: the state as rules see it, as Lua source.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Print the state on a day as rules see it (the globals `state` and `target`), as a Lua chunk.",
        discussion: """
            The chunk returns { state = …, targets = { [id] = … }, rules = { [id] = "rules/….lua" } }: exactly the values Koers gives the \
            rule scripts on the --as-of day, without what plugins derive. Use it to look up a field \
            while writing a rule, or to run rules under another Lua (scripts/benchmark runs them under \
            Debian's lua5.4 this way).

            Exit codes: 0 written; 65 the data has errors; 73 --out cannot be written.
            """)

    @OptionGroup var workspace: WorkspaceOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var language: LanguageOption
    @Option(help: ArgumentHelp("Write the chunk to this file instead of standard output.", valueName: "file"))
    var out: String?

    func run() throws {
        // Texts in the covenant come in the chosen language, as rules would see them.
        let loaded = try workspace.loadValidated(for: Bilingual(nl: "stand", en: "state"), language: language.lang)
        let state = loaded.state(asOf: asOf.day)
        var targets: [String: LuaValue] = [:]
        for target in state.covenant.targets {
            targets[target.id] = StateView.target(target, asOf: state.asOf, waivers: state.waivers.filter { $0.target == target.id })
        }
        let rules = LuaValue.record(Dictionary(uniqueKeysWithValues: state.covenant.targets.map { ($0.id, LuaValue.string($0.rule)) }))
        let view = LuaValue.record(["state": StateView.state(state), "targets": .record(targets), "rules": rules])
        let text = "-- The state on \(state.asOf) as Koers gives it to rules (koers state).\nreturn " + view.luaLiteral() + "\n"
        guard let out else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            StandardError.write(language.lang.pick("koers: fout: kan \(out) niet schrijven: ", "koers: error: cannot write \(out): ")
                                + "\(error.localizedDescription)\n")
            throw KoersExit.cannotWrite
        }
    }
}
