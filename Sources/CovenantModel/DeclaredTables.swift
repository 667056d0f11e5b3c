/// A table a covenant declares for itself in covenant.yaml (`tables:`), for what Koers' own tables
/// do not hold: a register of samenwerkingsovereenkomsten, a PTA/OER register. Koers checks its rows
/// against the declared columns and gives them to the rules as `state.tables.<name>`.
public struct DeclaredTable: Sendable {
    /// A column's type: what a cell must hold, and what the rules receive.
    public enum ColumnType: String, CaseIterable, Sendable {
        case text, integer, decimal, date
        case schoolYear = "school-year"
        case yesNo = "yes-no"
        /// The id of a school, institution or board in `state/`.
        case party
        /// A list of such ids, separated by spaces or commas.
        case parties
        /// The id of a route in `state/routes.csv`.
        case route
        /// A list of words, separated by spaces or commas.
        case list
    }

    /// One declared column.
    public struct Column: Sendable {
        public var name: String
        public var type: ColumnType
        public var isRequired: Bool
        /// The values a cell (or each item of a list) may take; empty for any.
        public var allowedValues: [String]
        public var source: SourceLocation

        public init(name: String, type: ColumnType, isRequired: Bool, allowedValues: [String], source: SourceLocation) {
            self.name = name
            self.type = type
            self.isRequired = isRequired
            self.allowedValues = allowedValues
            self.source = source
        }
    }

    /// The name the rules use: `state.tables.<name>`.
    public var name: String
    /// Relative to the workspace: `state/<name>.csv` unless declared otherwise.
    public var file: String
    public var title: String?
    public var englishTitle: String?
    public var columns: [Column]
    /// A date column: a row is part of the state from that day on; without one, every row always is.
    public var datedBy: String?
    /// The columns that identify a row (`key: [route, signed]`): two rows with the same values in
    /// them are an error. Empty: rows need not differ.
    public var key: [String] = []
    public var source: SourceLocation

    public init(name: String, file: String, columns: [Column], datedBy: String?, source: SourceLocation) {
        self.name = name
        self.file = file
        self.columns = columns
        self.datedBy = datedBy
        self.source = source
    }
}

/// A checked cell of a declared table.
public enum DeclaredValue: Sendable, Hashable {
    case text(String)
    case integer(Int)
    case decimal(Double)
    case date(Day)
    case schoolYear(SchoolYear)
    case flag(Bool)
    case list([String])
}

/// One row of a declared table: its filled cells by column name.
public struct DeclaredRow: Sendable {
    public var values: [String: DeclaredValue]
    public var origin: String?
    public var source: SourceLocation
    /// The row's day when the table is dated (``DeclaredTable/datedBy``).
    public var date: Day?

    public init(values: [String: DeclaredValue], origin: String?, source: SourceLocation, date: Day?) {
        self.values = values
        self.origin = origin
        self.source = source
        self.date = date
    }
}

/// A declared table with its rows, in the order of its file.
public struct DeclaredTableRows: Sendable {
    public var table: DeclaredTable
    public var rows: [DeclaredRow]

    public init(table: DeclaredTable, rows: [DeclaredRow]) {
        self.table = table
        self.rows = rows
    }
}
