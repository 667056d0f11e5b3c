import CovenantModel
import FileAccess
import Foundation

/// What loading a workspace gave: the validated workspace, or the problems that stop it.
public struct WorkspaceLoadResult: Sendable {
    /// `nil` when there is any error: Koers does not report on data it cannot trust.
    public let workspace: Workspace?
    /// Every problem found, errors and warnings, ordered by file and line.
    public let diagnostics: [Diagnostic]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    /// A file of the workspace is there but cannot be read (exit code 66 rather than 65).
    public var hasUnreadableFiles: Bool { diagnostics.contains(where: \.isUnreadableFile) }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
    /// How many errors and warnings were found, the unlisted ones ("and 999.900 more") included.
    public var errorCount: Int { errors.reduce(0) { $0 + $1.count } }
    public var warningCount: Int { warnings.reduce(0) { $0 + $1.count } }
}

/// Reads a workspace folder — `covenant.yaml` and the tables in `state/` — into a validated
/// ``Workspace``, reporting every problem at once with its file and line.
///
/// Stage one of Koers' flow (files → validated model). It knows nothing of Lua or reports.
public enum WorkspaceLoader {
    /// - Parameter fixture: for `koers test`: state tables (and perhaps a covenant) that replace
    ///   the workspace's own; rules are still the workspace's.
    public static func load(from folder: URL, fixture: StateFixture? = nil) -> WorkspaceLoadResult {
        let log = DiagnosticLog()
        var covenant = text(of: CovenantFile.path, in: folder, fixture: fixture, isOptional: false, log: log)
            .flatMap { CovenantFile.load($0.text, workspace: folder, log: log) }

        // Ids of rows that could not be read: references to them are not reported again.
        var unreadableIDs: Set<String> = []
        // Tables that are missing or unreadable as a whole: references into them are not checked.
        var unreadableTables: Set<String> = []
        func rows(_ spec: TableSpec) -> [Row] {
            let exists = fixture != nil || FileProbe.probe(folder.appendingPathComponent(spec.file).path) != .missing
            guard let text = text(of: spec.file, in: folder, fixture: fixture, isOptional: spec.isOptional, log: log,
                                  emptyTable: spec.columns.filter(\.isRequired).map(\.name).joined(separator: ";")),
                  let csv = CSVTable.parse(text.text, file: text.displayName, log: log),
                  let table = Table(csv, spec: spec, log: log) else {
                if exists || !spec.isOptional { unreadableTables.insert(spec.file) }
                return []
            }
            unreadableIDs.formUnion(table.rejectedIDs)
            return table.rows
        }
        func records<T>(_ spec: TableSpec, _ make: (Row) -> T?) -> [T] {
            rows(spec).compactMap { row in
                let record = make(row)
                if record == nil, let id = row.text("id") { unreadableIDs.insert(id) }
                return record
            }
        }
        let tables = StateTables.self
        var records = CrossReferences.Records(
            boards: records(tables.boards, tables.board),
            schools: records(tables.schools, tables.school),
            institutions: records(tables.institutions, tables.institution),
            colleges: records(tables.colleges, tables.college),
            routes: records(tables.routes, tables.route),
            stages: records(tables.routeStages, tables.stage),
            requirements: records(tables.routeRequirements, tables.requirement),
            cohorts: records(tables.routeCohorts, tables.cohort),
            events: records(tables.events, tables.event),
            schoolYears: records(tables.schoolYears, tables.schoolYear),
            dataSharing: records(tables.dataSharing, tables.dataSharing),
            havoMilestones: records(tables.havoMilestones, tables.havoMilestone),
            waivers: records(tables.waivers, tables.waiver),
            unreadableIDs: unreadableIDs, unreadableTables: unreadableTables)
        CrossReferences.check(&records, covenant: covenant, log: log)

        // The covenant's own tables name the parties above, so they are read after them.
        var measurements: [MeasuredValue] = []
        var declaredTables: [DeclaredTableRows] = []
        if var known = covenant {
            let parties = KnownParties(schools: Set(records.schools.map(\.id)), institutions: Set(records.institutions.map(\.id)),
                                       boards: Set(records.boards.map(\.id)), routes: Set(records.routes.map(\.id)),
                                       unreadable: records.unreadableIDs.union(unreadableIDs))
            measurements = CovenantTables.measurements(rows(CovenantTables.measurements), covenant: known, parties: parties, log: log)
            declaredTables = known.tables.map { table in
                DeclaredTableRows(table: table, rows: CovenantTables.rows(rows(CovenantTables.spec(of: table)), of: table, parties: parties))
            }
            CovenantTables.resolveBaselines(&known, measurements: measurements, log: log)
            covenant = known
        }

        let diagnostics = ordered(log.diagnostics)
        guard !log.hasErrors, let covenant else {
            return WorkspaceLoadResult(workspace: nil, diagnostics: diagnostics)
        }
        var workspace = Workspace(
            covenant: covenant, boards: records.boards, schools: records.schools, institutions: records.institutions,
            colleges: records.colleges, routes: records.routes, events: records.events,
            schoolYearReports: records.schoolYears, dataSharing: records.dataSharing,
            havoMilestones: records.havoMilestones, waivers: records.waivers)
        workspace.measurements = measurements
        workspace.declaredTables = declaredTables
        return WorkspaceLoadResult(workspace: workspace, diagnostics: diagnostics)
    }

