// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Koers",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "koers", targets: ["koers"]),
        .library(name: "LuaHost", targets: ["LuaHost"]),
        .library(name: "CovenantModel", targets: ["CovenantModel"]),
        .library(name: "WorkspaceLoader", targets: ["WorkspaceLoader"]),
        .library(name: "KoersPipeline", targets: ["KoersPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // The portal's store: SQLite by default (GRDB.swift), PostgreSQL for a shared deployment.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Passwords hashed with bcrypt (HummingbirdBcrypt); the rest of Hummingbird serves the portal.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        // Evidence files come as multipart/form-data; Hummingbird's examples parse it with MultipartKit.
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
    ],
    targets: [
        // Lua 5.4 as the system library Debian ships (apt: liblua5.4-dev). Never vendored.
        .systemLibrary(
            name: "CLua", path: "Sources/CLua", pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"]), .brew(["lua"])]),
        // The only code that calls raising Lua API functions: sandbox, budgets, protected
        // operations and the trampoline through which Swift functions report errors.
        .target(name: "CLuaSandbox", dependencies: ["CLua"]),
        // A safe Lua 5.4 host for Swift. Knows nothing about covenants.
        .target(name: "LuaHost", dependencies: ["CLua", "CLuaSandbox", "FileAccess"]),
        // What is at a path (a file, a dangling link, a loop, a FIFO …), and reading only regular files.
        .target(name: "FileAccess"),
        // The covenant and its state as plain values: no files, no Lua, no rendering.
        .target(name: "CovenantModel"),
        // Files → validated model: covenant.yaml (Yams) and the CSV tables in state/; and the
        // fingerprint (SHA-256) of those files, the rules and the plugins for a report's provenance.
        .target(name: "WorkspaceLoader", dependencies: [
            "CovenantModel", "FileAccess", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Synthetic workspaces at Amsterdam's or the country's size, for benchmarks (koers generate).
        .target(name: "WorkspaceGenerator", dependencies: ["CovenantModel"]),
        // Rule results as plain values: statuses, counted records, contributions, findings.
        .target(name: "TargetJudgement", dependencies: ["CovenantModel"]),
        // The Lua view of the state and the rule scripts that judge each target.
        .target(name: "RuleEngine", dependencies: ["CovenantModel", "LuaHost", "TargetJudgement", .product(name: "Crypto", package: "swift-crypto")],
                resources: [.copy("Lua")]),
        // Rule results → the report model: overview, trajectories, gaps by actor, self-checks. No Lua.
        .target(name: "ReportModel", dependencies: ["CovenantModel", "TargetJudgement", "WorkspaceLoader"]),
        // Plugins in plugins/: their declarations and hooks (derive, checks, sections, formats), in
        // the rules' sandbox. Lua → report-model sections, and the report model → a Lua view for formats.
        .target(name: "PluginEngine", dependencies: ["CovenantModel", "LuaHost", "RuleEngine", "TargetJudgement", "ReportModel"]),
        // koers test: test cases for rules and plugins (fixtures, expectations), their runner and JUnit XML.
        .target(name: "RuleTesting", dependencies: [
            "CovenantModel", "LuaHost", "WorkspaceLoader", "TargetJudgement", "RuleEngine", "PluginEngine", "ReportModel",
        ]),
        // The report model → files: one Reporter per format; templates in files (Mustache). No Lua.
        .target(name: "ReportRenderers", dependencies: [
            "ReportModel", "CovenantModel", "TargetJudgement", .product(name: "Mustache", package: "swift-mustache"),
        ], resources: [.copy("Templates")]),
        // The one path from files to a report model, which every front end calls (the command
        // line, the portal): load and validate, run the plugins and rules, build the report model.
        .target(name: "KoersPipeline", dependencies: [
            "CovenantModel", "LuaHost", "CLuaSandbox", "WorkspaceLoader", "TargetJudgement", "RuleEngine", "PluginEngine", "ReportModel",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // The portal's own data (users, invitations, sessions, failed logins, the audit log) in
        // SQLite or PostgreSQL: one set of statements and migrations for both. No covenant data.
        .target(name: "PortalStore", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
        ]),
        // The account rules over the store: invitations, bcrypt passwords, rate-limited logins,
        // idle-expiring sessions, an audit line for each. Used by `koers users` and the portal.
        .target(name: "PortalAccounts", dependencies: [
            "PortalStore", "CovenantModel", .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"), .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Who may see which page of the report in the portal: one policy, from the report itself.
        .target(name: "PortalAccess", dependencies: ["PortalStore", "ReportModel", "TargetJudgement"]),
        // koers serve: the report's pages per party behind a login (Hummingbird 2). Asks the
        // pipeline for the report and the policy who may see what; computes no status itself.
        // Changing a state file one record at a time, keeping its format; writing it atomically.
        .target(name: "WorkspaceWriter", dependencies: []),
        // What parties report through the portal, from form to workspace: checks, review, approval.
        .target(name: "PortalSubmissions", dependencies: ["PortalStore", "WorkspaceLoader", "WorkspaceWriter", "FileAccess", "CovenantModel",
                                                           "KoersPipeline", "ReportModel", "TargetJudgement", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "KoersPortal", dependencies: [
            "KoersPipeline", "PortalAccess", "PortalAccounts", "PortalStore", "PortalSubmissions", "ReportRenderers", "ReportModel", "CovenantModel",
            "WorkspaceLoader", "LuaHost", .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "MultipartKit", package: "multipart-kit"),
        ]),
        .executableTarget(
            name: "koers",
            dependencies: [
                "KoersPipeline", "KoersPortal", "PortalStore", "PortalAccounts", "LuaHost", .product(name: "Hummingbird", package: "hummingbird"), "CovenantModel", "WorkspaceLoader", "TargetJudgement", "RuleEngine", "PluginEngine", "RuleTesting", "ReportModel", "ReportRenderers", "WorkspaceGenerator",
                "FileAccess",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "LuaHostTests", dependencies: ["LuaHost"]),
        .testTarget(name: "PortalStoreTests", dependencies: ["PortalStore", "PortalAccounts", "PortalSubmissions", "WorkspaceLoader", "CovenantModel", "KoersPipeline"]),
        .testTarget(name: "WorkspaceWriterTests", dependencies: ["WorkspaceWriter", "FileAccess"]),
        .testTarget(name: "KoersPortalTests", dependencies: [
            "KoersPortal", "PortalAccounts", "PortalStore", "PortalSubmissions", "CovenantModel", "WorkspaceLoader",
            .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
        .testTarget(name: "PortalAccessTests", dependencies: ["PortalAccess", "PortalStore", "KoersPipeline", "ReportModel", "ReportRenderers",
                                                              "CovenantModel", "TargetJudgement", "WorkspaceLoader"]),
        .testTarget(name: "WorkspaceTests", dependencies: ["CovenantModel", "WorkspaceLoader"], exclude: ["Workspaces"]),
        .testTarget(name: "RuleEngineTests", dependencies: ["RuleEngine", "TargetJudgement", "WorkspaceLoader", "CovenantModel", "LuaHost",
                                                            "ReportModel"]),
        .testTarget(name: "PluginTests", dependencies: ["PluginEngine", "RuleEngine", "ReportModel", "WorkspaceLoader", "CovenantModel", "LuaHost"]),
        .testTarget(name: "ReportTests", dependencies: ["ReportModel", "ReportRenderers", "CovenantModel", "TargetJudgement",
                                                        "RuleEngine", "WorkspaceLoader", "WorkspaceGenerator"]),
        .testTarget(name: "KoersCLITests", dependencies: ["koers", "KoersPipeline", "ReportModel", "ReportRenderers", "CovenantModel",
                                                          "TargetJudgement", "WorkspaceLoader", "WorkspaceGenerator"]),
    ]
)

// Fuzzing (scripts/fuzz): with KOERS_FUZZ=1 the package gains one libFuzzer target per reader,
// and Koers's own modules are built with coverage for the fuzzer and with AddressSanitizer.
// An ordinary build never sees these targets: they have no `main`, libFuzzer supplies it.
if Context.environment["KOERS_FUZZ"] == "1" {
    let instrumented: Set<String> = ["FileAccess", "CovenantModel", "WorkspaceLoader", "LuaHost"]
    for target in package.targets where instrumented.contains(target.name) {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-sanitize=fuzzer,address"])]
    }
    for target in package.targets where target.name == "CLuaSandbox" {
        target.cSettings = (target.cSettings ?? []) + [.unsafeFlags(["-fsanitize=fuzzer-no-link,address"])]
    }
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("FuzzCSV", ["WorkspaceLoader", "CovenantModel", "FuzzSupport"]),
        ("FuzzCovenantYAML", ["WorkspaceLoader", "CovenantModel", "FuzzSupport"]),
        ("FuzzLuaCrossing", ["LuaHost", "FuzzSupport"]),
    ]
    package.targets.append(.target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"))
    for (name, dependencies) in fuzzTargets {
        package.targets.append(.executableTarget(
            name: name, dependencies: dependencies, path: "Fuzz/\(name)",
            swiftSettings: [.unsafeFlags(["-parse-as-library", "-sanitize=fuzzer,address"])],
            linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])]))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
