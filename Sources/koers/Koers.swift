import ArgumentParser
import KoersPipeline

@main
struct Koers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "koers",
        abstract: "Follows a covenant from promise to result.",
        version: KoersVersion.description,
        subcommands: [InitCommand.self, ValidateCommand.self, StatusCommand.self, ReportCommand.self, GapsCommand.self, SchoolCommand.self, BoardCommand.self, TestCommand.self, CheckCommand.self, StateCommand.self, GenerateCommand.self, RunLuaCommand.self, ServeCommand.self, UsersCommand.self, AuditCommand.self])
}