    /// The files a workspace is made of, in the order they are read and reported.
    public static var files: [String] { [CovenantFile.path] + StateTables.all.map(\.file) + [CovenantTables.measurements.file] }

    /// A file's text and the name messages give it: from the fixture when it has the file, from
    /// the workspace otherwise. A fixture without a table gives an empty one (`emptyTable`, its header).
    /// Only `covenant.yaml`, for a front end that needs the covenant's settings (the portal's
    /// return deadline, the declared tables' names) without the state: nil when the file is
    /// missing or has errors. Indicator targets are as covenant.yaml gives them: baselines taken
    /// from the measurements, and an improvement's value, are not resolved without state/.
    public static func covenant(in folder: URL) -> Covenant? {
        let log = DiagnosticLog()
        guard let text = readText(CovenantFile.path, in: folder, isOptional: false, log: log) else { return nil }
        let covenant = CovenantFile.load(text, workspace: folder, log: log)
        return log.diagnostics.contains { $0.severity == .error } ? nil : covenant
    }

    private static func text(of file: String, in folder: URL, fixture: StateFixture?, isOptional: Bool, log: DiagnosticLog,
                             emptyTable: String? = nil) -> (text: String, displayName: String)? {
        guard let fixture else { return readText(file, in: folder, isOptional: isOptional, log: log).map { ($0, file) } }
        let name = String(file.split(separator: "/").last!.dropLast(file.hasSuffix(".csv") ? 4 : 0))
        if let inline = fixture.tables[name] {
            return (inline.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? emptyTable ?? "" : inline,
                    fixture.namesInlineTablesAsFiles ? file : "\(fixture.label) tables[\"\(name)\"]")
        }
        if let fixtureFolder = fixture.folder, FileManager.default.fileExists(atPath: fixtureFolder.appendingPathComponent(file).path) {
            let display = fixture.folderName.map { "\($0)/\(file)" } ?? file
            return readText(file, in: fixtureFolder, isOptional: isOptional, log: log).map { ($0, display) }
        }
        if let emptyTable { return (emptyTable, "\(fixture.label) (empty \(name) table)") }
        return readText(file, in: folder, isOptional: isOptional, log: log).map { ($0, file) }
    }

    private static func readText(_ file: String, in folder: URL, isOptional: Bool, log: DiagnosticLog) -> String? {
        let url = folder.appendingPathComponent(file)
        let probe = FileProbe.probe(url.path)
        if let problem = probe.bilingualProblem {
            // Even an optional table: a link to nowhere is a mistake to name, not an absent table.
            log.unreadable(SourceLocation(file: file), problem.message, hint: problem.hint)
            return nil
        }
        guard probe != .missing else {
            if !isOptional {
                log.error(SourceLocation(file: file), Bilingual(nl: "het bestand ontbreekt", en: "the file is missing"),
                          hint: Bilingual(nl: "elke werkmap heeft dit bestand; docs/workspace.md beschrijft het (start koers in de werkmap of geef --workspace mee)",
                                          en: "every workspace has this file; docs/workspace.md describes it (run koers from the workspace folder or pass --workspace)"))
            }
            return nil
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            log.unreadable(SourceLocation(file: file), Bilingual(nl: "het bestand kan niet worden gelezen", en: "the file cannot be read"),
                           hint: Bilingual(nl: "controleer of het een bestand is en of u het mag lezen", en: "check that it is a file and that you may read it"))
            return nil
        }
        return TextDecoding.decode([UInt8](data), file: file, log: log)
    }

    private static func ordered(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        let rank = Dictionary(uniqueKeysWithValues: files.enumerated().map { ($1, $0) })
        return diagnostics.enumerated().sorted { a, b in
            let (x, y) = (a.element.location, b.element.location)
            let (rx, ry) = (rank[x.file] ?? rank.count, rank[y.file] ?? rank.count)
            if rx != ry { return rx < ry }
            if x.file != y.file { return x.file < y.file }
            if x.line != y.line { return x.line < y.line }
            if (x.column ?? 0) != (y.column ?? 0) { return (x.column ?? 0) < (y.column ?? 0) }
            return a.offset < b.offset
        }.map(\.element)
    }
}

extension FileProbe {
    /// ``problem`` in Dutch and English, for the diagnostics of a workspace file.
    var bilingualProblem: (message: Bilingual, hint: Bilingual)? {
        guard let english = problem else { return nil }
        let dutch: (message: String, hint: String) = switch self {
        case .regularFile, .missing: english
        case .danglingLink(let target):
            (message: "het bestand is een link naar '\(target)', dat niet bestaat", hint: "herstel het bestand waar de link naar wijst, of vervang de link door het bestand zelf")
        case .linkLoop:
            (message: "het bestand is een link die naar zichzelf terugleidt (een kring van links)", hint: "vervang de link door het bestand zelf")
        case .directory:
            (message: "dit is een map, geen bestand", hint: "zet hier het bestand zelf neer")
        case .special:
            (message: "dit is geen bestand maar een apparaat, pipe of socket", hint: "zet hier een gewoon bestand neer, opgeslagen door Excel of een editor")
        case .inaccessible(let reason):
            (message: "het bestand kan niet worden bekeken: \(reason)", hint: "controleer of u de werkmap en dit bestand mag lezen")
        }
        return (Bilingual(nl: dutch.message, en: english.message), Bilingual(nl: dutch.hint, en: english.hint))
    }
}

/// State for a test of a rule or plugin (`koers test`): tables given inline, and a folder with
/// more of them; a table given by neither is empty. `covenant.yaml` comes from the folder when it
/// has one, from the workspace otherwise.
public struct StateFixture: Sendable {
    /// The fixture folder (with `state/*.csv`, perhaps `covenant.yaml`), or nil.
    public var folder: URL?
    /// How messages name the folder: `rules/tests/fixture`.
    public var folderName: String?
    /// CSV text by table name (`routes`, `route-stages`); empty text is an empty table.
    public var tables: [String: String]
    /// How messages name the inline tables: the test file and case.
    public var label: String
    /// Messages name an inline table by the file it stands in for (`state/events.csv:12`): the
    /// portal's check of a submission or an upload, which become that file.
    public var namesInlineTablesAsFiles: Bool

    public init(folder: URL?, folderName: String?, tables: [String: String], label: String, namesInlineTablesAsFiles: Bool = false) {
        self.folder = folder
        self.folderName = folderName
        self.tables = tables
        self.label = label
        self.namesInlineTablesAsFiles = namesInlineTablesAsFiles
    }

    /// The table names a fixture may give: `routes`, `route-stages`, ….
    public static var tableNames: [String] {
        (StateTables.all + [CovenantTables.measurements]).map { String($0.file.split(separator: "/").last!.dropLast(4)) }
    }
}

/// The columns of one state table, for documentation and tools.
public struct TableDescription: Sendable {
    /// Relative to the workspace: `state/routes.csv`.
    public let file: String
    public let requiredColumns: [String]
    public let optionalColumns: [String]
    /// Whether the workspace may leave the table out.
    public let isOptional: Bool
}

extension WorkspaceLoader {
    /// The text of a file's bytes as the loader would read them (a BOM dropped), or what is wrong
    /// with them in the programme team's words: an Excel workbook, UTF-16, Windows-1252, ….
    public static func text(of bytes: [UInt8], file: String) -> (text: String?, errors: [Diagnostic]) {
        let log = DiagnosticLog()
        let text = TextDecoding.decode(bytes, file: file, log: log)
        return (text, log.diagnostics.filter { $0.severity == .error })
    }

    /// Every state table Koers reads, in reading order.
    public static var tables: [TableDescription] {
        (StateTables.all + [CovenantTables.measurements]).map { spec in
            TableDescription(file: spec.file, requiredColumns: spec.columns.filter(\.isRequired).map(\.name),
                             optionalColumns: spec.columns.filter { !$0.isRequired }.map(\.name), isOptional: spec.isOptional)
        }
    }
}
